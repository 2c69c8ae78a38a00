package io.sluice.poller;

import static io.sluice.fdtable.FdState.FD_EV_ACTIVE_R;
import static io.sluice.fdtable.FdState.FD_EV_ACTIVE_RW;
import static io.sluice.fdtable.FdState.FD_EV_ACTIVE_W;
import static io.sluice.fdtable.FdState.FD_EV_ERR_RW;
import static io.sluice.fdtable.FdState.FD_EV_READY_R;
import static io.sluice.fdtable.FdState.FD_EV_READY_W;
import static io.sluice.fdtable.FdState.FD_EV_SHUT_R;
import static io.sluice.fdtable.FdState.FD_EV_SHUT_RW;
import static io.sluice.fdtable.FdState.FD_ET_POSSIBLE;
import static io.sluice.fdtable.FdState.FD_POLL_ERR;
import static io.sluice.poller.TaskFlags.TH_FL_SLEEPING;
import static io.sluice.poller.TaskFlags.TH_FL_STOPPING;
import static io.sluice.poller.sys.EpollInstance.EPOLLERR;
import static io.sluice.poller.sys.EpollInstance.EPOLLET;
import static io.sluice.poller.sys.EpollInstance.EPOLLHUP;
import static io.sluice.poller.sys.EpollInstance.EPOLLIN;
import static io.sluice.poller.sys.EpollInstance.EPOLLOUT;
import static io.sluice.poller.sys.EpollInstance.EPOLLRDHUP;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

import io.sluice.fdtable.FdTable;
import io.sluice.fdtable.ThreadContext;
import io.sluice.poller.sys.Errno;
import io.sluice.poller.sys.EpollInstance;
import io.sluice.poller.sys.EventFds;
import io.sluice.poller.sys.FdIo;
import io.sluice.poller.sys.SysException;

/**
 * One loop thread: HAProxy's {@code run_poll_loop} with the epoll poller's {@code _do_poll} and
 * {@code _update_fd}; {@link #run()} runs on the loop's own thread, the few methods other threads
 * may call say so.
 *
 * <p>Cross-thread protocol (package documentation, steps WAKE-1..WAKE-4): a waker first publishes
 * the work (inbox offer, or an fd update on the group list), then {@link #wakeThread()} ORs
 * NOTIFIED into {@code flags} and kicks the eventfd only if the old flags had SLEEPING without
 * NOTIFIED. The loop, with nothing to run, ORs SLEEPING, clears NOTIFIED, then re-checks its
 * inbox; both sides use volatile read-modify-writes, so either the loop sees the work, or the
 * waker sees SLEEPING and kicks.
 */
public final class PollLoop {

    private static final VarHandle VH_PROGRESS;

