package io.sluice.queue;

/**
 * A waiting stream's place in a queue (HAProxy's {@code struct pendconn}): the flags copied from the stream that a
 * dequeuer may edit, the server that picked it, its key, its delete lock, and its queue index for logs.
 *
 * <p>Each stream owns exactly one pendconn and reuses it for every wait; {@link #isActive()} plays the part of
 * {@code strm->pend_pos != NULL}. Field ownership (PC-1..PC-3 in the package protocol):
 * <ul>
 *   <li>{@code active}, {@code queue}, {@code srv}, {@code key}, {@code queueIdx}: written by the stream's thread in
 *       {@code pendconnAdd} before the insertion (published by the queue lock), read by others under that lock.</li>
 *   <li>{@code linked}: written under the queue lock only; read under it, or racily (volatile) by
 *       {@code pendconnMustTryAgain}'s fast exit, which re-checks under the lock.</li>
 *   <li>{@code strmFlags}, {@code target}: written by the stream at add, then by a dequeuer or redistributor while it
 *       unlinks the entry (queue lock, and the delete lock for process_next), read by the stream after it has
 *       taken and released both locks in {@code pendconnDequeue}.</li>
 * </ul>
 */
public final class Pendconn {

    private final QueuedStream stream;
    private final RankedLock delLock;

    /** PC-1: stream thread only; true from pendconnAdd until the stream releases it (pend_pos != NULL). */
    boolean active;
    /** PC-1: the queue this entry was added to; stable while active. */
    PendingQueue queue;
    /** PC-1: the server whose queue holds it, or null for the backend queue. */
    Server srv;
    /** PC-1: the ordering key (see {@link QueueKey}). */
    long key;
    /** Insertion order among equal keys; written under the queue lock. */
    long seq;
    /** Tree links and heap priority ({@link PendconnTree}); guarded by the queue lock. */
    Pendconn left;
    Pendconn right;
    int prio;
    /** PC-1: the queue's idx − 1 at add time; the dequeue position for logs is {@code idx − queueIdx}. */
    int queueIdx;
    /** PC-2: true while in the queue's tree (HAProxy: node.leaf_p != NULL). Written under the queue lock. */
    volatile boolean linked;
    /** PC-3: SF_* copied from the stream; a dequeuer edits SF_ASSIGNED/SF_DIRECT/SF_FORCE_PRST. */
    int strmFlags;
    /** PC-3: the server that picked this entry when it was dequeued, or null. */
    Server target;

    /** Runs on the stream's thread; creates the stream's (inactive) pendconn. */
    public Pendconn(QueuedStream stream) {
        this(stream, null);
    }

    /** Runs on the stream's thread; creates the stream's pendconn whose delete lock reports to {@code checker}. */
    public Pendconn(QueuedStream stream, LockOrderChecker checker) {
        this.stream = stream;
        this.delLock = new RankedLock(LockRank.PENDCONN_DEL, "pendconn del", checker);
    }

    /** Runs on any thread; the stream this pendconn belongs to. */
    public QueuedStream stream() {
        return stream;
    }

    /** Runs on any thread; the delete lock (rank {@link LockRank#PENDCONN_DEL}). */
    public RankedLock delLock() {
        return delLock;
    }

    /** Runs on the stream's thread; true while the stream has a pendconn (HAProxy: pend_pos != NULL). */
    public boolean isActive() {
        return active;
    }

    /** Runs on any thread; true while the entry sits in a queue. A racy hint outside the queue lock. */
    public boolean isLinked() {
        return linked;
    }

    /** Runs on the stream's thread; the queue the entry was added to (valid while active). */
    public PendingQueue queue() {
        return queue;
    }

    /** Runs on the stream's thread; the ordering key (valid while active). */
    public long key() {
        return key;
    }

    /** Runs on the stream's thread; the queue's dequeue counter minus one at add time, for the log's position. */
    public int queueIdx() {
        return queueIdx;
    }

    /**
     * Runs on the stream's thread right after {@code pendconnUnlink} or {@code pendconnDequeue}; HAProxy's
     * {@code idx − queue_idx} for the log line: the entries dequeued from its queue since it was added (itself
     * included when it was dequeued), plus one.
     */
    public int position() {
        PendingQueue q = queue;
        return q == null ? 0 : q.idx() - queueIdx;
    }

    @Override
    public String toString() {
        return "pendconn{key=" + QueueKey.describe(key) + ", linked=" + linked + ", flags="
                + QueueFlags.describeStreamFlags(strmFlags) + ", srv=" + (srv == null ? "-" : srv.name()) + "}";
    }
}
