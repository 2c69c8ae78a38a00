package io.sluice.core.conn;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A bounded multi-producer single-consumer ring of {@code long} values (HAProxy's per-thread accept queue): accepting
 * threads offer packed (fd, listener) pairs, the owner loop thread polls them. No allocation.
 *
 * <p>Protocol (Vyukov's bounded queue, one consumer): slot i holds a sequence {@code seq[i]}.
 * <ol>
 *   <li>HR-1 producer: t = tail; if {@code seq[t & mask] == t} the slot is free: CAS tail t → t+1.</li>
 *   <li>HR-2 the CAS winner writes {@code vals[i]} (plain), then {@code seq[i] = t + 1} (volatile): publishes.</li>
 *   <li>HR-3 if {@code seq[i] < t} the ring is full: offer returns false (the caller keeps the fd itself).</li>
 *   <li>HR-4 consumer: {@code seq[head & mask] == head + 1} → read {@code vals}, then {@code seq = head + capacity}
 *       (volatile) frees the slot for the producer one lap later.</li>
 * </ol>
 * Happens-before: HR-2's volatile store → HR-4's volatile load (the value is visible); HR-4's store → HR-1's
 * load in the next lap (the consumer finished reading before a producer overwrites). Producers are lock-free (a failed CAS
 * means another producer progressed); a producer descheduled between HR-1 and HR-2 only delays the consumer, which
 * stops at that slot and retries when woken again.
 */
public final class HandoffRing {
    /** {@link #poll()} result when empty. */
    public static final long EMPTY = Long.MIN_VALUE;

    private final long[] vals;
    private final AtomicLongArray seq;
    private final int mask;
    private final AtomicLong tail = new AtomicLong();
    private long head;

    /** Runs on any thread: a ring of {@code capacity} (rounded up to a power of two) slots. */
    public HandoffRing(int capacity) {
        int cap = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        vals = new long[cap];
        seq = new AtomicLongArray(cap);
        for (int i = 0; i < cap; i++) {
            seq.set(i, i);
        }
        mask = cap - 1;
    }

    /** Runs on any thread: HR-1..3; false when full. */
    public boolean offer(long v) {
        for (;;) {
            long t = tail.get();
            int i = (int) t & mask;
            long s = seq.get(i);
            if (s == t) {
                if (tail.compareAndSet(t, t + 1)) {
                    vals[i] = v;
                    seq.set(i, t + 1);
                    return true;
                }
            } else if (s < t) {
                return false;
            }
        }
    }

    /** Runs on the consumer thread only: HR-4; {@link #EMPTY} when nothing is published. */
    public long poll() {
        int i = (int) head & mask;
        if (seq.get(i) != head + 1) {
            return EMPTY;
        }
        long v = vals[i];
        seq.set(i, head + vals.length);
        head++;
        return v;
    }

    /** Runs on any thread: approximate number of queued values. */
    public int size() {
        return (int) Math.max(0, tail.get() - head);
    }
}
