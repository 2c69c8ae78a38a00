package io.sluice.config.kw;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.sluice.config.Addresses;
import io.sluice.config.BadValue;
import io.sluice.config.Keyword;
import io.sluice.config.Support;
import io.sluice.config.KeywordProvider;
import io.sluice.config.KeywordRegistry;
import io.sluice.config.ParseContext;
import io.sluice.config.Units;
import io.sluice.config.model.Address;
import io.sluice.config.model.Balance;
import io.sluice.config.model.Bind;
import io.sluice.config.model.Condition;
import io.sluice.config.model.Mode;
import io.sluice.config.model.SwitchingRule;

/**
 * Proxy keywords: mode, bind, limits, timeouts, backend switching, balance, reuse, retries and
 * the supported {@code option}s. Runtime: none yet (tcp/http, queue and LB issues).
 */
public final class ProxyKeywords implements KeywordProvider {
    static final List<String> RETRY_ON = List.of("none", "conn-failure", "empty-response", "junk-response",
            "response-timeout", "0rtt-rejected", "401", "403", "404", "408", "425", "429", "500", "501", "502",
            "503", "504", "all-retryable-errors");
    static final List<String> ERROR_CODES = List.of("200", "400", "401", "403", "404", "405", "407", "408", "410",
            "413", "425", "429", "500", "501", "502", "503", "504");
    private static final List<String> HTTP_MODES = List.of("httpclose", "http-server-close", "http-keep-alive");

