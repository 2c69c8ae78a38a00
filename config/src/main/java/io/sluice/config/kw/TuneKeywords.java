package io.sluice.config.kw;

import io.sluice.config.BadValue;
import io.sluice.config.Keyword;
import io.sluice.config.Support;
import io.sluice.config.KeywordProvider;
import io.sluice.config.KeywordRegistry;
import io.sluice.config.ParseContext;
import io.sluice.config.Units;

/**
 * The {@code tune.*} keywords of the {@code global} section (buffers, poller, pools, watchdog,
 * race widening). Runtime: none yet.
 */
public final class TuneKeywords implements KeywordProvider {

    @Override
    public void register(KeywordRegistry r) {
        r.register(Keyword.global("tune.bufsize", 1, ctx -> {
            long v = size(ctx, "tune.bufsize");
            if (v >= 0) {
                if (v < 1024 || v > (1 << 30)) {
                    ctx.alert("'tune.bufsize' must be between 1024 and 1073741824 (was " + v + ").");
                    return;
                }
                ctx.global().bufsize = (int) v;
            }
        }).missing("'%s' expects a size argument.").note("buffer size (16384)").support(Support.RUNTIME));
        r.register(Keyword.global("tune.maxpollevents", 1, ctx -> {
            long v = ctx.integer(1, "tune.maxpollevents", 1, 1_000_000);
            if (v != Long.MIN_VALUE) {
                ctx.global().maxpollevents = (int) v;
            }
        }).missing("'%s' expects an integer argument.").note("events per epoll_wait (200)").support(Support.RUNTIME));
        r.register(Keyword.global("tune.runqueue-depth", 1, ctx -> {
            long v = ctx.integer(1, "tune.runqueue-depth", 1, 1_000_000);
            if (v != Long.MIN_VALUE) {
                ctx.global().runqueueDepth = (int) v;
            }
        }).missing("'%s' expects an integer argument.").note("tasks per loop turn (200)").support(Support.RUNTIME));
        r.register(Keyword.global("tune.fd.edge-triggered", 1, ctx -> {
            Boolean b = onOff(ctx);
            if (b != null) {
                ctx.global().fdEdgeTriggered = b;
            }
        }).missing("'%s' expects either 'on' or 'off'.").note("edge-triggered epoll (off)").support(Support.RUNTIME));
        r.register(Keyword.global("tune.http.maxhdr", 1, ctx -> {
            String v = ctx.arg(1);
            try {
                ctx.global().httpMaxhdr = (int) Units.integer(v, 1, 32767);
            } catch (BadValue e) {
                ctx.alert("'tune.http.maxhdr' expects a numeric value between 1 and 32767");
            }
        }).missing("'%s' expects a numeric value between 1 and 32767").note("headers per message (101)")
                .support(Support.RUNTIME));
        r.register(Keyword.global("tune.idle-pool.shared", 1, ctx -> {
            Boolean b = onOff(ctx);
            if (b != null) {
                ctx.global().idlePoolShared = b;
            }
        }).missing("'%s' expects either 'on' or 'off'.").note("idle connections shared between threads (on)"));
        r.register(Keyword.global("tune.pool-low-fd-ratio", 1, ctx -> {
            long v = ratio(ctx, "tune.pool-low-fd-ratio");
            if (v >= 0) {
                ctx.global().poolLowFdRatio = (int) v;
            }
        }).missing("'%s' expects an integer argument.").note("% of fds above which idle conns are not kept (20)"));
        r.register(Keyword.global("tune.pool-high-fd-ratio", 1, ctx -> {
            long v = ratio(ctx, "tune.pool-high-fd-ratio");
            if (v >= 0) {
                ctx.global().poolHighFdRatio = (int) v;
            }
        }).missing("'%s' expects an integer argument.").note("% of fds above which idle conns are killed (25)"));
        r.register(Keyword.global("tune.watchdog.panic-after", 1, ctx -> {
            long t = ctx.time(1, "tune.watchdog.panic-after");
            if (t >= 0 && t < 200) {
                // proxy-core's Watchdog checks every 100 ms: a shorter delay could not be honoured.
                ctx.alert("'tune.watchdog.panic-after' must be at least 200ms.");
            } else if (t > 0) {
                ctx.global().watchdogPanicAfterMs = t;
            }
        }).missing("'%s' expects <time> as argument.").note("stuck-thread delay before the process dies (10s)").support(Support.RUNTIME));
        r.register(Keyword.global("tune.debug.race-widen", 1, ctx -> {
            long v = ctx.integer(1, "tune.debug.race-widen", 0, 1_000_000_000);
            if (v != Long.MIN_VALUE) {
                ctx.global().raceWiden = (int) v;
            }
        }).missing("'%s' expects an integer argument.").note("spins in the fd races' windows (tests; 0 = off)")
                .support(Support.RUNTIME));
    }

    private static long size(ParseContext ctx, String kw) {
        try {
            return Units.size(ctx.arg(1));
        } catch (BadValue e) {
            if (e.kind() == BadValue.Kind.OVERFLOW) {
                ctx.alert("'" + kw + "' must be between 1024 and 1073741824 (was " + ctx.arg(1) + ").");
            } else {
                ctx.alert("unexpected '" + e.getMessage() + "' after size passed to '" + kw + "'");
            }
            return -1;
        }
    }

    private static long ratio(ParseContext ctx, String kw) {
        try {
            return Units.integer(ctx.arg(1), 0, 100);
        } catch (BadValue e) {
            ctx.alert("'" + kw + "' expects an integer argument between 0 and 100.");
            return -1;
        }
    }

    private static Boolean onOff(ParseContext ctx) {
        try {
            return Units.onOff(ctx.arg(1));
        } catch (BadValue e) {
            ctx.alert("'" + ctx.arg(0) + "' expects either 'on' or 'off' but got '" + ctx.arg(1) + "'.");
            return null;
        }
    }
}
