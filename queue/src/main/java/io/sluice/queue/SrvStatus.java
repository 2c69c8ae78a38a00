package io.sluice.queue;

/** Outcome of {@link Assigner#assignServer} and {@link Assigner#assignServerAndQueue} (HAProxy's SRV_STATUS_*). */
public enum SrvStatus {
    /** A server is assigned and (for assign-and-queue) a slot on it is held. */
    OK,
    /** No usable server at all: the caller answers 503. */
    NOSRV,
    /** Every server is full (assign), or the server's queue is at maxqueue (assign-and-queue). */
    FULL,
    /** The stream waits in a queue; it will be woken with TASK_WOKEN_RES. */
    QUEUED,
    /** Misuse: the stream is already queued, or is assigned when assign_server is called. */
    INTERNAL
}