    @Override
    public void register(KeywordRegistry r) {
        r.register(Keyword.proxy("mode", 1, ctx -> {
            switch (ctx.arg(1)) {
                case "http" -> ctx.proxy().mode = Mode.HTTP;
                case "tcp" -> ctx.proxy().mode = Mode.TCP;
                default -> ctx.alert("unknown proxy mode '" + ctx.arg(1) + "'.");
            }
        }).missing("'%s' expects one of 'http' or 'tcp'.").note("`tcp` or `http`").support(Support.RUNTIME));
        r.register(Keyword.proxy("bind", 1, ProxyKeywords::bind).args(1, -1).cap(Keyword.CAP_FE, false)
                .notInDefaults()
                .missing("'%s' expects {<path>|[addr1]:port1[-end1]}{,[addr]:port[-end]}... as arguments.")
                .note("addresses, port ranges, `fd@n`; options `name`, `thread`").support(Support.RUNTIME));
        r.register(Keyword.proxy("maxconn", 1, ctx -> {
            long v = ctx.integer(1, "maxconn", 0, Integer.MAX_VALUE);
            if (v != Long.MIN_VALUE) {
                ctx.proxy().maxconn = (int) v;
            }
        }).cap(Keyword.CAP_FE, false).missing("'%s' expects an integer argument.").note("frontend connection limit")
                .support(Support.RUNTIME));
        timeout(r, "client", Keyword.CAP_FE, (ctx, v) -> ctx.proxy().tClient = v);
        timeout(r, "server", Keyword.CAP_BE, (ctx, v) -> ctx.proxy().tServer = v);
        timeout(r, "connect", Keyword.CAP_BE, (ctx, v) -> ctx.proxy().tConnect = v);
        timeout(r, "http-request", Keyword.CAP_ANY, (ctx, v) -> ctx.proxy().tHttpRequest = v);
        timeout(r, "http-keep-alive", Keyword.CAP_ANY, (ctx, v) -> ctx.proxy().tHttpKeepAlive = v);
        timeout(r, "queue", Keyword.CAP_BE, (ctx, v) -> ctx.proxy().tQueue = v);
        timeout(r, "tunnel", Keyword.CAP_BE, (ctx, v) -> ctx.proxy().tTunnel = v);
        timeout(r, "check", Keyword.CAP_BE, (ctx, v) -> ctx.proxy().tCheck = v);
        timeout(r, "client-fin", Keyword.CAP_FE, (ctx, v) -> ctx.proxy().tClientFin = v);
        timeout(r, "server-fin", Keyword.CAP_BE, (ctx, v) -> ctx.proxy().tServerFin = v);
        r.registerFamily(Keyword.Section.PROXY, "timeout", w -> "'timeout' supports " + list(
                r.family(Keyword.Section.PROXY, "timeout")) + " (got '" + w + "')");
        r.register(Keyword.proxy("default_backend", 1, ctx -> {
            ctx.proxy().defaultBackend = ctx.arg(1);
            ctx.proxy().defaultBackendFile = ctx.file();
            ctx.proxy().defaultBackendLine = ctx.line();
        }).cap(Keyword.CAP_FE, false).missing("'%s' expects a backend name.").note("backend when no rule matches")
                .support(Support.RUNTIME));
        r.register(Keyword.proxy("use_backend", 1, ProxyKeywords::useBackend).args(1, -1)
                .cap(Keyword.CAP_FE, false).notInDefaults().missing("'%s' expects a backend name.")
                .note("`use_backend <be> if|unless <cond>`").support(Support.RUNTIME));
        r.register(Keyword.proxy("balance", 1, ProxyKeywords::balance).args(1, -1).cap(Keyword.CAP_BE, false)
                .missing("'%s' expects an algorithm.").note("roundrobin, static-rr, leastconn, first, source, random,"
                        + " uri, url_param, hdr(), rdp-cookie, hash").support(Support.RUNTIME));
        r.register(Keyword.proxy("http-reuse", 1, ctx -> {
            String v = ctx.arg(1);
            if (!List.of("never", "safe", "aggressive", "always").contains(v)) {
                ctx.alert("'http-reuse' only supports 'never', 'safe', 'aggressive', 'always'");
                return;
            }
            ctx.proxy().httpReuse = v;
        }).cap(Keyword.CAP_BE, false).missing("'%s' only supports 'never', 'safe', 'aggressive', 'always'")
                .note("idle connection sharing (starting refuses aggressive and always for now)")
                .support(Support.RUNTIME));
        r.register(Keyword.proxy("retries", 1, ctx -> {
            long v = ctx.integer(1, "retries", 0, Integer.MAX_VALUE);
            if (v != Long.MIN_VALUE) {
                ctx.proxy().retries = (int) v;
            }
        }).cap(Keyword.CAP_BE, false).missing("'%s' expects an integer argument.").note("connection retries (3)")
                .support(Support.RUNTIME));
        r.register(Keyword.proxy("retry-on", 1, ProxyKeywords::retryOn).args(1, -1).cap(Keyword.CAP_BE, false)
                .missing("'%s' needs at least one keyword to look for.")
                .note("L4/L7 retry conditions (starting refuses all but conn-failure for now)")
                .support(Support.RUNTIME));
        option(r, "httplog", Keyword.CAP_FE, 0, 1, ctx -> {
            if (ctx.argc() > 2 && !"clf".equals(ctx.arg(2))) {
                ctx.alert("'option httplog' only supports the 'clf' argument (got '" + ctx.arg(2) + "').");
                return;
            }
            ctx.proxy().options.remove("tcplog");
            // The CLF variant is remembered as its own option name so that a runtime can refuse it.
            if (ctx.argc() > 2) {
                ctx.proxy().options.add("httplog-clf");
            } else {
                ctx.proxy().options.remove("httplog-clf");
            }
            ctx.proxy().httplogFile = ctx.file();
            ctx.proxy().httplogLine = ctx.line();
        }, "HTTP log format");
        option(r, "tcplog", Keyword.CAP_FE, 0, 0, ctx -> {
            ctx.proxy().options.remove("httplog");
            ctx.proxy().options.remove("httplog-clf");
        }, "TCP log format");
        option(r, "dontlognull", Keyword.CAP_FE, 0, 0, ctx -> { }, "no log for empty connections");
        option(r, "forwardfor", Keyword.CAP_ANY, 0, -1, ProxyKeywords::forwardfor, "X-Forwarded-For");
        for (String m : HTTP_MODES) {
            option(r, m, Keyword.CAP_ANY, 0, 0, ctx -> ctx.proxy().options.removeAll(HTTP_MODES),
                    "HTTP connection mode");
        }
        option(r, "httpchk", Keyword.CAP_BE, 0, 3, ctx -> {
            ctx.proxy().httpchkArgs = new ArrayList<>(ctx.args().subList(2, ctx.argc()));
        }, "HTTP health checks");
        option(r, "redispatch", Keyword.CAP_BE, 0, 1, ctx -> {
            if (ctx.argc() > 2) {
                long v = ctx.integer(2, "option redispatch", Integer.MIN_VALUE, Integer.MAX_VALUE);
                if (v == Long.MIN_VALUE) {
                    return;
                }
                ctx.proxy().redispatchInterval = (int) v;
            }
        }, "redistribute on retry");
        r.registerFamily(Keyword.Section.PROXY, "option", w -> {
            String best = io.sluice.config.Suggest.best(w, r.family(Keyword.Section.PROXY, "option"));
            return "unknown option '" + w + "'" + (best != null ? "; did you mean '" + best + "' maybe ?" : ".");
        });
        r.register(Keyword.proxy("fullconn", 1, ctx -> {
            long v = ctx.integer(1, "fullconn", 0, Integer.MAX_VALUE);
            if (v != Long.MIN_VALUE) {
                ctx.proxy().fullconn = (int) v;
            }
        }).cap(Keyword.CAP_BE, false).missing("'%s' expects an integer argument.").note("dynamic maxconn load"));
        r.register(Keyword.proxy("pool-max-conn", 1, ctx -> {
            long v = ctx.integer(1, "pool-max-conn", -1, Integer.MAX_VALUE);
            if (v != Long.MIN_VALUE) {
                ctx.proxy().poolMaxConn = (int) v;
            }
        }).cap(Keyword.CAP_BE, false).missing("'%s' expects an integer argument.")
                .note("idle pool size (-1 = no limit)"));
        r.register(Keyword.proxy("pool-purge-delay", 1, ctx -> {
            long t = ctx.time(1, "pool-purge-delay");
            if (t >= 0) {
                ctx.proxy().poolPurgeDelayMs = t;
            }
        }).cap(Keyword.CAP_BE, false).missing("'%s' expects a time argument.").note("idle pool purge period (5s)"));
        r.register(Keyword.proxy("errorfile", 2, ctx -> {
            if (!ERROR_CODES.contains(ctx.arg(1))) {
                ctx.alert("'errorfile' : status code '" + ctx.arg(1) + "' not handled.");
                return;
            }
            if (!Files.isReadable(Path.of(ctx.arg(2)))) {
                ctx.alert("'errorfile' : error opening file '" + ctx.arg(2) + "'.");
                return;
            }
            ctx.proxy().errorfiles.put(Integer.parseInt(ctx.arg(1)), ctx.arg(2));
        }).missing("'%s' expects <status_code> and <file> as arguments.").note("custom error responses")
                .support(Support.RUNTIME));
    }

