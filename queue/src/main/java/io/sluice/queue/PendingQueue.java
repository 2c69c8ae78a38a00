package io.sluice.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One queue of pendconns (HAProxy's {@code struct queue}): a server's when {@link #server()} is set, the backend's
 * otherwise. Entries are ordered by {@link QueueKey} then by arrival; {@link #first(long)} applies the wrap rule.
 *
 * <p>Fields:
 * <ul>
 *   <li>{@code head} (the ordered set) and {@code seq}: guarded by {@link #lock()}.</li>
 *   <li>{@code length}: atomic; incremented by pendconnAdd <em>before</em> the insertion (so {@code may_dequeue}
 *       sees the entry coming, ADD-2), decremented after an unlink by whoever unlinked. Read volatile by anyone.</li>
 *   <li>{@code idx}: atomic dequeue counter, for the position logged at dequeue or unlink.</li>
 *   <li>{@code maxLength}: the largest length seen (stats {@code qmax}), raised by a CAS loop.</li>
 * </ul>
 */
public final class PendingQueue {

    private static final VarHandle VH_LENGTH;
    private static final VarHandle VH_IDX;
    private static final VarHandle VH_MAX_LENGTH;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            VH_LENGTH = l.findVarHandle(PendingQueue.class, "length", int.class);
            VH_IDX = l.findVarHandle(PendingQueue.class, "idx", int.class);
            VH_MAX_LENGTH = l.findVarHandle(PendingQueue.class, "maxLength", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Backend backend;
    private final Server server;
    private final RankedLock lock;
    /** Guarded by lock; intrusive, so that adding allocates nothing. */
    private final PendconnTree head = new PendconnTree();
    /** Guarded by lock; arrival order among equal keys. */
    private long seq;

    /** Atomic (VH_LENGTH): entries added and not yet unlinked, counted from just before the insertion. */
    private volatile int length;
    /** Atomic (VH_IDX): number of entries dequeued so far. */
    private volatile int idx;
    /** CAS-max (VH_MAX_LENGTH): the largest {@code length} seen. */
    private volatile int maxLength;

    PendingQueue(Backend backend, Server server, LockOrderChecker checker) {
        this.backend = backend;
        this.server = server;
        String name = server == null ? "queue " + backend.name() : "queue " + backend.name() + "/" + server.name();
        this.lock = new RankedLock(server == null ? LockRank.BACKEND_QUEUE : LockRank.SERVER_QUEUE, name, checker);
    }

    /** Runs on any thread; the lock guarding the tree (rank SERVER_QUEUE or BACKEND_QUEUE). */
    public RankedLock lock() {
        return lock;
    }

    /** Runs on any thread; the server owning this queue, or {@code null} for a backend queue. */
    public Server server() {
        return server;
    }

    /** Runs on any thread; the backend this queue belongs to. */
    public Backend backend() {
        return backend;
    }

    /** Runs on any thread; the number of waiting entries (volatile read; may count an entry being added). */
    public int length() {
        return length;
    }

    /** Runs on any thread; the largest length reached (stats {@code qmax}). */
    public int maxLength() {
        return maxLength;
    }

    /** Runs on any thread; the number of entries dequeued so far. */
    public int idx() {
        return idx;
    }

    /**
     * Runs with {@link #lock()} held; KEY-3 (pendconn_first): the lowest key, except that within the lowest class
     * the first key at or above {@code now − 2^19} goes first, and wrapped keys (below it) come after.
     */
    Pendconn first(long nowMs) {
        if (head.isEmpty()) {
            return null;
        }
        Pendconn lowest = head.first();
        long cls = QueueKey.keyClass(lowest.key);
        Pendconn ge = head.ceiling(cls | QueueKey.nowOffsetBoundary(nowMs), Long.MIN_VALUE);
        if (ge == null || QueueKey.keyClass(ge.key) != cls) {
            return lowest;
        }
        return ge;
    }

    /** Runs with {@link #lock()} held; inserts {@code p} and marks it linked. */
    void insertLocked(Pendconn p) {
        p.seq = seq++;
        head.insert(p);
        p.linked = true;
    }

    /** Runs with {@link #lock()} held; removes a linked {@code p} and marks it unlinked. */
    void removeLocked(Pendconn p) {
        head.remove(p);
        p.linked = false;
    }

    /** Runs with {@link #lock()} held; the lowest entry by (key, arrival), ignoring the wrap rule, or null. */
    Pendconn lowestLocked() {
        return head.first();
    }

    /** Runs with {@link #lock()} held; the entry after {@code p} by (key, arrival), or null. */
    Pendconn nextLocked(Pendconn p) {
        return head.higher(p);
    }

    /** Runs with {@link #lock()} held; the number of linked entries. */
    int sizeLocked() {
        return head.size();
    }

    /** Runs with {@link #lock()} held; true when no entry is linked. */
    boolean isEmptyLocked() {
        return head.isEmpty();
    }

    /** Runs on any thread; ADD-2: counts an entry about to be inserted and raises {@code maxLength}. */
    void incLength() {
        int len = (int) VH_LENGTH.getAndAdd(this, 1) + 1;
        int max = (int) VH_MAX_LENGTH.getVolatile(this);
        while (len > max) {
            int witness = (int) VH_MAX_LENGTH.compareAndExchange(this, max, len);
            if (witness == max) {
                break;
            }
            max = witness;
        }
    }

    /** Runs on any thread; subtracts {@code n} unlinked entries. */
    void subLength(int n) {
        VH_LENGTH.getAndAdd(this, -n);
    }

    /** Runs on any thread; counts {@code n} dequeued entries. */
    void addIdx(int n) {
        VH_IDX.getAndAdd(this, n);
    }

    /** Runs on any thread; the current dequeue counter (volatile read). */
    int idxVolatile() {
        return (int) VH_IDX.getVolatile(this);
    }

    @Override
    public String toString() {
        return lock.name() + "{length=" + length + ", max=" + maxLength + ", idx=" + idx + "}";
    }
}
