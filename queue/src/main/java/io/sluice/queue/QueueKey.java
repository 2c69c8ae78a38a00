package io.sluice.queue;

/**
 * The ordering key of a pendconn (KEY-1..KEY-4 in the package protocol): a priority class in the upper 12 bits and
 * an arrival time plus priority offset in the lower 20 bits, which wrap every 2^20 ms (about 17.5 minutes).
 *
 * <pre>
 *   31            20 19                      0
 *  +----------------+-------------------------+
 *  | class + 0x7ff  | (now_ms + offset) & MASK|
 *  +----------------+-------------------------+
 * </pre>
 *
 * <p>Keys are kept in a {@code long} and compared unsigned-wise as HAProxy's {@code u32} (the class field reaches
 * 0xffe, above {@code Integer.MAX_VALUE} once shifted).
 */
public final class QueueKey {

    /** Number of bits of the time field. */
    public static final int TIME_BITS = 20;
    /** Mask of the time field (2^20 − 1 ms). */
    public static final long TIME_MASK = (1L << TIME_BITS) - 1;
    /** Span of the time field: a key time field wraps at this many ms. */
    public static final long TIME_SPAN = 1L << TIME_BITS;
    /** Mask of the class field once shifted into place. */
    public static final long CLASS_MASK = 0xfffL << TIME_BITS;
    /** Largest absolute priority class ({@code set-priority-class} is clamped to ±this). */
    public static final int MAX_CLASS = 0x7ff;
    /** Largest absolute priority offset in ms ({@code set-priority-offset} is clamped to ±this). */
    public static final int MAX_OFFSET = 0x7ffff;
    /** How far back "now" the boundary sits: keys below {@code now − LOOK_BACK} are wrapped ("in the future"). */
    public static final long LOOK_BACK = 1L << 19;

    private QueueKey() {
    }

    /** Runs on any thread; KEY-1: builds the key of a stream of class {@code prioClass} and offset {@code offset}. */
    public static long make(int prioClass, int offset, long nowMs) {
        long cls = clamp(prioClass, MAX_CLASS) + MAX_CLASS;
        long time = (nowMs + clamp(offset, MAX_OFFSET)) & TIME_MASK;
        return (cls << TIME_BITS) | time;
    }

    /** Runs on any thread; the class field of {@code key}, still in place (bits 20..31). */
    public static long keyClass(long key) {
        return key & CLASS_MASK;
    }

    /** Runs on any thread; the time field of {@code key}. */
    public static long keyOffset(long key) {
        return key & TIME_MASK;
    }

    /** Runs on any thread; KEY-2: {@code (now − 2^19) & MASK}, the oldest time field still considered "past". */
    public static long nowOffsetBoundary(long nowMs) {
        return (nowMs - LOOK_BACK) & TIME_MASK;
    }

    /**
     * Runs on any thread; KEY-4: true when the server-queue head {@code serverKey} goes before the backend-queue head
     * {@code backendKey}. Classes first; within a class, time fields below the boundary are wrapped and count
     * 2^20 later; a tie goes to the server queue.
     */
    public static boolean serverFirst(long serverKey, long backendKey, long nowMs) {
        long sc = keyClass(serverKey);
        long bc = keyClass(backendKey);
        if (sc != bc) {
            return sc < bc;
        }
        long boundary = nowOffsetBoundary(nowMs);
        long sk = keyOffset(serverKey);
        long bk = keyOffset(backendKey);
        if (sk < boundary) {
            sk += TIME_SPAN;
        }
        if (bk < boundary) {
            bk += TIME_SPAN;
        }
        return sk <= bk;
    }

    /** Runs on any thread; renders a key as {@code class/time} for test failures. */
    public static String describe(long key) {
        return ((key >>> TIME_BITS) - MAX_CLASS) + "/" + keyOffset(key);
    }

    private static long clamp(int v, int max) {
        return Math.max(-max, Math.min(max, v));
    }
}
