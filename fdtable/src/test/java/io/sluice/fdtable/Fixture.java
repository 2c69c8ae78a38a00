package io.sluice.fdtable;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A table with counting hooks for the model-checking and stress harnesses: counts OS closes and poller
 * updates per fd, records the first failure seen by any harness thread. Thread-safe (atomics), and created
 * with plain {@code new} inside the Lincheck block (blind spot 2 of concurrency-testing.md).
 */
final class Fixture implements PollerHooks, OsClose {

    final ThreadSet threads;
    final FdTable table;
    final ThreadContext[] ctx;
    final AtomicIntegerArray closes;
    final AtomicIntegerArray updateCalls;
    private volatile Throwable failure;

    Fixture(int nbThread, int size, long spinLimit, RaceWindows windows) {
        this.threads = ThreadSet.of(nbThread, 1);
        this.table = new FdTable(size, threads, this, this, windows, spinLimit);
        this.ctx = new ThreadContext[nbThread];
        for (int i = 0; i < nbThread; i++) {
            ctx[i] = new ThreadContext(threads, i);
        }
        this.closes = new AtomicIntegerArray(size);
        this.updateCalls = new AtomicIntegerArray(size * nbThread);
    }

    @Override
    public void wakeThread(int tid) {
    }

    @Override
    public void updateFd(ThreadContext c, int fd) {
        updateCalls.incrementAndGet(fd * ctx.length + c.tid);
    }

    @Override
    public void close(int fd, boolean lingerRst) {
        closes.incrementAndGet(fd);
    }

    int updates(int fd, int tid) {
        return updateCalls.get(fd * ctx.length + tid);
    }

    void fail(String message) {
        if (failure == null) {
            failure = new AssertionError(message);
        }
    }

    void fail(Throwable t) {
        if (failure == null) {
            failure = t;
        }
    }

    /** A harness thread body that records its failure instead of dying with it. */
    private static final class Guarded implements Runnable {
        private final Fixture f;
        private final Runnable body;

        Guarded(Fixture f, Runnable body) {
            this.f = f;
            this.body = body;
        }

        @Override
        public void run() {
            try {
                body.run();
            } catch (Throwable e) {
                f.fail(e);
            }
        }
    }

    /** Runs the bodies on fresh threads, joins them, then rethrows the first failure as an AssertionError. */
    void run(Runnable... bodies) {
        Thread[] ts = new Thread[bodies.length];
        for (int i = 0; i < bodies.length; i++) {
            ts[i] = new Thread(new Guarded(this, bodies[i]));
        }
        for (Thread t : ts) {
            t.start();
        }
        for (Thread t : ts) {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        check();
    }

    /** Rethrows the first recorded failure; harness thread. */
    void check() {
        Throwable f = failure;
        if (f instanceof AssertionError) {
            throw (AssertionError) f;
        }
        if (f != null) {
            throw new AssertionError(f.toString(), f);
        }
    }

    /** Asserts the closed-fd invariants: one OS close per life, nothing left in any mask, list or count. */
    void assertClosed(int fd, int expectedCloses) {
        FdTable t = table;
        if (closes.get(fd) != expectedCloses) {
            throw new AssertionError("fd closed " + closes.get(fd) + " times, expected " + expectedCloses
                    + ": " + t.describe(fd));
        }
        if (t.refcTgid(fd) != 0 || t.updateMask(fd) != 0 || t.runningMask(fd) != 0 || t.threadMask(fd) != 0
                || t.state(fd) != 0 || t.owner(fd) != null || t.polledRecv(fd) != 0 || t.polledSend(fd) != 0) {
            throw new AssertionError("closed fd not clean: " + t.describe(fd));
        }
        if (t.updateList(1).contains(fd)) {
            throw new AssertionError("closed fd still in the group update list: " + t.describe(fd));
        }
    }
}
