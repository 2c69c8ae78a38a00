package io.sluice.fdtable;

import java.util.Arrays;

/**
 * Immutable thread topology: {@code nbthread} loop threads split into thread groups 1..16 of at most 64 threads,
 * and the set of enabled threads of each group; safe to share between all threads.
 *
 * <p>A thread is {@code tid} (0-based, global) and {@code ltid} (0-based, local to its group {@code tgid}); its
 * {@code ltidBit} is {@code 1L << ltid}. Every per-fd mask is a {@code long} of ltid bits and means nothing
 * without the fd's group. Threads are spread over the groups as HAProxy does: contiguous ranges of tids, the
 * first groups taking one more thread when the division is not exact.
 */
public final class ThreadSet {

    /** Largest number of thread groups (HAProxy's MAX_TGROUPS). */
    public static final int MAX_TGROUPS = 16;
    /** Largest number of threads in one group (one bit each in a {@code long} mask). */
    public static final int MAX_THREADS_PER_GROUP = 64;

    private final int nbThread;
    private final int[] groupBase;
    private final int[] groupCount;
    private final long[] enabled;
    private final int[] tgidOf;

    private ThreadSet(int[] counts, long[] enabledMasks) {
        int groups = counts.length;
        if (groups < 1 || groups > MAX_TGROUPS) {
            throw new IllegalArgumentException("thread-groups must be 1.." + MAX_TGROUPS + ", got " + groups);
        }
        this.groupBase = new int[groups];
        this.groupCount = counts.clone();
        this.enabled = enabledMasks.clone();
        int total = 0;
        for (int g = 0; g < groups; g++) {
            if (counts[g] < 1 || counts[g] > MAX_THREADS_PER_GROUP) {
                throw new IllegalArgumentException("group " + (g + 1) + " must have 1.." + MAX_THREADS_PER_GROUP
                        + " threads, got " + counts[g]);
            }
            long all = allBits(counts[g]);
            if ((enabledMasks[g] & ~all) != 0 || enabledMasks[g] == 0) {
                throw new IllegalArgumentException("group " + (g + 1) + ": enabled mask 0x"
                        + Long.toHexString(enabledMasks[g]) + " must be a non-empty subset of 0x"
                        + Long.toHexString(all));
            }
            groupBase[g] = total;
            total += counts[g];
        }
        this.nbThread = total;
        this.tgidOf = new int[total];
        for (int g = 0; g < groups; g++) {
            Arrays.fill(tgidOf, groupBase[g], groupBase[g] + counts[g], g + 1);
        }
    }

    /**
     * Builds the topology of {@code nbthread} threads over {@code nbgroups} groups, all enabled; any thread.
     *
     * @param nbthread total number of loop threads (≥ nbgroups, ≤ 64 × nbgroups)
     * @param nbgroups number of thread groups, 1..16
     * @return the topology
     */
    public static ThreadSet of(int nbthread, int nbgroups) {
        if (nbgroups < 1 || nbgroups > MAX_TGROUPS) {
            throw new IllegalArgumentException("thread-groups must be 1.." + MAX_TGROUPS + ", got " + nbgroups);
        }
        if (nbthread < nbgroups || nbthread > nbgroups * MAX_THREADS_PER_GROUP) {
            throw new IllegalArgumentException("nbthread " + nbthread + " cannot be split into " + nbgroups
                    + " groups of 1.." + MAX_THREADS_PER_GROUP + " threads");
        }
        int[] counts = new int[nbgroups];
        long[] masks = new long[nbgroups];
        for (int g = 0; g < nbgroups; g++) {
            counts[g] = nbthread / nbgroups + (g < nbthread % nbgroups ? 1 : 0);
            masks[g] = allBits(counts[g]);
        }
        return new ThreadSet(counts, masks);
    }

    /**
     * Builds a topology with explicit group sizes and enabled masks; any thread.
     *
     * @param counts threads per group (index 0 = tgid 1)
     * @param enabledMasks enabled ltid bits per group
     * @return the topology
     */
    public static ThreadSet of(int[] counts, long[] enabledMasks) {
        if (counts.length != enabledMasks.length) {
            throw new IllegalArgumentException("counts and enabled masks differ in length");
        }
        return new ThreadSet(counts, enabledMasks);
    }

    private static long allBits(int n) {
        return n == 64 ? -1L : (1L << n) - 1;
    }

    /** Returns the total number of threads; any thread. @return nbthread */
    public int nbThread() {
        return nbThread;
    }

    /** Returns the number of groups; any thread. @return 1..16 */
    public int nbGroups() {
        return groupCount.length;
    }

    /**
     * Returns the group of a thread; any thread.
     *
     * @param tid global thread id
     * @return tgid, 1..16
     */
    public int tgidOf(int tid) {
        return tgidOf[tid];
    }

    /**
     * Returns the local id of a thread in its group; any thread.
     *
     * @param tid global thread id
     * @return ltid, 0..63
     */
    public int ltidOf(int tid) {
        return tid - groupBase[tgidOf[tid] - 1];
    }

    /**
     * Returns the global id of a group's first thread; any thread.
     *
     * @param tgid 1..16
     * @return tid of ltid 0 of that group
     */
    public int base(int tgid) {
        return groupBase[tgid - 1];
    }

    /**
     * Returns the number of threads of a group; any thread.
     *
     * @param tgid 1..16
     * @return 1..64
     */
    public int count(int tgid) {
        return groupCount[tgid - 1];
    }

    /**
     * Returns the enabled ltid bits of a group (HAProxy's {@code tg->threads_enabled}); any thread.
     *
     * @param tgid 1..16
     * @return non-zero mask
     */
    public long threadsEnabled(int tgid) {
        return enabled[tgid - 1];
    }

    /**
     * Tells whether a tgid names a group of this topology; any thread.
     *
     * @param tgid value to check
     * @return true if 1 ≤ tgid ≤ nbGroups
     */
    public boolean isValidTgid(int tgid) {
        return tgid >= 1 && tgid <= groupCount.length;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ThreadSet[");
        for (int g = 0; g < groupCount.length; g++) {
            sb.append(g == 0 ? "" : ", ").append("tg").append(g + 1).append(":tid ").append(groupBase[g])
                    .append("..").append(groupBase[g] + groupCount[g] - 1).append(" en=0x")
                    .append(Long.toHexString(enabled[g]));
        }
        return sb.append(']').toString();
    }
}
