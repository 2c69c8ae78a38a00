package io.sluice.core.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The bounded lock-free multi-producer / single-consumer ring of preallocated {@link LogRecord}s.
 *
 * <p>Producers (loop threads, code holding locks, the watchdog) {@link #tryClaim()} a sequence, fill
 * {@link #record(long)} and {@link #publish(long)} it; they never block and never allocate. A full ring makes
 * {@code tryClaim} return {@link #FULL} and counts a drop ({@link #dropped()}, {@code DroppedLogs} of
 * {@code show info}). The single consumer is the log thread ({@link LogThread}), which {@link #drain drains} in
 * sequence order. The steps ({@code CLAIM-n}, {@code PUB-n}, {@code DRAIN-n}, {@code WAKE-n}) are described in the
 * package documentation.
 */
public final class LogRing {
    /** Returned by {@link #tryClaim()} when the ring is full (the message is dropped and counted). */
    public static final long FULL = -1L;

    private static final VarHandle VH_HEAD;
    private static final VarHandle VH_TAIL;
    private static final VarHandle VH_DROPPED;
    private static final VarHandle VH_PARKED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            VH_HEAD = l.findVarHandle(LogRing.class, "head", long.class);
            VH_TAIL = l.findVarHandle(LogRing.class, "tail", long.class);
            VH_DROPPED = l.findVarHandle(LogRing.class, "dropped", long.class);
            VH_PARKED = l.findVarHandle(LogRing.class, "consumerParked", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LogRecord[] records;
    private final int mask;
    private final LongSupplier clockMillis;

    // Next sequence to claim. Written by producers with CAS (CLAIM-2), read by producers (volatile) and by
    // isEmpty() on the log thread. Starts at 0, only grows.
    @SuppressWarnings("unused")
    private volatile long head;

    // Next sequence the log thread will read. Written only by the log thread (DRAIN-3, release); read by producers
    // with acquire in CLAIM-1 (a slot is free once tail has passed it). Starts at 0, only grows.
    @SuppressWarnings("unused")
    private volatile long tail;

    // Messages dropped because the ring was full. Incremented by producers (getAndAdd), read by anyone.
    @SuppressWarnings("unused")
    private volatile long dropped;

    // WAKE-1: true while the log thread is (about to be) parked. Written by the log thread (volatile), read by
    // producers after PUB-2 (volatile), so a store-load pair on each side: one of them sees the other (Dekker).
    @SuppressWarnings("unused")
    private volatile boolean consumerParked;

    // Tests only (LogRingStressTest): frees a slot before handing it to the handler, the broken variant of
    // DRAIN-2/DRAIN-3. Set before any producer starts; never set in production.
    boolean brokenFreeBeforeRead;

    // The thread that drains; set once by bindConsumer() before the first park.
    private volatile Thread consumer;

    /**
     * Creates a ring; runs on the configuration (main) thread.
     *
     * @param capacity a power of two, the number of records preallocated
     * @param clockMillis the clock stamped on each claimed record (epoch milliseconds)
     */
    public LogRing(int capacity, LongSupplier clockMillis) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("log ring capacity must be a power of two >= 2: " + capacity);
        }
        this.records = new LogRecord[capacity];
        for (int i = 0; i < capacity; i++) {
            records[i] = new LogRecord();
        }
        this.mask = capacity - 1;
        this.clockMillis = clockMillis;
    }

    /** Creates a ring stamped with {@link System#currentTimeMillis()}. */
    public LogRing(int capacity) {
        this(capacity, System::currentTimeMillis);
    }

    /** Returns the number of records; runs on any thread. */
    public int capacity() {
        return records.length;
    }

    /**
     * Claims the next record, or returns {@link #FULL} (and counts a drop) when the log thread is behind by a whole
     * ring; runs on any producer thread, never blocks, allocates nothing. Lock-free: a failed CAS means another
     * producer claimed, so the loop ends when this producer wins or sees the ring full.
     */
    public long tryClaim() {
        long h;
        do {
            h = (long) VH_HEAD.getVolatile(this);
            // CLAIM-1: the slot of h is free once the consumer has moved past h - capacity; pairs with DRAIN-3.
            if (h - (long) VH_TAIL.getAcquire(this) >= records.length) {
                VH_DROPPED.getAndAdd(this, 1L);
                return FULL;
            }
            // CLAIM-2: take the sequence; only one producer wins each h.
        } while (!VH_HEAD.compareAndSet(this, h, h + 1));
        // CLAIM-3: the slot is ours; reset it.
        records[(int) (h & mask)].onClaim(h, clockMillis.getAsLong());
        return h;
    }

    /** Returns the record of a claimed sequence; runs on the claiming thread between claim and publish. */
    public LogRecord record(long seq) {
        return records[(int) (seq & mask)];
    }

    /**
     * Hands a filled record to the log thread and wakes it if it sleeps; runs on the claiming thread.
     *
     * @throws IllegalStateException if {@code seq} is a stale handle (the slot was claimed by someone else since;
     *     seed 004's lesson: a handle that outlives its target must be checked on use)
     */
    public void publish(long seq) {
        LogRecord r = records[(int) (seq & mask)];
        // PUB-1: generation check. NOTE: claimSeq is read plainly; a stale caller racing a new claimant may read
        // either value, and both are != seq once the slot has been reused, so the check never passes wrongly.
        if (r.claimSeq != seq || r.publishedAcquire() == seq) {
            throw new IllegalStateException("stale or double publish of log sequence " + seq);
        }
        // PUB-2: release the fields written since CLAIM-3 to the log thread (pairs with DRAIN-1).
        r.publishVolatile(seq);
        // WAKE-2: if the consumer announced it parks, unpark it (pairs with WAKE-1).
        if ((boolean) VH_PARKED.getVolatile(this)) {
            Thread c = consumer;
            if (c != null) {
                LockSupport.unpark(c);
            }
        }
    }

    /** Publishes a claimed sequence as an empty record the log thread skips; runs on the claiming thread. */
    public void abandon(long seq) {
        records[(int) (seq & mask)].kind = LogRecord.KIND_NONE;
        publish(seq);
    }

    /** Returns how many messages were dropped because the ring was full; runs on any thread. */
    public long dropped() {
        return (long) VH_DROPPED.getVolatile(this);
    }

    /** Returns how many records were claimed so far; runs on any thread. */
    public long claimed() {
        return (long) VH_HEAD.getVolatile(this);
    }

    /** Returns how many records were drained so far; runs on any thread. */
    public long drained() {
        return (long) VH_TAIL.getVolatile(this);
    }

    /** Callback of {@link #drain}: runs on the log thread for each published record. */
    @FunctionalInterface
    public interface RecordHandler {
        /** Handles one record; must not keep a reference to it after returning. */
        void onRecord(LogRecord record);
    }

    /**
     * Hands every published record, in sequence order, to {@code handler} and frees its slot; returns how many;
     * runs on the log thread only. Stops at the first claimed-but-unpublished slot (its producer is still
     * filling it), so it makes progress as long as producers publish what they claim.
     */
    public int drain(RecordHandler handler, int max) {
        long t = (long) VH_TAIL.getOpaque(this); // only this thread writes tail
        int n = 0;
        while (n < max) {
            LogRecord r = records[(int) (t & mask)];
            // DRAIN-1: acquire; pairs with PUB-2. Sees every field written by the producer.
            if (r.publishedAcquire() != t) {
                break;
            }
            if (brokenFreeBeforeRead) {
                // Tests only: the broken order (DRAIN-3 before DRAIN-2) that the stress test must catch.
                t++;
                VH_TAIL.setRelease(this, t);
                handler.onRecord(r);
                n++;
                continue;
            }
            try {
                if (r.kind != LogRecord.KIND_NONE) {
                    handler.onRecord(r);
                }
            } finally {
                // DRAIN-2: forget the references, then DRAIN-3: free the slot (pairs with CLAIM-1).
                r.onDrained();
                t++;
                VH_TAIL.setRelease(this, t);
            }
            n++;
        }
        return n;
    }

    /** Binds the consumer thread that {@link #publish} unparks; runs on the log thread before draining. */
    public void bindConsumer(Thread t) {
        consumer = t;
    }

    /**
     * Parks the log thread until a producer publishes, or at most {@code maxWaitNanos}; runs on the log thread.
     * The bound makes a missed wake-up cost at most one period.
     */
    public void awaitWork(long maxWaitNanos) {
        // WAKE-1: announce, then re-check (store-load against PUB-2 then WAKE-2).
        VH_PARKED.setVolatile(this, true);
        try {
            long t = (long) VH_TAIL.getOpaque(this);
            if (records[(int) (t & mask)].publishedAcquire() != t) {
                LockSupport.parkNanos(this, maxWaitNanos);
            }
        } finally {
            VH_PARKED.setVolatile(this, false);
        }
    }

    /** Returns true when every claimed record was drained; runs on any thread. */
    public boolean isEmpty() {
        return (long) VH_HEAD.getVolatile(this) == (long) VH_TAIL.getVolatile(this);
    }

    /** Default park bound of the log thread. */
    static final long DEFAULT_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
}
