package io.sluice.config.kw;

import io.sluice.config.Addresses;
import io.sluice.config.BadValue;
import io.sluice.config.Keyword;
import io.sluice.config.Support;
import io.sluice.config.KeywordProvider;
import io.sluice.config.KeywordRegistry;
import io.sluice.config.ParseContext;
import io.sluice.config.model.Address;
import io.sluice.config.model.StatsSocket;

/**
 * Process-wide keywords of the {@code global} section: threads, limits, the stats socket, the
 * stop delay. Runtime: none yet (poller, CLI and watchdog issues give them life).
 */
public final class GlobalKeywords implements KeywordProvider {
    /** Sluice's thread ceiling (HAProxy's MAX_THREADS with 16 groups of 64 would be 1024). */
    public static final int MAX_THREADS = 4096;
    /** The thread-group ceiling (HAProxy's MAX_TGROUPS). */
    public static final int MAX_TGROUPS = 64;

    @Override
    public void register(KeywordRegistry r) {
        r.register(Keyword.global("nbthread", 1, GlobalKeywords::nbthread)
                .missing("'%s' expects an integer argument.").note("loop threads (default: one per CPU)")
                .support(Support.RUNTIME));
        r.register(Keyword.global("thread-groups", 1, GlobalKeywords::threadGroups)
                .missing("'%s' expects an integer argument.").note("thread groups of at most 64 threads"));
        r.register(Keyword.global("maxconn", 1, ctx -> {
            long v = ctx.integer(1, "maxconn", 0, Integer.MAX_VALUE);
            if (v != Long.MIN_VALUE) {
                ctx.global().maxconn = (int) v;
            }
        }).missing("'%s' expects an integer argument.").note("process-wide connection limit").support(Support.RUNTIME));
        r.register(Keyword.global("stats socket", 1, GlobalKeywords::statsSocket).args(1, -1)
                .missing("'%s' in global section expects an address or a path to a UNIX socket.")
                .note("CLI socket: address or path, `level`, `mode`, `fd@${NAME}`").support(Support.RUNTIME));
        r.register(Keyword.global("stats timeout", 1, ctx -> {
            long t = ctx.time(2, "stats timeout");
            if (t >= 0) {
                if (t == 0) {
                    ctx.alert("'stats timeout' expects a positive value.");
                    return;
                }
                ctx.global().statsTimeoutMs = t;
            }
        }).missing("'%s' expects a positive value.").note("CLI idle timeout (10s)").support(Support.RUNTIME));
        r.registerFamily(Keyword.Section.GLOBAL, "stats",
                w -> "'stats' only supports 'socket' and 'timeout' in the 'global' section (got '" + w + "').");
        r.register(Keyword.never("daemon", Keyword.Section.GLOBAL,
                "it always runs in the foreground; let the service manager background it"));
        r.register(Keyword.global("expose-experimental-directives", 0, ctx -> ctx.global().experimental = true)
                .note("allows experimental directives"));
        r.register(Keyword.global("hard-stop-after", 1, ctx -> {
            long t = ctx.time(1, "hard-stop-after");
            if (t >= 0) {
                ctx.global().hardStopAfterMs = t;
            }
        }).missing("'%s' expects <time> as argument.").note("maximum graceful-stop duration")
                .support(Support.RUNTIME));
    }

    private static void nbthread(ParseContext ctx) {
        long v = ctx.integer(1, "nbthread", 1, MAX_THREADS);
        if (v != Long.MIN_VALUE) {
            ctx.global().nbthread = (int) v;
            ctx.global().nbthreadFile = ctx.file();
            ctx.global().nbthreadLine = ctx.line();
        }
    }

    private static void threadGroups(ParseContext ctx) {
        long v = ctx.integer(1, "thread-groups", 1, MAX_TGROUPS);
        if (v != Long.MIN_VALUE) {
            ctx.global().threadGroups = (int) v;
        }
    }

    private static void statsSocket(ParseContext ctx) {
        String text = ctx.arg(2);
        Address a;
        try {
            a = Addresses.parse(text, Addresses.Use.STATS);
        } catch (BadValue e) {
            ctx.alert("'stats socket' : " + e.getMessage());
            return;
        }
        String level = "operator";
        String mode = null;
        boolean exposeFd = false;
        for (int i = 3; i < ctx.argc(); i++) {
            String k = ctx.arg(i);
            switch (k) {
                case "level" -> {
                    String v = ctx.arg(++i);
                    if (!v.equals("user") && !v.equals("operator") && !v.equals("admin")) {
                        ctx.alert("'stats socket' : 'level' only supports 'user', 'operator', and 'admin' (got '"
                                + v + "')");
                        return;
                    }
                    level = v;
                }
                case "mode" -> {
                    String v = ctx.arg(++i);
                    if (!v.matches("[0-7]{1,4}")) {
                        ctx.alert("'stats socket' : 'mode' expects an octal permission (got '" + v + "')");
                        return;
                    }
                    mode = v;
                }
                case "expose-fd" -> {
                    String v = ctx.arg(++i);
                    if (!v.equals("listeners")) {
                        ctx.alert("'stats socket' : 'expose-fd' only supports 'listeners' (got '" + v + "')");
                        return;
                    }
                    exposeFd = true;
                }
                case "ssl", "crt", "ca-file", "verify" -> {
                    ctx.alert("'stats socket' : '" + k + "' is not supported by Sluice (no TLS).");
                    return;
                }
                default -> {
                    ctx.alert("'stats socket' : unknown keyword '" + k + "'. Registered keywords :\n"
                            + "    expose-fd <arg>\n    level <arg>\n    mode <arg>");
                    return;
                }
            }
        }
        ctx.global().statsSockets.add(new StatsSocket(a, level, mode, exposeFd, ctx.file(), ctx.line()));
    }
}