    /** Options a runtime applies (mode tcp: tcplog; mode http: the connection modes and forwardfor). */
    private static final java.util.Set<String> RUNTIME_OPTIONS = java.util.Set.of("tcplog", "httplog", "forwardfor",
            "http-server-close", "httpclose", "http-keep-alive");

    /** Timeouts a runtime applies (http-request and http-keep-alive: mode http). */
    private static final java.util.Set<String> RUNTIME_TIMEOUTS = java.util.Set.of("client", "server", "connect",
            "tunnel", "client-fin", "server-fin", "http-request", "http-keep-alive");

    private interface TimeoutSetter {
        void set(ParseContext ctx, long v);
    }

    private static void timeout(KeywordRegistry r, String which, int cap, TimeoutSetter setter) {
        String kw = "timeout " + which;
        r.register(Keyword.proxy(kw, 1, ctx -> {
            long v = ctx.time(2, kw);
            if (v < 0) {
                return;
            }
            if (ctx.argc() > 3) {
                ctx.alert("'" + kw + "' : unexpected extra argument '" + ctx.arg(3) + "' after value '" + ctx.arg(2)
                        + "'.");
                return;
            }
            setter.set(ctx, v);
        }).args(1, -1).cap(cap, false).missing("'%s' expects an integer value (in milliseconds)")
                .note("time, default unit ms")
                .support(RUNTIME_TIMEOUTS.contains(which) ? Support.RUNTIME : Support.CHECKED));
    }

