package io.sluice.queue;

import java.util.concurrent.atomic.AtomicInteger;

/** A stream as the tests see it: plain fields, a wake counter, and its own pendconn. */
final class TestStream implements QueuedStream {

    final String name;
    private int flags;
    private Server target;
    private volatile Server srvConn;
    int prioClass;
    int prioOffset;
    private final Pendconn pendconn;
    /** Number of wakes received (any thread). */
    final AtomicInteger wakes = new AtomicInteger();

    TestStream(String name, Backend px) {
        this.name = name;
        this.pendconn = new Pendconn(this, px.lockOrderChecker());
    }

    @Override
    public int flags() {
        return flags;
    }

    @Override
    public void setFlags(int flags) {
        this.flags = flags;
    }

    @Override
    public Server target() {
        return target;
    }

    @Override
    public void setTarget(Server server) {
        this.target = server;
    }

    @Override
    public Server srvConn() {
        return srvConn;
    }

    @Override
    public void setSrvConn(Server server) {
        this.srvConn = server;
    }

    @Override
    public int priorityClass() {
        return prioClass;
    }

    @Override
    public int priorityOffset() {
        return prioOffset;
    }

    @Override
    public Pendconn pendconn() {
        return pendconn;
    }

    /** The thread parked waiting for a wake (stress test), or null. */
    volatile Thread waiter;

    @Override
    public void wake(int reason) {
        wakes.incrementAndGet();
        Thread w = waiter;
        if (w != null) {
            java.util.concurrent.locks.LockSupport.unpark(w);
        }
    }

    /** Makes the stream a fresh one (new request on the same stream object); its pendconn must be inactive. */
    void reset() {
        if (pendconn.isActive() || srvConn != null) {
            throw new IllegalStateException("reset of a busy stream " + this);
        }
        flags = 0;
        target = null;
    }

    /** Assigns the stream directly (persistence) to {@code s}. */
    TestStream direct(Server s) {
        this.target = s;
        this.flags |= QueueFlags.SF_DIRECT | QueueFlags.SF_ASSIGNED;
        return this;
    }

    @Override
    public String toString() {
        return name + "{" + QueueFlags.describeStreamFlags(flags) + ", srvConn=" + (srvConn == null ? "-"
                : srvConn.name()) + ", " + pendconn + ", wakes=" + wakes + "}";
    }
}
