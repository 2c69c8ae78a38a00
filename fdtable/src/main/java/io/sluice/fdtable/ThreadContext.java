package io.sluice.fdtable;

import java.util.Arrays;

/**
 * The per-loop-thread side of the fd table: identity ({@code tid}, {@code tgid}, {@code ltid}, {@code ltidBit}),
 * the local update list ({@code fd_updt[]} + {@code fd_nbupdt}) and the thread's fd counters. Owned by one loop
 * thread: every method runs on that thread only and nothing here is thread-safe.
 *
 * <p>The local update list holds fds whose polling this thread's poller must re-evaluate. An fd is appended only
 * by the thread that just set its own bit in the fd's {@code update_mask} (so at most once per life and
 * thread); the poller drains it with {@link FdTable#drainLocalUpdates(ThreadContext)} or by hand with
 * {@link #localUpdateCount()}, {@link #localUpdateAt(int)} and {@link #clearLocalUpdates()}. The array starts
 * small and doubles when full (a rare allocation, never in steady state).
 *
 * <p>Create one per loop thread with plain {@code new} (model-checking tests rely on that).
 */
public final class ThreadContext {

    /** Global thread id, 0-based. */
    public final int tid;
    /** Thread group, 1..16. */
    public final int tgid;
    /** Local thread id in the group, 0..63. */
    public final int ltid;
    /** {@code 1L << ltid}: this thread's bit in every mask of its group's fds. */
    public final long ltidBit;

    private int[] fdUpdt;
    private int nbUpdt;
    private long rnd;

    /** Number of events dropped because the fd was closed or in another group (HAProxy's poll_drop_fd). */
    long pollDropFd;
    /** Number of events skipped because this thread was not welcome (HAProxy's poll_skip_fd). */
    long pollSkipFd;

    /**
     * Creates the context of thread {@code tid}; runs on any thread, before the loop starts.
     *
     * @param threads the topology
     * @param tid global thread id
     */
    public ThreadContext(ThreadSet threads, int tid) {
        if (tid < 0 || tid >= threads.nbThread()) {
            throw new IllegalArgumentException("tid " + tid + " out of 0.." + (threads.nbThread() - 1));
        }
        this.tid = tid;
        this.tgid = threads.tgidOf(tid);
        this.ltid = threads.ltidOf(tid);
        this.ltidBit = 1L << ltid;
        this.fdUpdt = new int[16];
        this.rnd = 0x9E3779B97F4A7C15L * (tid + 1);
    }

    /** Returns the number of fds in the local update list; loop thread. @return fd_nbupdt */
    public int localUpdateCount() {
        return nbUpdt;
    }

    /**
     * Returns an entry of the local update list; loop thread.
     *
     * @param i index, 0 ≤ i &lt; {@link #localUpdateCount()}
     * @return the fd number
     */
    public int localUpdateAt(int i) {
        if (i >= nbUpdt) {
            throw new IndexOutOfBoundsException(i);
        }
        return fdUpdt[i];
    }

    /** Empties the local update list after the poller applied it; loop thread. */
    public void clearLocalUpdates() {
        nbUpdt = 0;
    }

    /** Returns the poll_drop_fd counter; loop thread (or racy read for {@code show activity}). @return count */
    public long pollDropFd() {
        return pollDropFd;
    }

    /** Returns the poll_skip_fd counter; loop thread (or racy read for {@code show activity}). @return count */
    public long pollSkipFd() {
        return pollSkipFd;
    }

    /** Counts one dropped event or update; loop thread (the poller calls it for events it drops itself). */
    public void countPollDrop() {
        pollDropFd++;
    }

    /** Appends to the local list; loop thread, after winning the BTS of this thread's update_mask bit. */
    void appendLocalUpdate(int fd) {
        if (nbUpdt == fdUpdt.length) {
            fdUpdt = Arrays.copyOf(fdUpdt, nbUpdt * 2);
        }
        fdUpdt[nbUpdt++] = fd;
    }

    /** ORPH-6: drops the last local entry if it is {@code fd}; loop thread. */
    void trimLocalUpdate(int fd) {
        if (nbUpdt > 0 && fdUpdt[nbUpdt - 1] == fd) {
            nbUpdt--;
        }
    }

    /** Picks one bit of a non-empty mask, pseudo-randomly, without allocating; loop thread. */
    int randomBit(long mask) {
        long x = rnd;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        rnd = x;
        int n = Long.bitCount(mask);
        int skip = (int) Long.remainderUnsigned(x, n);
        long m = mask;
        for (int i = 0; i < skip; i++) {
            m &= m - 1;
        }
        return Long.numberOfTrailingZeros(m);
    }

    @Override
    public String toString() {
        return "tid=" + tid + " tgid=" + tgid + " ltid=" + ltid;
    }
}
