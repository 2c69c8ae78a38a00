package io.sluice.poller;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import io.sluice.fdtable.FdState;
import io.sluice.fdtable.FdTable;
import io.sluice.fdtable.OsClose;
import io.sluice.fdtable.PollerHooks;
import io.sluice.fdtable.RaceWindows;
import io.sluice.fdtable.ThreadContext;
import io.sluice.fdtable.ThreadSet;
import io.sluice.poller.sys.FdIo;
import io.sluice.poller.sys.SysException;
import io.sluice.poller.sys.Sockets;

/**
 * All loop threads of the process, the fd table they share, and the hooks the fd table calls
 * (wake a thread, apply an update, close an fd); built on main before the threads start, then
 * used from any thread.
 *
 * <p>Life cycle: {@link #Pollers(PollerConfig)} creates the fd table, one {@link PollLoop} per
 * thread (epoll instance, eventfd, event array) on the calling thread; {@link #start()} starts one
 * {@link LoopThread} per loop; {@link #stop()} asks every loop to leave and joins them;
 * {@link #close()} stops if needed and closes the epoll fds and eventfds.
 */
public final class Pollers implements PollerHooks, OsClose, AutoCloseable {

    private final PollerConfig cfg;
    private final ThreadSet threads;
    private final FdTable fdTable;
    private final PollLoop[] loops;
    private final LoopThread[] loopThreads;
    private final AtomicLong closeErrors = new AtomicLong();
    private final AtomicLong handlerErrors = new AtomicLong();
    private volatile BiConsumer<PollLoop, Throwable> errorHandler;
    private volatile boolean started;
    private volatile boolean closed;

    /** Runs on main before start: builds the fd table and one loop per thread. */
    public Pollers(PollerConfig cfg) throws SysException {
        this(cfg, RaceWindows.DISABLED, 0);
    }

    /**
     * Runs on main before start: same, with the fd table's race widening
     * ({@code tune.debug.race-widen}: {@code RaceWindows.of(n)}) and spin limit (0 in production;
     * tests set one so that a livelock fails instead of hanging).
     */
    public Pollers(PollerConfig cfg, RaceWindows windows, long spinLimit) throws SysException {
        this.cfg = cfg;
        this.threads = cfg.threads();
        this.fdTable = new FdTable(cfg.fdTableSize(), threads, this, this, windows, spinLimit);
        int n = threads.nbThread();
        this.loops = new PollLoop[n];
        this.loopThreads = new LoopThread[n];
        try {
            for (int tid = 0; tid < n; tid++) {
                loops[tid] = new PollLoop(this, fdTable, new ThreadContext(threads, tid), cfg);
            }
        } catch (SysException | RuntimeException e) {
            for (PollLoop l : loops) {
                if (l != null) {
                    l.closeQuietly();
                }
            }
            throw e;
        }
    }

    /** Runs on any thread: the configuration. */
    public PollerConfig config() {
        return cfg;
    }

    /** Runs on any thread: the fd table. */
    public FdTable fdTable() {
        return fdTable;
    }

    /**
     * Runs on any thread: the {@code FdTable.insert} flags for a connection fd (HAProxy sets
     * FD_ET_POSSIBLE only for {@code sock_conn_iocb}): FD_ET_POSSIBLE when
     * {@code tune.fd.edge-triggered on}, else 0. Listeners, pipes and the CLI use 0.
     */
    public int connectionInsertFlags() {
        return cfg.edgeTriggered() ? FdState.FD_ET_POSSIBLE : 0;
    }

    /**
     * Runs on any thread: every loop's {@code show activity} counters, {@code [tid][Activity.X]}
     * (racy snapshot; fdtable's poll_drop_fd / poll_skip_fd merged in).
     */
    public long[][] activitySnapshot() {
        long[][] out = new long[loops.length][Activity.NAMES.length];
        for (int tid = 0; tid < loops.length; tid++) {
            for (int i = 0; i < Activity.NAMES.length; i++) {
                out[tid][i] = loops[tid].counter(i);
            }
        }
        return out;
    }

    /** Runs on any thread: the number of loops ({@code nbthread}). */
    public int size() {
        return loops.length;
    }

    /** Runs on any thread: loop {@code tid}. */
    public PollLoop loop(int tid) {
        return loops[tid];
    }

    /** Runs on any thread: the loop running the calling thread, null if it is not a loop thread. */
    public static PollLoop currentLoop() {
        return Thread.currentThread() instanceof LoopThread lt ? lt.loop : null;
    }

