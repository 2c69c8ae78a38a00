package io.sluice.poller;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One loop thread's activity counters for {@code show activity} (HAProxy's {@code struct activity},
 * same names); written by the owner thread only, read by any thread.
 *
 * <p>NOTE: writes are opaque-mode increments by the single owner (no lost updates, since nobody
 * else writes) and readers use opaque reads: a reader on another thread (the CLI) may see a value
 * a few events old, which {@code show activity} tolerates; longs never tear with VarHandle access.
 * The array is padded on both sides so two threads' counters never share a cache line.
 */
public final class Activity {

    /** Loop iterations. */
    public static final int LOOPS = 0;
    /** Wake-ups because tasks were found after setting SLEEPING (the re-check won). */
    public static final int WAKE_TASKS = 1;
    /** Wake-ups by signal (reserved for the signal handler task). */
    public static final int WAKE_SIGNAL = 2;
    /** eventfd kicks received (another thread woke this one from epoll_wait). */
    public static final int WAKEUPS = 3;
    /** epoll_wait calls that returned at least one event. */
    public static final int POLL_IO = 4;
    /** epoll_wait calls that returned none (timer expiry or timeout). */
    public static final int POLL_EXP = 5;
    /** Events or updates dropped by the poller itself (fd closed / owner gone). */
    public static final int POLL_DROP_FD = 6;
    /** Events skipped by the poller (reserved; fdtable counts the "not welcome" ones). */
    public static final int POLL_SKIP_FD = 7;
    /** Connections found dead (for proxy-core). */
    public static final int CONN_DEAD = 8;
    /** Stream handler calls (for proxy-core). */
    public static final int STREAM_CALLS = 9;
    /** Scheduler passes that found nothing to run. */
    public static final int EMPTY_RQ = 10;
    /** Scheduler passes that used their whole budget (work left over). */
    public static final int LONG_RQ = 11;
    /** Connections accepted by this thread (for proxy-core). */
    public static final int ACCEPTED = 12;
    /** Accepted connections pushed to another thread (for proxy-core). */
    public static final int ACCQ_PUSHED = 13;
    /** Accept pushes that found the target full (for proxy-core). */
    public static final int ACCQ_FULL = 14;
    /** fd takeovers won by this thread (for proxy-core). */
    public static final int FD_TAKEOVER = 15;
    /** Handler calls (tasks and tasklets). */
    public static final int CTXSW = 16;
    /** Tasks moved from the run queue to run. */
    public static final int TASKSW = 17;
    /** eventfd kicks sent to other threads. */
    public static final int WAKE_SENT = 18;
    /** epoll_ctl calls (ADD, MOD, DEL). */
    public static final int POLL_CTL = 19;

    /** Counter names in index order, as {@code show activity} prints them. */
    public static final String[] NAMES = {
        "loops", "wake_tasks", "wake_signal", "wakeups", "poll_io", "poll_exp", "poll_drop_fd", "poll_skip_fd",
        "conn_dead", "stream_calls", "empty_rq", "long_rq", "accepted", "accq_pushed", "accq_full",
        "fd_takeover", "ctxsw", "tasksw", "wake_sent", "poll_ctl",
    };

    private static final int PAD = 8;
    private static final VarHandle VH = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] counters = new long[PAD + NAMES.length + PAD];

    /** Runs on the owner thread: adds 1 to counter {@code idx}. */
    public void inc(int idx) {
        int i = PAD + idx;
        VH.setOpaque(counters, i, (long) VH.getOpaque(counters, i) + 1);
    }

    /** Runs on the owner thread: adds {@code n} to counter {@code idx}. */
    public void add(int idx, long n) {
        int i = PAD + idx;
        VH.setOpaque(counters, i, (long) VH.getOpaque(counters, i) + n);
    }

    /** Runs on any thread: current value of counter {@code idx} (opaque read, may lag). */
    public long get(int idx) {
        return (long) VH.getOpaque(counters, PAD + idx);
    }
}
