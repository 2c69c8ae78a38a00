package io.sluice.queue;

/**
 * The queue side of the CLI and health-check state changes: {@code disable|enable server},
 * {@code set server … state|weight|maxconn}, the tail of {@code shutdown sessions server}, and operational state
 * changes. Each takes the server's state lock (rank SERVER_STATE) and then calls the queue operations, which take
 * the queue locks after it (LOCK-1). Nothing here logs: the caller logs after the call returns.
 *
 * <p>All methods run on any thread (the CLI applet's loop thread, a health-check task), with no lock held.
 */
public class ServerAdmin {

    private final Queues queues;

    /** Runs on any thread; admin operations using {@code queues}. */
    public ServerAdmin(Queues queues) {
        this.queues = queues;
    }

    /**
     * {@code disable server b/s} ({@code set server b/s state maint}): sets forced maintenance (clearing drain) and
     * redistributes the server's queue, flushing the backend queue if it was the last usable server (ADM-1). Returns
     * the number of entries woken.
     */
    public int disable(Server s) {
        s.stateLock().lock();
        try {
            s.setAdmin((s.admin() | QueueFlags.SRV_ADMF_FMAINT) & ~QueueFlags.SRV_ADMF_FDRAIN);
            return queues.pendconnRedistribute(s);
        } finally {
            s.stateLock().unlock();
        }
    }

    /**
     * {@code set server b/s state drain}: no new load-balanced streams; redistributes like a state change (ADM-1).
     */
    public int drain(Server s) {
        s.stateLock().lock();
        try {
            s.setAdmin((s.admin() | QueueFlags.SRV_ADMF_FDRAIN) & ~QueueFlags.SRV_ADMF_FMAINT);
            return queues.pendconnRedistribute(s);
        } finally {
            s.stateLock().unlock();
        }
    }

    /**
     * {@code enable server b/s} ({@code set server b/s state ready}): leaves maintenance and drain; the server comes
     * back STARTING when it has a slowstart, RUNNING otherwise (health checks are the proxy's business and call
     * {@link #setOperState}); then grabs entries waiting in the backend queue (ADM-2). Returns the number grabbed.
     */
    public int enable(Server s) {
        s.stateLock().lock();
        try {
            long now = s.backend().clock().nowMs();
            s.setAdmin(s.admin() & ~(QueueFlags.SRV_ADMF_FMAINT | QueueFlags.SRV_ADMF_FDRAIN));
            s.setState(s.slowstartMs() > 0 ? SrvState.STARTING : SrvState.RUNNING, now);
            return queues.pendconnGrabFromBackend(s);
        } finally {
            s.stateLock().unlock();
        }
    }

    /**
     * A health check or agent changed the operational state: going DOWN or STOPPING redistributes; coming up grabs
     * from the backend queue (ADM-3). Returns the number of entries moved.
     */
    public int setOperState(Server s, SrvState state) {
        s.stateLock().lock();
        try {
            SrvState old = s.state();
            if (old == state) {
                return 0;
            }
            s.setState(state, s.backend().clock().nowMs());
            if (state == SrvState.STOPPED || state == SrvState.STOPPING) {
                return queues.pendconnRedistribute(s);
            }
            return queues.pendconnGrabFromBackend(s);
        } finally {
            s.stateLock().unlock();
        }
    }

    /** {@code set server b/s weight}: a weight of 0 makes the server unusable and redistributes (ADM-4). */
    public int setWeight(Server s, int weight) {
        s.stateLock().lock();
        try {
            s.setWeight(weight);
            return weight == 0 ? queues.pendconnRedistribute(s) : queues.pendconnGrabFromBackend(s);
        } finally {
            s.stateLock().unlock();
        }
    }

    /**
     * {@code set server b/s maxconn N}: changes maxconn, then, outside the state lock, offers the new slots to the
     * queues if {@code may_dequeue_tasks} says so (ADM-5). Returns the number of entries dequeued.
     */
    public int setMaxconn(Server s, int maxconn) {
        if (maxconn < 0) {
            throw new IllegalArgumentException("maxconn must be >= 0: " + maxconn);
        }
        s.stateLock().lock();
        try {
            s.setMaxconn(maxconn);
        } finally {
            s.stateLock().unlock();
        }
        return queues.mayDequeueTasks(s) ? queues.processServerQueue(s) : 0;
    }

    /**
     * The tail of {@code shutdown sessions server b/s}: once the proxy has asked every stream of the server to stop
     * (each stream releases its own slot through {@link Assigner#releaseSlot} on its thread), redistributes the
     * server's queue and, if no server is usable, the backend's (ADM-6). Returns the number of entries woken.
     */
    public int afterShutdownSessions(Server s) {
        s.stateLock().lock();
        try {
            return queues.pendconnRedistribute(s);
        } finally {
            s.stateLock().unlock();
        }
    }
}
