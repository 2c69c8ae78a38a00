package io.sluice.bench.queue;

import io.sluice.queue.Pendconn;
import io.sluice.queue.QueuedStream;
import io.sluice.queue.Server;

/** A minimal stream for the queue benchmarks: plain fields, a wake counter, its own reusable pendconn. */
final class BenchStream implements QueuedStream {

    private int flags;
    private Server target;
    private volatile Server srvConn;
    private final Pendconn pendconn = new Pendconn(this);
    /** Incremented by whichever thread wakes this stream; read by the owner. */
    volatile int wakes;

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
        return 0;
    }

    @Override
    public int priorityOffset() {
        return 0;
    }

    @Override
    public Pendconn pendconn() {
        return pendconn;
    }

    @Override
    public void wake(int reason) {
        // Only one dequeuer wakes a given entry, under its delete lock: the increment does not race.
        wakes++;
    }
}