    private static void option(KeywordRegistry r, String name, int cap, int min, int max,
                               io.sluice.config.KeywordParser p, String note) {
        r.register(Keyword.proxy("option " + name, 0, ctx -> {
            if (ctx.negated()) {
                ctx.proxy().options.remove(name);
                if (name.equals("redispatch")) {
                    ctx.proxy().redispatchInterval = -1;
                }
                return;
            }
            p.parse(ctx);
            if (!ctx.failed()) {
                ctx.proxy().options.add(name);
            }
        }).args(min, max).cap(cap, false).allowNo().note(note)
                .support(RUNTIME_OPTIONS.contains(name) ? Support.RUNTIME : Support.CHECKED));
    }

    static String list(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) {
                sb.append(i == words.size() - 1 ? " and " : ", ");
            }
            sb.append('\'').append(words.get(i)).append('\'');
        }
        return sb.toString();
    }

    private static void bind(ParseContext ctx) {
        String spec = ctx.arg(1);
        List<Address> addrs = new ArrayList<>();
        for (String one : spec.split(",", -1)) {
            try {
                addrs.add(Addresses.parse(one, Addresses.Use.BIND));
            } catch (BadValue e) {
                ctx.alert("'bind " + spec + "' : " + e.getMessage());
                return;
            }
        }
        String name = null;
        String thread = null;
        for (int i = 2; i < ctx.argc(); i++) {
            String k = ctx.arg(i);
            switch (k) {
                case "name" -> {
                    if (ctx.arg(i + 1).isEmpty()) {
                        ctx.alert("'bind " + spec + "' : missing name.");
                        return;
                    }
                    name = ctx.arg(++i);
                }
                case "thread" -> {
                    String v = ctx.arg(++i);
                    if (!v.matches("((\\d+|all|odd|even)/)?(all|odd|even|\\d+(-\\d+)?)(,(\\d+(-\\d+)?))*")) {
                        ctx.alert("'bind " + spec + "' : 'thread' : invalid thread set '" + v + "'.");
                        return;
                    }
                    thread = v;
                }
                case "ssl", "crt", "crt-list", "ca-file", "alpn", "npn", "verify", "ciphers", "ciphersuites",
                     "curves", "ecdhe", "strict-sni", "ssl-min-ver", "ssl-max-ver", "quic-cc-algo" -> {
                    ctx.alert("'bind " + spec + "' : '" + k + "' is not supported by Sluice (no TLS).");
                    return;
                }
                default -> {
                    ctx.alert("'bind " + spec + "' unknown keyword '" + k + "'. Registered keywords :\n"
                            + "    name <arg>\n    thread <arg>");
                    return;
                }
            }
        }
        ctx.proxy().binds.add(new Bind(addrs, name, thread, ctx.file(), ctx.line()));
    }

    private static void useBackend(ParseContext ctx) {
        Condition cond = null;
        if (ctx.argc() > 2) {
            String w = ctx.arg(2);
            if (!w.equals("if") && !w.equals("unless")) {
                ctx.alert("unexpected keyword '" + w + "' after switching rule, only 'if' and 'unless' are allowed.");
                return;
            }
            cond = Conditions.parse(ctx, 2, "switching rule");
            if (cond == null) {
                return;
            }
        }
        ctx.proxy().switchingRules.add(new SwitchingRule(ctx.arg(1), cond, ctx.file(), ctx.line()));
    }

    private static void balance(ParseContext ctx) {
        String algo = ctx.arg(1);
        List<String> rest = new ArrayList<>(ctx.args().subList(2, ctx.argc()));
        String base = algo;
        if (algo.startsWith("hdr(") && algo.endsWith(")") && algo.length() > 5) {
            base = "hdr";
            rest.add(0, algo.substring(4, algo.length() - 1));
        } else if (algo.startsWith("rdp-cookie")) {
            base = "rdp-cookie";
        }
        switch (base) {
            case "roundrobin", "static-rr", "leastconn", "first", "source" -> {
                if (!rest.isEmpty()) {
                    ctx.alert("'balance " + algo + "' cannot handle unexpected argument '" + rest.get(0) + "'.");
                    return;
                }
            }
            case "random" -> {
                if (!rest.isEmpty() && !rest.get(0).matches("\\d+")) {
                    ctx.alert("'balance random' : invalid draws count '" + rest.get(0) + "'.");
                    return;
                }
            }
            case "url_param" -> {
                if (rest.isEmpty()) {
                    ctx.alert("'balance url_param' requires an URL parameter name.");
                    return;
                }
            }
            case "hash" -> {
                if (rest.isEmpty()) {
                    ctx.alert("'balance hash' requires a sample expression.");
                    return;
                }
            }
            case "uri", "hdr", "rdp-cookie" -> {
            }
            default -> {
                ctx.alert("'balance' only supports 'roundrobin', 'static-rr', 'leastconn', 'first', 'source', 'uri',"
                        + " 'url_param', 'hash', 'hdr(name)', 'rdp-cookie(name)' and 'random' options.");
                return;
            }
        }
        ctx.proxy().balance = new Balance(base, rest);
    }

    private static void retryOn(ParseContext ctx) {
        Set<String> words = new LinkedHashSet<>();
        for (int i = 1; i < ctx.argc(); i++) {
            String w = ctx.arg(i);
            if (!RETRY_ON.contains(w)) {
                ctx.alert("'retry-on': unknown keyword '" + w + "'");
                return;
            }
            if (w.equals("none")) {
                if (i != 1 || ctx.argc() > 2) {
                    ctx.alert("'retry-on' 'none' keyworld only usable alone");
                    return;
                }
                continue;
            }
            words.add(w);
        }
        ctx.proxy().retryOn = words;
    }

    private static void forwardfor(ParseContext ctx) {
        String header = io.sluice.config.model.ForwardFor.DEFAULT_HEADER;
        String except = null;
        boolean ifNone = false;
        for (int i = 2; i < ctx.argc(); i++) {
            String k = ctx.arg(i);
            switch (k) {
                case "except", "header" -> {
                    if (ctx.arg(i + 1).isEmpty()) {
                        ctx.alert("'option forwardfor' '" + k + "' requires an argument.");
                        return;
                    }
                    i++;
                    if (k.equals("except")) {
                        except = ctx.arg(i);
                    } else {
                        header = ctx.arg(i);
                    }
                }
                case "if-none" -> ifNone = true;
                default -> {
                    ctx.alert("'option forwardfor' only supports optional values: 'header', 'if-none' and 'except'"
                            + " (got '" + k + "').");
                    return;
                }
            }
        }
        ctx.proxy().forwardfor = new io.sluice.config.model.ForwardFor(header, except, ifNone, ctx.file(),
                ctx.line());
    }

    /** Parses a time word for a keyword whose value is in ms by default; returns -1 after an alert. */
    static long timeOf(ParseContext ctx, String word, String what) {
        try {
            return Units.timeMs(word);
        } catch (BadValue e) {
            ctx.alert("unexpected character '" + e.badChar() + "' in '" + what + "'");
            return -1;
        }
    }
}
