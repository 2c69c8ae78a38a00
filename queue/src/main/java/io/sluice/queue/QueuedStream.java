package io.sluice.queue;

/**
 * What the queue library needs from a stream: its flags, its target server, the server slot it holds, its priority,
 * its reusable {@link Pendconn}, and a way to wake it. The library knows nothing else about streams.
 *
 * <p>Threads: every method is called on the stream's own thread, except {@link #setSrvConn(Server)} and
 * {@link #wake(int)}, which a dequeuer on any thread calls while the stream waits in a queue (STRM-1, STRM-2 in the
 * package protocol). Implementations keep {@code srvConn} in a volatile field.
 */
public interface QueuedStream {

    /** Runs on the stream's thread; the stream flags ({@code SF_*} of {@link QueueFlags}). */
    int flags();

    /** Runs on the stream's thread; replaces the stream flags. */
    void setFlags(int flags);

    /** Runs on the stream's thread; the server the stream is assigned to, or {@code null}. */
    Server target();

    /** Runs on the stream's thread; sets the server the stream is assigned to. */
    void setTarget(Server server);

    /** Runs on any thread; the server whose slot the stream holds ({@code srv_conn}), or {@code null}. */
    Server srvConn();

    /**
     * Runs on the stream's thread, or on a dequeuer's thread while the stream waits in a queue (STRM-1: the
     * dequeuer grants the slot before waking); records the server whose slot the stream now holds.
     */
    void setSrvConn(Server server);

    /** Runs on the stream's thread; the priority class ({@code set-priority-class}, clamped to ±0x7ff). */
    int priorityClass();

    /** Runs on the stream's thread; the priority offset in ms ({@code set-priority-offset}, clamped to ±0x7ffff). */
    int priorityOffset();

    /**
     * Runs on the stream's thread; the stream's own pendconn, created once with {@code new Pendconn(this)} and reused
     * for every wait (only the stream releases it, so reuse needs no memory reclamation).
     */
    Pendconn pendconn();

    /**
     * Runs on any thread, with queue locks and/or the pendconn's delete lock held (STRM-2): schedules the stream's
     * task with {@code reason} ({@link QueueFlags#TASK_WOKEN_RES}). Must not block, take a lock, log or allocate.
     */
    void wake(int reason);
}