    static {
        try {
            VH_PROGRESS = MethodHandles.lookup().findVarHandle(PollLoop.class, "progress", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Pollers pollers;
    private final FdTable fdt;
    private final ThreadContext ctx;
    private final int tid;
    private final int maxDelayMs;
    private final EpollInstance ep;
    private final int wakeFd;
    /** 8-byte direct buffer for eventfd drains; owner only, never freed (lives as long as the loop). */
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(8);
    private final Scheduler sched;
    private final TimerHeap timers = new TimerHeap();
    private final Activity activity = new Activity();

    /** TH_FL_* bits and the wake-up protocol steps (WAKE-1..3). */
    private final LoopFlags flags = new LoopFlags(0);
    /** Progress counter for the watchdog: owner writes (release), watchdog reads (volatile). */
    @SuppressWarnings("unused")
    private volatile long progress;
    /** The loop's thread, set once before it starts ({@link #bindThread} or {@link #run()}); null before. */
    private volatile Thread thread;
    /** Current tick, refreshed at each pass and after each epoll_wait; owner thread only. */
    private long nowMs = Ticks.now();
    /** epoll_ctl failures other than the expected ones; owner writes, racy reads. */
    private long ctlErrors;

    PollLoop(Pollers pollers, FdTable fdt, ThreadContext ctx, PollerConfig cfg) throws SysException {
        this.pollers = pollers;
        this.fdt = fdt;
        this.ctx = ctx;
        this.tid = ctx.tid;
        this.maxDelayMs = cfg.maxDelayMs();
        this.sched = new Scheduler(this, cfg.runqueueDepth());
        this.ep = EpollInstance.create(cfg.maxPollEvents());
        int efd;
        try {
            efd = EventFds.create();
            ep.add(efd, EPOLLIN);
        } catch (SysException e) {
            ep.close();
            throw e;
        }
        this.wakeFd = efd;
    }

    /** Runs on any thread: global thread id. */
    public int tid() {
        return tid;
    }

    /** Runs on any thread: this loop's fd-table context (tid, tgid, ltid bit, local update list). */
    public ThreadContext context() {
        return ctx;
    }

    /** Runs on any thread: the epoll fd number (diagnostics: {@code /proc/self/fdinfo}, show threads). */
    public int epollFd() {
        return ep.fd();
    }

    /** Runs on any thread: the process's loops, fd table and hooks. */
    public Pollers pollers() {
        return pollers;
    }

    /** Runs on any thread: the activity counters. */
    public Activity activity() {
        return activity;
    }

    /** Runs on the owner thread: the tick of the current pass. */
    public long now() {
        return nowMs;
    }

    /** Runs on any thread: the thread running this loop, null before start. */
    public Thread thread() {
        return thread;
    }

    /** Runs on any thread: true when called from this loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs on any thread: TH_FL_* flags (volatile read). */
    public int flags() {
        return flags.get();
    }

    /** Runs on any thread (watchdog): true while the loop waits in epoll_wait with nothing to run. */
    public boolean isSleeping() {
        return (flags() & TH_FL_SLEEPING) != 0;
    }

    /** Runs on any thread (watchdog): the progress counter; it moves at every pass and handler call. */
    public long progress() {
        return (long) VH_PROGRESS.getVolatile(this);
    }

    /**
     * Runs on the watchdog thread: sets TH_FL_STUCK and returns whether it was already set (the
     * loop clears it whenever it makes progress, so "already set" means no progress since the last
     * call).
     */
    public boolean markStuck() {
        return flags.markStuck();
    }

    /** Runs on any thread: show activity's value of counter {@code idx} (fdtable's counts merged). */
    public long counter(int idx) {
        long v = activity.get(idx);
        if (idx == Activity.POLL_DROP_FD) {
            v += ctx.pollDropFd();
        } else if (idx == Activity.POLL_SKIP_FD) {
            v += ctx.pollSkipFd();
        }
        return v;
    }

    /** Runs on any thread: handler exceptions caught so far (racy read). */
    public long handlerErrors() {
        return sched.handlerErrors;
    }

    /** Runs on any thread: epoll_ctl failures so far (racy read). */
    public long ctlErrors() {
        return ctlErrors;
    }

    /** Runs on the owner thread: queued tasks and tasklets (diagnostics). */
    public int runQueueSize() {
        return sched.queued();
    }

    /** Runs on the owner thread: armed timers (diagnostics, tests). */
    public int timerCount() {
        return timers.size();
    }

    /**
     * Runs on any thread: runs {@code r} on this loop soon (a tasklet woken here); allocates, for
     * cold paths (CLI, start-up, tests). Hot paths wake their own pre-built tasklets.
     */
    public void execute(Runnable r) {
        new Tasklet(this, (self, c, s) -> {
            ((Runnable) c).run();
            return null;
        }, r).wakeup();
    }

    /**
     * Runs on any thread, WAKE-3: HAProxy's {@code wake_thread}: OR NOTIFIED, and write the eventfd
     * only if the loop was SLEEPING and not yet NOTIFIED.
     */
    public void wakeThread() {
        if (flags.notifyNeedsKick()) {
            try {
                EventFds.signal(wakeFd);
            } catch (RuntimeException e) {
                // NOTE: only after Pollers.close() (eventfd closed): the loop is gone, nothing to wake.
                return;
            }
            // The kick is counted by the waker if it is a loop (owner-only counters).
            PollLoop me = Pollers.currentLoop();
            if (me != null) {
                me.activity.inc(Activity.WAKE_SENT);
            }
        }
    }

    /** Runs on any thread: asks the loop to leave {@link #run()} after its current pass. */
    public void stop() {
        flags.setStopping();
        wakeThread();
    }

    // ----------------------------------------------------------------------------------------------
    // Scheduler entry points (called by Tasklet/Task after they won IN_LIST / QUEUED).

    void enqueueTasklet(Tasklet tl) {
        if (inLoop()) {
            sched.insertLocalTasklet(tl);
        } else {
            sched.offerRemote(tl);
            wakeThread();
        }
    }

    void enqueueTask(Task t) {
        if (inLoop()) {
            sched.insertLocalTask(t);
        } else {
            sched.offerRemote(t);
            wakeThread();
        }
    }

    TimerHeap timers() {
        return timers;
    }

    /** Asserts the caller is the owner (or the loop has not started: start-up code on main). */
    void assertInLoop() {
        assert thread == null || inLoop() : "must run on loop " + tid + ", not on " + Thread.currentThread();
    }

    /** Runs on main in {@link Pollers#start()}: binds the loop to its thread before it starts. */
    void bindThread(Thread t) {
        thread = t;
    }

    /** Runs on the owner thread: publishes progress and clears TH_FL_STUCK if the watchdog set it. */
    void madeProgress() {
        VH_PROGRESS.setRelease(this, (long) VH_PROGRESS.getOpaque(this) + 1);
        flags.clearStuck();
    }

    void onHandlerError(Throwable e) {
        pollers.handlerFailed(this, e);
    }

    // ----------------------------------------------------------------------------------------------
    // run_poll_loop

    /**
     * Runs on this loop's thread until {@link #stop()}: HAProxy's {@code run_poll_loop} (LOOP-1..4
     * in the package documentation). WAKE-4: the epoll fd and the eventfd stay open after it returns: a
     * waker may still be between its flag check and its eventfd write, and closing the eventfd
     * under it could make that write land on a reused fd number. {@link Pollers#close()} closes
     * them once every loop has stopped.
     */
    public void run() {
        if (thread == null) {
            thread = Thread.currentThread();
        } else if (thread != Thread.currentThread()) {
            throw new IllegalStateException("loop " + tid + " is bound to " + thread.getName());
        }
        try {
            for (;;) {
                // LOOP-1: progress, clock, expired timers.
                madeProgress();
                activity.inc(Activity.LOOPS);
                nowMs = Ticks.now();
                timers.wakeExpired(nowMs);
                // LOOP-2: tasks and tasklets within tune.runqueue-depth.
                sched.processRunnable();
                if ((flags() & TH_FL_STOPPING) != 0) {
                    break;
                }
                // LOOP-3 (WAKE-1, WAKE-2): nothing runnable -> SLEEPING, clear NOTIFIED, re-check.
                boolean wake = true;
                if (!sched.hasTasks()) {
                    flags.setSleeping(); // WAKE-1
                    flags.clearNotified(); // WAKE-2
                    if (sched.hasTasks() || (flags() & TH_FL_STOPPING) != 0) {
                        activity.inc(Activity.WAKE_TASKS);
                        flags.clearSleeping();
                    } else {
                        wake = false;
                    }
                }
                // LOOP-4: the next timer bounds the wait.
                long next = wake ? Ticks.ETERNITY : timers.nextExpiry();
                doPoll(next, wake);
            }
        } catch (RuntimeException | Error e) {
            // Not a handler's nor an iocb's failure (caught in the scheduler / doPoll): epoll_wait failed or the
            // fd table gave up (spin limit). The loop is dead; say so, then let the thread end.
            flags.setStopping();
            onHandlerError(e);
            throw e;
        } finally {
            flags.clearSleeping();
        }
    }

    /** Runs on the owner thread: one {@code _do_poll} (POLL-1..5). */
    private void doPoll(long next, boolean wake) {
        // POLL-1, POLL-2: local update list, then the group's global list (fdtable calls updateFd).
        fdt.drainLocalUpdates(ctx);
        fdt.applyGlobalUpdates(ctx);
        // POLL-3: timeout from the next timer, 0 if woken.
        int timeout = wake ? 0 : Ticks.pollTimeout(next, Ticks.now(), maxDelayMs);
        int n;
        try {
            n = ep.waitEvents(timeout);
        } catch (SysException e) {
            throw new IllegalStateException("epoll_wait failed on loop " + tid + ": " + e.getMessage(), e);
        }
        // POLL-4: leaving poll: clock, progress, SLEEPING cleared.
        nowMs = Ticks.now();
        madeProgress();
        flags.clearSleeping();
        activity.inc(n > 0 ? Activity.POLL_IO : Activity.POLL_EXP);
        // POLL-5: one fdtable.updateEvents per reported fd.
        for (int i = 0; i < n; i++) {
            int fd = ep.fdAt(i);
            int e = ep.events(i);
            if (fd == wakeFd) {
                drainWakeFd();
                continue;
            }
            if (fd < 0 || fd >= fdt.size()) {
                activity.inc(Activity.POLL_DROP_FD);
                continue;
            }
            int ev = ((e & EPOLLIN) != 0 ? FD_EV_READY_R : 0)
                    | ((e & EPOLLOUT) != 0 ? FD_EV_READY_W : 0)
                    | ((e & EPOLLRDHUP) != 0 ? FD_EV_SHUT_R : 0)
                    | ((e & EPOLLHUP) != 0 ? FD_EV_SHUT_RW : 0)
                    | ((e & EPOLLERR) != 0 ? FD_EV_ERR_RW : 0);
            madeProgress(); // fd_update_events step 1: clears TH_FL_STUCK
            try {
                fdt.updateEvents(fd, ev, ctx);
            } catch (RuntimeException | Error failure) {
                // An iocb threw: fdtable already released the fd's running bit (UPD-10), so the fd
                // stays usable. Report it and go on with the next event.
                onHandlerError(failure);
            }
        }
    }

    private void drainWakeFd() {
        try {
            EventFds.drain(wakeFd, scratch);
        } catch (SysException e) {
            ctlErrors++;
        }
        activity.inc(Activity.WAKEUPS);
    }

    /**
     * Runs on the owner thread, from fdtable's drain/walk while it holds a tgid reference on
     * {@code fd}: HAProxy's {@code _update_fd} (UPFD-1..6 in the package documentation).
     */
    void updateFd(int fd) {
        long me = ctx.ltidBit;
        // UPFD-1: state and this thread's polled bits.
        int en = fdt.state(fd);
        long pr = fdt.polledRecv(fd);
        long ps = fdt.polledSend(fd);
        int opcode;
        int events;
        // UPFD-2: edge-triggered: registered once for both directions, never MODded nor DELed here.
        if ((en & FD_ET_POSSIBLE) != 0) {
            if ((pr & ps & me) != 0) {
                return;
            }
            fdt.setPolled(fd, ctx, true, true);
            ctl(OP_ADD, fd, EPOLLIN | EPOLLRDHUP | EPOLLOUT | EPOLLET);
            return;
        }
        // UPFD-3: anti-flap: while nothing is cached for reading, keep the read subscription if we
        // poll for writes or already poll the fd.
        if ((en & (FD_EV_READY_R | FD_EV_SHUT_R | FD_EV_ERR_RW | FD_POLL_ERR)) == 0
                && ((en & FD_EV_ACTIVE_W) != 0 || ((ps | pr) & me) != 0)) {
            en |= FD_EV_ACTIVE_R;
        }
        boolean wantR = (en & FD_EV_ACTIVE_R) != 0;
        boolean wantW = (en & FD_EV_ACTIVE_W) != 0;
        boolean welcome = (fdt.threadMask(fd) & me) != 0;
        if (((ps | pr) & me) != 0) {
            // UPFD-4: we poll it: DEL if migrated or inactive, else MOD if the directions changed.
            if (!welcome || (en & FD_EV_ACTIVE_RW) == 0) {
                fdt.setPolled(fd, ctx, false, false);
                ctl(OP_DEL, fd, 0);
                return;
            }
            if (wantR == ((pr & me) != 0) && wantW == ((ps & me) != 0)) {
                return;
            }
            opcode = OP_MOD;
        } else if (welcome && (en & FD_EV_ACTIVE_RW) != 0) {
            // UPFD-5: new fd in our epoll.
            opcode = OP_ADD;
        } else {
            return;
        }
        fdt.setPolled(fd, ctx, wantR, wantW);
        // UPFD-6: event mask from the active directions.
        events = (wantR ? EPOLLIN | EPOLLRDHUP : 0) | (wantW ? EPOLLOUT : 0);
        ctl(opcode, fd, events);
    }

    private static final int OP_ADD = 1;
    private static final int OP_DEL = 2;
    private static final int OP_MOD = 3;

    /**
     * epoll_ctl with HEAD's recovery rules: ADD failing with EEXIST (a registration left from a
     * previous life of the number) becomes DEL + ADD; MOD failing with ENOENT becomes ADD; DEL
     * failing with ENOENT/EBADF is ignored (closing the fd already removed it).
     */
    private void ctl(int op, int fd, int events) {
        activity.inc(Activity.POLL_CTL);
        try {
            switch (op) {
                case OP_ADD -> addOrReplace(fd, events);
                case OP_MOD -> {
                    try {
                        ep.mod(fd, events);
                    } catch (SysException e) {
                        if (e.errno() != Errno.ENOENT) {
                            throw e;
                        }
                        ep.add(fd, events);
                    }
                }
                default -> {
                    try {
                        ep.del(fd);
                    } catch (SysException e) {
                        if (e.errno() != Errno.ENOENT && e.errno() != Errno.EBADF) {
                            throw e;
                        }
                    }
                }
            }
        } catch (SysException e) {
            ctlErrors++;
        }
    }

    private void addOrReplace(int fd, int events) throws SysException {
        try {
            ep.add(fd, events);
        } catch (SysException e) {
            if (e.errno() != Errno.EEXIST) {
                throw e;
            }
            ep.del(fd);
            ep.add(fd, events);
        }
    }

    /**
     * Runs on the closing thread (any loop of the group), ORPH-2 for an FD_CLONED fd: removes
     * {@code fd} from this loop's epoll. epoll_ctl is thread-safe in the kernel, so the closing
     * thread may do it on another thread's instance, as HAProxy's {@code __fd_clo} does.
     */
    void forget(int fd) {
        try {
            ep.del(fd);
        } catch (SysException ignored) {
            // NOTE: already gone (closed, or never registered here): nothing to undo.
        }
    }

    /** Runs on the closing thread once the loop has stopped and nobody wakes it any more. */
    void closeQuietly() {
        try {
            ep.close();
        } catch (SysException ignored) {
            // the process is stopping this loop; nothing to report to
        }
        try {
            FdIo.close(wakeFd);
        } catch (SysException ignored) {
            // same
        }
    }

    @Override
    public String toString() {
        return "loop " + tid + " (" + ctx + ", " + TaskFlags.describeThread(flags()) + ")";
    }
}
