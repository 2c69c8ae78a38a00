package io.sluice.config.kw;

import io.sluice.config.Addresses;
import io.sluice.config.BadValue;
import io.sluice.config.Keyword;
import io.sluice.config.Support;
import io.sluice.config.KeywordProvider;
import io.sluice.config.KeywordRegistry;
import io.sluice.config.ParseContext;
import io.sluice.config.Units;
import io.sluice.config.model.Address;
import io.sluice.config.model.Server;
import io.sluice.config.model.ServerParams;

/**
 * {@code server} and {@code default-server} with the server settings every later issue reads
 * (limits, weight, checks, state). Runtime: none yet (backend, queue and check issues).
 */
public final class ServerKeywords implements KeywordProvider {
    private static final String REGISTERED = "    backup\n    check\n    disabled\n    downinter <arg>\n"
            + "    enabled\n    fall <arg>\n    fastinter <arg>\n    inter <arg>\n    maxconn <arg>\n"
            + "    maxqueue <arg>\n    minconn <arg>\n    no-backup\n    no-check\n    rise <arg>\n"
            + "    slowstart <arg>\n    weight <arg>";

    @Override
    public void register(KeywordRegistry r) {
        r.register(Keyword.proxy("server", 2, ServerKeywords::server).args(2, -1).cap(Keyword.CAP_BE, true)
                .notInDefaults().missing("'%s' expects <name> and <addr>[:<port>] as arguments.")
                .note("address; maxconn minconn maxqueue weight check inter fastinter downinter rise fall"
                        + " disabled backup slowstart").support(Support.RUNTIME));
        r.register(Keyword.proxy("default-server", 0, ctx -> {
            ServerParams p = params(ctx, 1, ctx.proxy().defaultServer, "default-server");
            if (p != null) {
                ctx.proxy().defaultServer = p;
            }
        }).args(0, -1).cap(Keyword.CAP_BE, false).note("defaults for the next `server` lines"));
    }

    private static void server(ParseContext ctx) {
        String name = ctx.arg(1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '.' && c != '_' && c != '-' && c != ':') {
                ctx.alert("character '" + c + "' is not permitted in server name '" + name + "'.");
                return;
            }
        }
        Server dup = null;
        for (Server s : ctx.proxy().servers) {
            if (s.name().equals(name)) {
                dup = s;
            }
        }
        if (dup != null) {
            ctx.alert("'server " + name + "' : this name is already used by a server of " + ctx.proxy().kind.word()
                    + " '" + ctx.proxy().name + "' declared at " + dup.file() + ":" + dup.line() + ".");
            return;
        }
        Address a;
        try {
            a = Addresses.parse(ctx.arg(2), Addresses.Use.SERVER);
        } catch (BadValue e) {
            ctx.alert("'server " + name + "' : " + e.getMessage());
            return;
        }
        ServerParams p = params(ctx, 3, ctx.proxy().defaultServer, "server " + name);
        if (p != null) {
            ctx.proxy().servers.add(new Server(name, a, p, ctx.file(), ctx.line()));
        }
    }

    /** Applies the settings from word {@code from} on top of {@code base}; null after an alert. */
    private static ServerParams params(ParseContext ctx, int from, ServerParams base, String who) {
        int maxconn = base.maxconn();
        int minconn = base.minconn();
        int maxqueue = base.maxqueue();
        int weight = base.weight();
        boolean check = base.check();
        long inter = base.interMs();
        long fastinter = base.fastinterMs();
        long downinter = base.downinterMs();
        int rise = base.rise();
        int fall = base.fall();
        boolean disabled = base.disabled();
        boolean backup = base.backup();
        long slowstart = base.slowstartMs();
        for (int i = from; i < ctx.argc(); i++) {
            String k = ctx.arg(i);
            switch (k) {
                case "check" -> check = true;
                case "no-check" -> check = false;
                case "disabled" -> disabled = true;
                case "enabled" -> disabled = false;
                case "backup" -> backup = true;
                case "no-backup" -> backup = false;
                case "maxconn", "minconn", "maxqueue", "weight", "rise", "fall" -> {
                    String v = ctx.arg(++i);
                    if (v.isEmpty()) {
                        ctx.alert("'" + who + "' : '" + k + "' expects an integer argument.");
                        return null;
                    }
                    long n;
                    try {
                        n = Units.integer(v, 0, Integer.MAX_VALUE);
                    } catch (BadValue e) {
                        ctx.alert("'" + who + "' : '" + k + "' expects an integer argument (got '" + v + "').");
                        return null;
                    }
                    switch (k) {
                        case "maxconn" -> maxconn = (int) n;
                        case "minconn" -> minconn = (int) n;
                        case "maxqueue" -> maxqueue = (int) n;
                        case "weight" -> {
                            if (n > 256) {
                                ctx.alert("'" + who + "' : weight of server must be between 0 and 256 (got " + n
                                        + ").");
                                return null;
                            }
                            weight = (int) n;
                        }
                        case "rise" -> rise = (int) n;
                        default -> fall = (int) n;
                    }
                    if ((k.equals("rise") || k.equals("fall")) && n == 0) {
                        ctx.alert("'" + who + "' : '" + k + "' has to be > 0.");
                        return null;
                    }
                }
                case "inter", "fastinter", "downinter", "slowstart" -> {
                    String v = ctx.arg(++i);
                    if (v.isEmpty()) {
                        ctx.alert("'" + who + "' : '" + k + "' expects a time argument.");
                        return null;
                    }
                    long t;
                    try {
                        t = Units.timeMs(v);
                    } catch (BadValue e) {
                        if (e.kind() == BadValue.Kind.OVERFLOW) {
                            ctx.alert("timer overflow in argument '" + v + "' to '" + k + "' of " + who
                                    + " (maximum value is 2147483647 ms or ~24.8 days)");
                        } else {
                            ctx.alert("unexpected character '" + e.badChar() + "' in '" + k + "' argument of " + who
                                    + ".");
                        }
                        return null;
                    }
                    if (t == 0 && !k.equals("slowstart")) {
                        ctx.alert("'" + who + "' : '" + k + "' expects a positive delay.");
                        return null;
                    }
                    switch (k) {
                        case "inter" -> inter = t;
                        case "fastinter" -> fastinter = t;
                        case "downinter" -> downinter = t;
                        default -> slowstart = t;
                    }
                }
                case "ssl", "verify", "sni", "check-ssl", "ca-file", "crt", "alpn", "npn", "ciphers", "ssl-reuse",
                     "no-ssl-reuse", "check-sni", "ssl-min-ver", "ssl-max-ver" -> {
                    ctx.alert("'" + who + "' : '" + k + "' is not supported by Sluice (no TLS).");
                    return null;
                }
                case "resolvers", "resolve-prefer", "resolve-net", "init-addr" -> {
                    ctx.alert("'" + who + "' : '" + k + "' is not supported by Sluice (no DNS resolvers).");
                    return null;
                }
                case "track", "agent-check", "agent-port", "agent-inter", "send-proxy", "send-proxy-v2", "proto",
                     "cookie", "redir", "observe", "on-error" -> {
                    ctx.alert("'" + who + "' : '" + k + "' is not supported by Sluice.");
                    return null;
                }
                default -> {
                    ctx.alert("'" + who + "' unknown keyword '" + k + "'. Registered keywords :\n" + REGISTERED);
                    return null;
                }
            }
        }
        return new ServerParams(maxconn, minconn, maxqueue, weight, check, inter, fastinter, downinter, rise, fall,
                disabled, backup, slowstart);
    }
}
