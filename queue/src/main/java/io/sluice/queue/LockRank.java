package io.sluice.queue;

/**
 * The ranks of the queue locks, lowest taken first (LOCK-1 in the package protocol; docs/internals/lock-order.md).
 *
 * <p>A thread holding a lock of rank r may only acquire locks of a strictly higher rank. Two locks of the same rank are
 * never held together (a dequeuer holds one server queue lock and at most one pendconn delete lock).
 */
public enum LockRank {
    /** {@link Server#stateLock()}: admin and operational state changes (CLI, health checks). */
    SERVER_STATE,
    /** {@link PendingQueue#lock()} of a server queue. */
    SERVER_QUEUE,
    /** {@link PendingQueue#lock()} of the backend queue. */
    BACKEND_QUEUE,
    /** {@link Pendconn#delLock()}: serialises a dequeuer's wake with the stream's {@code pendconnDequeue}. */
    PENDCONN_DEL
}
