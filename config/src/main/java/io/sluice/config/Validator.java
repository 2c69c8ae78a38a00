package io.sluice.config;

import java.util.List;

import io.sluice.config.model.Config;
import io.sluice.config.model.Mode;
import io.sluice.config.model.Proxy;
import io.sluice.config.model.SwitchingRule;
import io.sluice.config.model.Timeouts;

/**
 * The cross-proxy checks HAProxy runs once every file is parsed ({@code check_config_validity}):
 * backend references, modes, missing timeouts, frontends without {@code bind}. Runs on the parsing
 * thread, only when parsing raised no alert.
 */
final class Validator {
    private final Config config;
    private final List<ProxyDraft> drafts;
    private final Diagnostics diags;
    private final GlobalDraft global;

    Validator(Config config, GlobalDraft global, List<ProxyDraft> drafts, Diagnostics diags) {
        this.config = config;
        this.global = global;
        this.drafts = drafts;
        this.diags = diags;
    }

    void run() {
        GlobalDraft g = global;
        if (g.nbthread > 0 && g.threadGroups > g.nbthread) {
            diags.alert(g.nbthreadFile, g.nbthreadLine, "'thread-groups' (" + g.threadGroups
                    + ") cannot be greater than 'nbthread' (" + g.nbthread + ").");
        } else if (g.nbthread > 64 * g.threadGroups) {
            diags.alert(g.nbthreadFile, g.nbthreadLine, "'nbthread' (" + g.nbthread + ") needs more than "
                    + g.threadGroups + " thread group(s) of at most 64 threads: raise 'thread-groups'.");
        }
        for (int i = 0; i < config.proxies().size(); i++) {
            Proxy p = config.proxies().get(i);
            ProxyDraft d = drafts.get(i);
            if (p.kind().hasFrontend()) {
                if (p.defaultBackend() != null) {
                    target(p, p.defaultBackend(), "default_backend", d.defaultBackendFile, p.defaultBackendLine());
                }
                for (SwitchingRule r : p.switchingRules()) {
                    if (!r.backend().contains("%[")) {
                        target(p, r.backend(), "use_backend", r.file(), r.line());
                    }
                }
                if (p.binds().isEmpty()) {
                    diags.warning("Proxy '" + p.name() + "' has no 'bind' directive. Please declare it as a backend"
                            + " if this was intended.");
                }
            }
            timeouts(p);
            if (p.mode() == Mode.TCP && p.option("httplog")) {
                diags.warning("'option httplog' not usable with " + p.kind().word() + " '" + p.name()
                        + "' (needs 'mode http'). Falling back to 'option tcplog'.");
            }
            if (p.mode() == Mode.TCP && !(p.httpRequestRules().isEmpty() && p.httpResponseRules().isEmpty()
                    && p.redirects().isEmpty())) {
                diags.warning("'http-request', 'http-response' and 'redirect' rules ignored for " + p.kind().word()
                        + " '" + p.name() + "' as they require HTTP mode.");
            }
        }
    }

    private void target(Proxy p, String name, String rule, String file, int line) {
        Proxy be = config.backend(name);
        String where = file == null ? null : file;
        if (be == null) {
            alert(where, line, "Proxy '" + p.name() + "': unable to find required " + rule + ": '" + name + "'.");
        } else if (be == p) {
            alert(where, line, "Proxy '" + p.name() + "': loop detected for " + rule + ": '" + name + "'.");
        } else if (be.mode() != p.mode()) {
            alert(where, line, mode(p.mode()) + " " + p.kind().word() + " '" + p.name() + "' (" + p.file() + ":"
                    + p.line() + ") tries to use incompatible " + mode(be.mode()) + " " + be.kind().word() + " '"
                    + be.name() + "' (" + be.file() + ":" + be.line() + ") in a '" + rule + "' rule (see 'mode').");
        }
    }

    private void alert(String file, int line, String message) {
        if (file == null) {
            diags.alert(message);
        } else {
            diags.alert(file, line, message);
        }
    }

    private static String mode(Mode m) {
        return m == Mode.HTTP ? "http" : "tcp";
    }

    private static boolean unset(long t) {
        return t == Timeouts.UNSET || t == 0;
    }

    private void timeouts(Proxy p) {
        Timeouts t = p.timeouts();
        boolean fe = p.kind().hasFrontend() && unset(t.client());
        boolean be = p.kind().hasBackend() && !p.servers().isEmpty()
                && (unset(t.connect()) || (unset(t.server()) && (p.mode() == Mode.HTTP || unset(t.tunnel()))));
        if (fe || be) {
            diags.warning("missing timeouts for " + p.kind().word() + " '" + p.name() + "'.\n"
                    + "   | While not properly invalid, you will certainly encounter various problems\n"
                    + "   | with such a configuration. To fix this, please ensure that all following\n"
                    + "   | timeouts are set to a non-zero value: 'client', 'connect', 'server'.");
        }
    }
}