    /**
     * Runs on any thread: installs the handler told about exceptions thrown by task handlers and by
     * fd iocbs (on the failing loop's thread; it must not block: proxy-core hands it to the async
     * log). The default only counts them; either way the loop goes on.
     */
    public void onHandlerError(BiConsumer<PollLoop, Throwable> handler) {
        this.errorHandler = handler;
    }

    /** Runs on any thread: handler exceptions caught by all loops. */
    public long handlerErrors() {
        return handlerErrors.get();
    }

    /** Runs on any thread: OS close failures (the fd is released anyway on Linux). */
    public long closeErrors() {
        return closeErrors.get();
    }

    /** Runs on main: starts one loop thread per loop (named {@code sluice-loop-<tid>}, daemon). */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("loops already started");
        }
        started = true;
        for (int tid = 0; tid < loops.length; tid++) {
            loopThreads[tid] = new LoopThread(loops[tid]);
            loops[tid].bindThread(loopThreads[tid]);
            loopThreads[tid].start();
        }
    }

    /**
     * Runs on any non-loop thread: asks every loop to stop after its current pass and waits for
     * them; returns false if one did not stop within {@code timeoutMs}.
     */
    public boolean stop(long timeoutMs) throws InterruptedException {
        if (currentLoop() != null) {
            throw new IllegalStateException("Pollers.stop() called from loop thread " + currentLoop().tid()
                    + ": it would wait for itself; call PollLoop.stop() on each loop instead");
        }
        for (PollLoop l : loops) {
            l.stop();
        }
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        boolean all = true;
        for (LoopThread t : loopThreads) {
            if (t == null) {
                continue;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            t.join(Math.max(1, left));
            all &= !t.isAlive();
        }
        return all;
    }

    /**
     * Runs on main at exit: stops the loops (5 s at most), then closes their epoll fds and
     * eventfds. If a loop does not stop, or the wait is interrupted (the interrupt is kept), its
     * fds are left open and {@link IllegalStateException} is thrown.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        boolean stopped;
        try {
            stopped = stop(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the loops; fds left open", e);
        }
        if (!stopped) {
            throw new IllegalStateException("a loop thread did not stop within 5 s; fds left open");
        }
        closed = true;
        for (PollLoop l : loops) {
            l.closeQuietly();
        }
    }

    // ----------------------------------------------------------------------------------------------
    // PollerHooks / OsClose (called by the fd table).

    /** Runs on any thread: wakes loop {@code tid} (HAProxy's {@code wake_thread}). */
    @Override
    public void wakeThread(int tid) {
        loops[tid].wakeThread();
    }

    /** Runs on loop thread {@code ctx}: HAProxy's {@code _update_fd} on that loop's epoll. */
    @Override
    public void updateFd(ThreadContext ctx, int fd) {
        loops[ctx.tid].updateFd(fd);
    }

    /** Runs on the closing thread: removes a cloned fd from the epoll of each thread polling it. */
    @Override
    public void clo(int fd, int tgid, long polledMask) {
        int base = threads.base(tgid);
        long m = polledMask;
        while (m != 0) {
            int ltid = Long.numberOfTrailingZeros(m);
            m &= m - 1;
            loops[base + ltid].forget(fd);
        }
    }

    /** Runs on the thread that won the close (ORPH-8): RST linger if asked, then {@code close(fd)}. */
    @Override
    public void close(int fd, boolean lingerRst) {
        if (lingerRst) {
            try {
                Sockets.setLingerReset(fd, true);
            } catch (SysException e) {
                closeErrors.incrementAndGet();
            }
        }
        try {
            FdIo.close(fd);
        } catch (SysException e) {
            closeErrors.incrementAndGet();
        }
    }

    void handlerFailed(PollLoop loop, Throwable e) {
        handlerErrors.incrementAndGet();
        BiConsumer<PollLoop, Throwable> h = errorHandler;
        if (h != null) {
            try {
                h.accept(loop, e);
            } catch (RuntimeException ignored) {
                // NOTE: a failing error handler must not take the loop down with it.
            }
        }
    }

    /** The thread of one loop; {@link #currentLoop()} recognises it. */
    public static final class LoopThread extends Thread {
        final PollLoop loop;

        LoopThread(PollLoop loop) {
            super("sluice-loop-" + loop.tid());
            this.loop = loop;
            setDaemon(true);
        }

        /** Runs on this thread: the loop. */
        @Override
        public void run() {
            loop.run();
        }

        /** Runs on any thread: the loop this thread runs. */
        public PollLoop loop() {
            return loop;
        }
    }
}
