package io.sluice.queue;

/**
 * The load-balancing algorithm as the assign-and-queue loop sees it (HAProxy's {@code lbprm} callbacks).
 *
 * <p>All methods run on the stream's thread (or a dequeuer's for the hooks) with no queue lock held, and must not
 * block.
 */
public interface LoadBalancer {

    /**
     * Runs on the stream's thread, no lock held; picks a usable server that has room for {@code stream}, or returns
     * {@code null} when every usable server is full (the stream will wait in the backend queue).
     */
    Server pick(Backend backend, QueuedStream stream);

    /**
     * Runs on any thread; true for algorithms that leave requests in the backend queue only when every server is
     * full (first, roundrobin, static-rr): then a non-empty backend queue means FULL without looking (ASN-2).
     */
    default boolean queuesOnlyWhenFull() {
        return true;
    }

    /** Runs on any thread; HAProxy's {@code server_take_conn} hook, after a slot was taken on {@code server}. */
    default void takeConn(Server server) {
    }

    /** Runs on any thread; HAProxy's {@code server_drop_conn} hook, after a slot was released on {@code server}. */
    default void dropConn(Server server) {
    }
}
