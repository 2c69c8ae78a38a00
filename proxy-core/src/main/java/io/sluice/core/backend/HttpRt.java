package io.sluice.core.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.sluice.config.model.HttpRule;
import io.sluice.config.model.Proxy;
import io.sluice.config.model.RedirectRule;
import io.sluice.config.model.SwitchingRule;
import io.sluice.config.model.Timeouts;
import io.sluice.core.h1.ConnectionPolicy;
import io.sluice.core.h1.ErrorFile;
import io.sluice.core.h1.PreparedReply;
import io.sluice.core.http.AclCompiler;
import io.sluice.core.http.CompiledCondition;
import io.sluice.core.http.CompiledRedirect;
import io.sluice.core.http.HeaderAction;
import io.sluice.core.http.HttpRuleCompiler;

/**
 * The mode http part of a frontend: its compiled {@code http-request} rules, {@code redirect} lines,
 * {@code http-response} header rules, switching rules, connection mode and HTTP timeouts. Built on main at start
 * (CFG steps below); immutable and shared by every loop thread afterwards.
 *
 * <p>CFG-1: every keyword without a runtime is refused here with "not supported yet" (never parsed and ignored).
 * CFG-2: request rules keep their order; the first terminal one (return, deny, redirect) ends evaluation.
 * CFG-3: {@code errorfile} pages are loaded and validated at start (file:line diagnostics); the backend's page for a
 * status wins over the frontend's once the backend is chosen, as HAProxy's {@code http_error_message()}.
 * CFG-4: a refusal names the offending keyword's own file:line (found in the proxy's section of its file, else in the
 * defaults section it inherits from), not the section's header line.
 */
public final class HttpRt {
    /** A request rule's kind: header action. */
    public static final int R_HEADER = 0;
    /** A request rule's kind: a prepared reply (return, deny). */
    public static final int R_REPLY = 1;
    /** A request rule's kind: a redirect. */
    public static final int R_REDIRECT = 2;
    /** A request rule's kind: allow (stops evaluation, no effect). */
    public static final int R_ALLOW = 3;

    /** The retry-on words this runtime honours (connection failures only; L7 retries are the next issue). */
    private static final Set<String> RETRY_ON_OK = Set.of("conn-failure");
    /** Words that open a configuration section (end of a proxy's lines). */
    private static final Set<String> SECTIONS = Set.of("global", "defaults", "frontend", "backend", "listen",
            "resolvers", "peers", "userlist", "program", "http-errors", "ring", "mailers", "cache");
    /** The options this runtime honours in mode http. */
    private static final Set<String> OPTIONS_OK = Set.of("forwardfor", "http-server-close", "httpclose",
            "http-keep-alive", "httplog");

    /** One compiled request rule. */
    public static final class Rule {
        /** R_* kind. */
        public final int kind;
        /** Its condition. */
        public final CompiledCondition cond;
        /** For R_HEADER. */
        public final HeaderAction header;
        /** For R_REPLY. */
        public final PreparedReply reply;
        /** For R_REDIRECT. */
        public final CompiledRedirect redirect;
        /** The termination cause logged for a local answer: P for deny, L for return and redirect. */
        public final char cause;

        Rule(int kind, CompiledCondition cond, HeaderAction header, PreparedReply reply, CompiledRedirect redirect,
             char cause) {
            this.kind = kind;
            this.cause = cause;
            this.cond = cond;
            this.header = header;
            this.reply = reply;
            this.redirect = redirect;
        }
    }

    private final AclCompiler acls;
    private final Rule[] requestRules;
    private final HeaderAction[] responseRules;
    private final CompiledCondition[] switchConds;
    private final String[] switchTargets;
    private BackendRt[] switchBackends;
    private final int frontMode;
    private final ForwardForRt forwardfor;
    private final boolean httplog;
    private final long httpRequestMs;
    private final long keepAliveMs;
    private final int maxReplyBytes;
    private final ErrorFile.Pages errorPages;

