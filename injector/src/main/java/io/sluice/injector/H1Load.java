package io.sluice.injector;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.unix.Socket;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;

/**
 * Entry point of sluice-h1load, an h1load-compatible HTTP/1.1 load generator.
 *
 * <p>The main thread parses the command line, starts one Netty event loop per -t thread (epoll, or NIO where epoll is
 * missing), then prints a line per second and drives the end of the run the way h1load's main loop does: -d sets
 * DUR_OVER at the first tick past the duration and ENDING at the next one, -n sets ENDING once the budget is spent
 * and nothing is in flight, -e lets a worker set STOP_ALL. The exit status is 0 once the run started, even when -e
 * stopped it; command-line errors exit with 1 (-h with 0).
 */
public final class H1Load {
    private final Options o;
    private final RunState rs = new RunState();
    private final PrintStream out;
    private volatile long stopUs = Long.MAX_VALUE; // Long.MAX_VALUE = no stop date (h1load's unset timeval)
    private volatile long nowUs;
    private long startUs;

    private H1Load(Options o, PrintStream out) {
        this.o = o;
        this.out = out;
    }

    /** Runs on the main thread: the program. */
    public static void main(String[] args) {
        // The hot path reads and releases buffers it owns: no leak tracking, no per-access reference count check.
        setDefault("io.netty.leakDetection.level", "disabled");
        setDefault("io.netty.buffer.checkAccessible", "false");
        setDefault("io.netty.buffer.checkBounds", "false");
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
        int status = run(args, stdout, System.err);
        stdout.flush();
        System.exit(status);
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** Runs on the calling thread: runs sluice-h1load with {@code args}, returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = Options.parse("sluice-h1load", args);
        } catch (Options.UsageException e) {
            err.print(e.getMessage());
            err.flush();
            return e.status;
        }
        return new H1Load(o, out).run(err);
    }

    private int run(PrintStream err) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        int threads = o.threads;
        String preheat = preheat(epoll);
        if (preheat != null) {
            err.print(preheat);
            err.flush();
            return 1;
        }
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
            new DefaultThreadFactory("sluice-h1load", true), factory);
        Worker[] workers = new Worker[threads];
        int i = 0;
        for (EventExecutor e : group) {
            workers[i] = new Worker(i, o, rs, (EventLoop) e, epoll);
            i++;
        }
        for (Worker w : workers) {
            try {
                w.loop.submit(w::prepare).get();
            } catch (Exception e) {
                err.print("connection allocation error in thread " + w.id + ": " + e + "\n");
                err.flush();
                group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
                return 1;
            }
        }
        // Touch the reporting path too (BigDecimal formatting), so the first line is not late.
        Formats.shortDelay(Formats.humanNumber(1.0).length());
        if (o.slowStartMs > 0) {
            rs.setThrottleVolatile(1);
        }
        installSigint();
        startUs = Clock.nowUs();
        if (o.durationSec > 0) {
            stopUs = startUs + o.durationSec * 1_000_000L;
        }
        for (Worker w : workers) {
            rs.workerStarted();
            w.loop.execute(w::start);
        }
        Reporter rep = new Reporter(o, workers, rs, startUs);
        out.print(rep.header());
        out.flush();
        long now = Clock.nowUs();
        nowUs = now;
        long showUs = now + 1_000_000L;
        boolean live = true;
        while (live) {
            long sleepMs = Reporter.msRemain(now, showUs);
            if (rs.throttleVolatile() != 0 && sleepMs > 20) {
                sleepMs = 20;
            }
            sleepMillis(sleepMs);
            now = Clock.nowUs();
            nowUs = now;
            // h1load checks its thread count after printing, microseconds after setting ENDING, when the threads
            // are still there: one more line always follows ENDING. Sampling before the flags keeps that order.
            live = rs.liveWorkers() > 0;
            int r = rs.getRunningAcquire();
            if ((r & RunState.THR_DUR_OVER) != 0 && now >= stopUs) {
                rs.setFlag(RunState.THR_ENDING); // RUN-4: workers had time to stop cleanly
            } else if (o.maxReqs > 0 && rs.globalReq() >= o.maxReqs) {
                boolean idle = true;
                for (Worker w : workers) {
                    if (w.read(Worker.CUR_REQ) != 0) {
                        idle = false;
                        break;
                    }
                }
                if (idle) {
                    rs.setFlag(RunState.THR_ENDING);
                }
            } else if (now >= stopUs) {
                rs.setFlag(RunState.THR_DUR_OVER); // RUN-3: stop measuring first
                stopUs = now + 500_000L;
            }
            updateThrottle(now);
            if (now >= showUs) {
                out.print(rep.line(now, false));
                out.flush();
                showUs += 1_000_000L;
            }
        }
        rs.setFlag(RunState.THR_ENDING);
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        now = Clock.nowUs();
        String last = rep.line(now, true);
        if (last != null) {
            out.print(last);
        }
        if (o.percentiles) {
            long[] fb = new long[Percentiles.BUCKETS];
            long[] lb = new long[Percentiles.BUCKETS];
            for (Worker w : workers) {
                for (int b = 0; b < Percentiles.BUCKETS; b++) {
                    fb[b] += w.ttfbPct[b];
                    lb[b] += w.ttlbPct[b];
                }
            }
            out.print(Percentiles.table(fb, lb));
        }
        out.flush();
        return 0;
    }

    /**
     * Runs on the main thread: h1load's pre-heat, which checks that every worker can allocate all its sockets
     * before the run starts; returns the error message, or null.
     */
    private String preheat(boolean epoll) {
        for (int t = 0; t < o.threads; t++) {
            int max = (o.conns + t) / o.threads;
            Object[] socks = new Object[max];
            int n = 0;
            try {
                for (; n < max; n++) {
                    socks[n] = epoll ? Socket.newSocketStream() : SocketChannel.open();
                }
            } catch (Exception | Error e) {
                return "connection allocation error in thread " + t + " after " + n + " connections.\n";
            } finally {
                for (int k = 0; k < n; k++) {
                    try {
                        if (socks[k] instanceof Socket) {
                            ((Socket) socks[k]).close();
                        } else {
                            ((SocketChannel) socks[k]).close();
                        }
                    } catch (Exception ignored) {
                        // closing a fresh unconnected socket does not fail in practice
                    }
                }
            }
        }
        return null;
    }

    /** Runs on the main thread: h1load's soft-start ramp (10 steps, each ramping during its first quarter). */
    private void updateThrottle(long now) {
        long slow = o.slowStartMs;
        long ratio = 0;
        if (slow > 0) {
            long duration = Reporter.msRemain(startUs, now);
            if (duration < slow) {
                final long steps = 10;
                long step = (steps * 4) * duration / slow;
                if ((step & 3) != 0) {
                    ratio = (0xFFFF_FFFFL * (step / 4 + 1) / steps + 1) & 0xFFFF_FFFFL;
                } else {
                    long pos = duration - step * slow / (steps * 4);
                    pos = (0xFFFF_FFFFL * pos * 4 / slow) & 0xFFFF_FFFFL;
                    long base = (0xFFFF_FFFFL * (step / 4) / steps) & 0xFFFF_FFFFL;
                    ratio = (base + pos) & 0xFFFF_FFFFL;
                    if (ratio < 1) {
                        ratio = 1;
                    }
                }
            }
        }
        rs.setThrottleVolatile(ratio);
    }

    /** Runs on the main thread: Ctrl-C ends the run like -d does; a second Ctrl-C kills it. */
    @SuppressWarnings("removal")
    private void installSigint() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> {
                if ((rs.getRunningAcquire() & RunState.THR_DUR_OVER) != 0) {
                    Runtime.getRuntime().halt(130);
                }
                rs.setFlag(RunState.THR_DUR_OVER);
                stopUs = nowUs + 500_000L;
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGINT handling on this platform: Ctrl-C ends the JVM directly
        }
    }

    private static void sleepMillis(long ms) {
        long deadline = System.nanoTime() + ms * 1_000_000L;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