    /**
     * Runs on main at start: compiles {@code fe}'s HTTP rules with {@code acls} (shared by every frontend so that
     * one match context per session fits all).
     *
     * @throws IllegalArgumentException with a "not supported yet" or configuration message
     */
    public HttpRt(Proxy fe, AclCompiler acls, int maxReplyBytes, Path baseDir) {
        this.acls = acls;
        checkSupported(fe);
        this.maxReplyBytes = maxReplyBytes;
        this.errorPages = loadErrorPages(fe, maxReplyBytes);
        HttpRuleCompiler rc = new HttpRuleCompiler(acls, maxReplyBytes);
        List<Rule> rules = new ArrayList<>();
        try {
            for (HttpRule r : fe.httpRequestRules()) {
                CompiledCondition c = rc.condition(r);
                switch (r.action()) {
                    case "set-header", "add-header", "del-header" ->
                            rules.add(new Rule(R_HEADER, c, rc.headerAction(r), null, null, '-'));
                    case "return" -> rules.add(new Rule(R_REPLY, c, null, rc.reply(r, baseDir), null, 'L'));
                    case "deny" -> {
                        // The frontend's errorfile for the deny status replaces the built-in page (an empty one
                        // cannot mean "send nothing" for a deny here: the built-in page is kept).
                        PreparedReply own = errorPages.reply(r.status() == 0 ? 403 : r.status());
                        rules.add(new Rule(R_REPLY, c, null, own != null ? own : rc.reply(r, baseDir), null, 'P'));
                    }
                    case "redirect" -> rules.add(new Rule(R_REDIRECT, c, null, null, rc.redirect(r.redirect()), 'L'));
                    case "allow" -> rules.add(new Rule(R_ALLOW, c, null, null, null, '-'));
                    default -> throw new IllegalArgumentException("[" + r.file() + ":" + r.line()
                            + "] : 'http-request " + r.action() + "' is not supported yet.");
                }
            }
            for (RedirectRule r : fe.redirects()) {
                CompiledRedirect cr = rc.redirect(r);
                rules.add(new Rule(R_REDIRECT, cr.condition(), null, null, cr, 'L'));
            }
            List<HeaderAction> res = new ArrayList<>();
            for (HttpRule r : fe.httpResponseRules()) {
                switch (r.action()) {
                    case "set-header", "add-header", "del-header" -> res.add(rc.headerAction(r));
                    default -> throw new IllegalArgumentException("[" + r.file() + ":" + r.line()
                            + "] : 'http-response " + r.action() + "' is not supported yet.");
                }
            }
            responseRules = res.toArray(new HeaderAction[0]);
            List<SwitchingRule> sw = fe.switchingRules();
            switchConds = new CompiledCondition[sw.size()];
            switchTargets = new String[sw.size()];
            for (int i = 0; i < switchConds.length; i++) {
                switchConds[i] = acls.compile(sw.get(i).condition());
                switchTargets[i] = sw.get(i).backend();
            }
        } catch (HttpRuleCompiler.RuleException | AclCompiler.AclException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        requestRules = rules.toArray(new Rule[0]);
        frontMode = modeOf(fe);
        forwardfor = ForwardForRt.of(fe);
        httplog = fe.option("httplog");
        Timeouts t = fe.timeouts();
        httpRequestMs = t.httpRequest() > 0 ? t.httpRequest() : Math.max(0, t.client());
        keepAliveMs = t.httpKeepAlive() > 0 ? t.httpKeepAlive() : httpRequestMs;
    }

    /**
     * Runs on main: CFG-1 for a proxy in mode http (frontend or backend). Each refusal names the offending keyword's
     * own line (CFG-4).
     */
    public static void checkSupported(Proxy p) {
        // A server connection stays private to its client session (http-reuse never). Without an http-reuse
        // line that is what runs; an explicit safe/aggressive/always asks for sharing, which comes with the
        // idle pools and takeover, so it is refused rather than ignored.
        if (p.httpReuse() != null && !"never".equals(p.httpReuse())) {
            throw new IllegalArgumentException(where(p, "http-reuse") + "'http-reuse " + p.httpReuse()
                    + "' is not supported yet (server connections stay private to their client session).");
        }
        checkRetryOn(p);
        for (String o : p.options()) {
            if (!OPTIONS_OK.contains(o)) {
                throw new IllegalArgumentException(where(p, "option", o.equals("httplog-clf") ? "httplog" : o)
                        + "'option " + o + "' is not supported yet in mode http.");
            }
        }
        if (p.logFormat() != null) {
            throw new IllegalArgumentException(where(p, "log-format") + "'log-format' is not supported yet in mode "
                    + "http.");
        }
        if (p.kind().hasBackend() && !p.kind().hasFrontend() && (!p.httpRequestRules().isEmpty()
                || !p.httpResponseRules().isEmpty() || !p.redirects().isEmpty())) {
            throw new IllegalArgumentException(rulesWhere(p) + "http rules in a backend section are not supported "
                    + "yet.");
        }
    }

    /** Runs on main: CFG-1 for a proxy in mode tcp: the HTTP keywords that now have a runtime do not apply. */
    public static void checkTcpMode(Proxy p) {
        for (String o : List.of("forwardfor", "http-server-close", "httpclose", "http-keep-alive", "httplog",
                "httplog-clf")) {
            if (p.option(o)) {
                throw new IllegalArgumentException(where(p, "option", o.equals("httplog-clf") ? "httplog" : o)
                        + "'option " + o + "' is not supported yet in mode tcp.");
            }
        }
        if (!p.httpRequestRules().isEmpty() || !p.httpResponseRules().isEmpty() || !p.redirects().isEmpty()) {
            throw new IllegalArgumentException(rulesWhere(p) + "http-request, http-response and redirect rules are "
                    + "not supported yet in mode tcp.");
        }
        checkRetryOn(p);
    }

    private static void checkRetryOn(Proxy p) {
        for (String w : p.retryOn()) {
            if (!RETRY_ON_OK.contains(w)) {
                throw new IllegalArgumentException(where(p, "retry-on") + "'retry-on " + w
                        + "' is not supported yet.");
            }
        }
    }

    /** Runs on main: the "proxy 'name' (file:line) : " of {@code p}'s first http rule (the header line if none). */
    private static String rulesWhere(Proxy p) {
        int line = 0;
        for (String kw : List.of("http-request", "http-response", "redirect")) {
            int l = keywordLine(p, kw);
            line = l > 0 && (line == 0 || l < line) ? l : line;
        }
        return "proxy '" + p.name() + "' (" + p.file() + ":" + (line > 0 ? line : p.line()) + ") : ";
    }

    /**
     * Runs on main: CFG-4: "proxy 'name' (file:line) : " with the line of the keyword {@code words} that gave
     * {@code p} its value; the section's header line when it cannot be found.
     */
    static String where(Proxy p, String... words) {
        int line = keywordLine(p, words);
        return "proxy '" + p.name() + "' (" + p.file() + ":" + (line > 0 ? line : p.line()) + ") : ";
    }

    /**
     * Runs on main: CFG-4: the configuration model keeps no line per keyword, so the line is found in {@code p}'s
     * file: the last line starting with {@code words} in {@code p}'s own section, else in the last {@code defaults}
     * section before it (the one it inherits from); 0 when none (or the file cannot be read).
     */
    static int keywordLine(Proxy p, String... words) {
        if (p.file() == null) {
            return 0;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(p.file()), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        int own = 0;
        int inherited = 0;
        boolean inDefaults = false;
        for (int i = 0; i < lines.size(); i++) {
            String[] w = lines.get(i).trim().split("\\s+");
            if (SECTIONS.contains(w[0])) {
                if (i + 1 > p.line()) {
                    break;
                }
                inDefaults = w[0].equals("defaults");
                if (inDefaults) {
                    inherited = 0; // a new defaults section replaces the previous one
                }
                continue;
            }
            if (w.length >= words.length && java.util.Arrays.equals(w, 0, words.length, words, 0, words.length)) {
                if (i + 1 > p.line()) {
                    own = i + 1;
                } else if (inDefaults) {
                    inherited = i + 1;
                }
            }
        }
        return own > 0 ? own : inherited;
    }

    /** Runs on main: the ConnectionPolicy mode of a proxy's options. */
    public static int modeOf(Proxy p) {
        if (p.option("httpclose")) {
            return ConnectionPolicy.MODE_CLO;
        }
        if (p.option("http-server-close")) {
            return ConnectionPolicy.MODE_SCL;
        }
        return ConnectionPolicy.MODE_KAL;
    }

    /**
     * Runs on main at start: CFG-3: loads {@code p}'s {@code errorfile} lines (relative paths from the working
     * directory); a missing or invalid file is an error naming its file:line.
     *
     * @throws IllegalArgumentException with the diagnostic
     */
    public static ErrorFile.Pages loadErrorPages(Proxy p, int maxBytes) {
        if (p.errorfiles().isEmpty()) {
            return ErrorFile.Pages.NONE;
        }
        try {
            // Relative paths from the working directory, as HAProxy (no default-path) and the config check do.
            return ErrorFile.Pages.load(p.errorfiles(), null, maxBytes, code -> errorfileWhere(p, code));
        } catch (ErrorFile.InvalidErrorFile e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** The "[file:line] : " of the {@code errorfile <code>} line of {@code p} (its section, else defaults). */
    static String errorfileWhere(Proxy p, int code) {
        int found = keywordLine(p, "errorfile", Integer.toString(code));
        if (found > 0) {
            return "[" + p.file() + ":" + found + "] : ";
        }
        return "[" + p.file() + ":" + p.line() + "] : proxy '" + p.name() + "' : ";
    }

    /** Runs on main after every backend exists: resolves use_backend names. */
    void link(java.util.function.Function<String, BackendRt> lookup, Proxy fe) {
        switchBackends = new BackendRt[switchTargets.length];
        List<SwitchingRule> sw = fe.switchingRules();
        for (int i = 0; i < switchTargets.length; i++) {
            switchBackends[i] = lookup.apply(switchTargets[i]);
            if (switchBackends[i] == null) {
                throw new IllegalArgumentException("[" + sw.get(i).file() + ":" + sw.get(i).line() + "] : use_backend '"
                        + switchTargets[i] + "' : unknown backend (dynamic names are not supported yet)");
            }
            checkErrorPages(switchBackends[i]);
        }
    }

    /** Runs on main: a backend's errorfile pages must fit the buffers this frontend's sessions use. */
    void checkErrorPages(BackendRt b) {
        if (b != null && b.errorPages().maxLength() > maxReplyBytes) {
            throw new IllegalArgumentException("[" + b.config().file() + ":" + b.config().line() + "] : backend '"
                    + b.name() + "' : an errorfile is larger than the " + maxReplyBytes
                    + " bytes a buffer can hold");
        }
    }

    /** Runs on any thread: the frontend's errorfile pages. */
    public ErrorFile.Pages errorPages() {
        return errorPages;
    }

    /** Runs on any thread: the shared ACL compiler (for a session's match context). */
    public AclCompiler acls() {
        return acls;
    }

    /** Runs on any thread: the request rules in order. */
    public Rule[] requestRules() {
        return requestRules;
    }

    /** Runs on any thread: the http-response header rules in order. */
    public HeaderAction[] responseRules() {
        return responseRules;
    }

    /** Runs on any thread: use_backend conditions. */
    public CompiledCondition[] switchConds() {
        return switchConds;
    }

    /** Runs on any thread: use_backend targets (same order as {@link #switchConds()}). */
    public BackendRt[] switchBackends() {
        return switchBackends;
    }

    /** Runs on any thread: the frontend's ConnectionPolicy mode. */
    public int frontMode() {
        return frontMode;
    }

    /** Runs on any thread: the frontend's {@code option forwardfor} ({@link ForwardForRt#OFF} when not set). */
    public ForwardForRt forwardfor() {
        return forwardfor;
    }

    /** Runs on any thread: {@code option httplog}. */
    public boolean httplog() {
        return httplog;
    }

    /** Runs on any thread: {@code timeout http-request} (else client), 0 = none. */
    public long httpRequestMs() {
        return httpRequestMs;
    }

    /** Runs on any thread: {@code timeout http-keep-alive} (else http-request), 0 = none. */
    public long keepAliveMs() {
        return keepAliveMs;
    }
}
