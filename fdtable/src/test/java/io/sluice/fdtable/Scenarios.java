package io.sluice.fdtable;

import static io.sluice.fdtable.FdState.FD_EV_READY_R;

/**
 * The four interactions of issue 3 as harness bodies, shared by the Lincheck model-checking tests (2-3
 * threads) and the stress test. Each method builds a fresh fixture with plain {@code new}, runs the threads,
 * and throws an AssertionError naming the broken invariant. Fd number 1 is the one under test. Thread bodies
 * are named classes, not lambdas, so that Lincheck sees their fields.
 */
final class Scenarios {

    static final int FD = 1;

    private Scenarios() {
    }

    /**
     * The idle connection of seed 000: in the victim's idle tree under the victim's idle lock, which a thief
     * takes around {@code takeover} and the owner takes before deleting (HAProxy's precondition: takeover never
     * races delete).
     */
    static final class IdleConn implements IoCallback {
        final Fixture f;
        final Variant v;
        final boolean checkOwnership;
        final boolean deleteOnIo;
        final Object idleLock = new Object();
        boolean inIdleTree = true; // guarded by idleLock
        volatile boolean takenOver;

        IdleConn(Fixture f, Variant v, boolean checkOwnership, boolean deleteOnIo) {
            this.f = f;
            this.v = v;
            this.checkOwnership = checkOwnership;
            this.deleteOnIo = deleteOnIo;
        }

        /** The owner's handler: no iocb may run once another thread took the fd over; it may close the fd. */
        @Override
        public void onIo(int fd, ThreadContext ctx) {
            if (checkOwnership && ((f.table.threadMask(fd) & ctx.ltidBit) == 0 || takenOver)) {
                f.fail("iocb ran on tid " + ctx.tid + " after the fd was taken over: " + f.table.describe(fd));
            }
            if (!deleteOnIo) {
                return;
            }
            synchronized (idleLock) {
                if (!inIdleTree) {
                    return; // stolen: the handler sees a null context and leaves
                }
                inIdleTree = false;
            }
            v.delete(f.table, fd, ctx);
        }

        /** The thief: takeover under the victim's idle lock, then it uses the fd and closes it. */
        void steal(int fd, ThreadContext ctx) {
            boolean ok;
            synchronized (idleLock) {
                ok = inIdleTree && v.takeover(f.table, fd, this, ctx);
                if (ok) {
                    inIdleTree = false;
                    takenOver = true;
                }
            }
            if (ok) {
                f.table.wantRecv(fd, ctx); // the new owner re-subscribes (TAKE-5 stopped recv) and uses it
                ctx.clearLocalUpdates();
                v.delete(f.table, fd, ctx);
            }
        }
    }

    /** Body: a poller event. */
    static final class Event implements Runnable {
        private final Variant v;
        private final FdTable t;
        private final ThreadContext ctx;

        Event(Variant v, FdTable t, ThreadContext ctx) {
            this.v = v;
            this.t = t;
            this.ctx = ctx;
        }

        @Override
        public void run() {
            v.updateEvents(t, FD, FD_EV_READY_R, ctx);
        }
    }

    /** Body: fd_delete. */
    static final class Delete implements Runnable {
        private final Variant v;
        private final FdTable t;
        private final ThreadContext ctx;

        Delete(Variant v, FdTable t, ThreadContext ctx) {
            this.v = v;
            this.t = t;
            this.ctx = ctx;
        }

        @Override
        public void run() {
            v.delete(t, FD, ctx);
        }
    }

    /** Body: the thief of {@link IdleConn#steal}. */
    static final class Steal implements Runnable {
        private final IdleConn conn;
        private final ThreadContext ctx;

        Steal(IdleConn conn, ThreadContext ctx) {
            this.conn = conn;
            this.ctx = ctx;
        }

        @Override
        public void run() {
            conn.steal(FD, ctx);
        }
    }

    /** Body: delete then insert the same number again (the kernel reused it at once). */
    static final class CloseAndReopen implements Runnable {
        private final Variant v;
        private final FdTable t;
        private final ThreadContext ctx;
        private final Object next;
        private final IoCallback io;

        CloseAndReopen(Variant v, FdTable t, ThreadContext ctx, Object next, IoCallback io) {
            this.v = v;
            this.t = t;
            this.ctx = ctx;
            this.next = next;
            this.io = io;
        }

        @Override
        public void run() {
            v.delete(t, FD, ctx);
            v.insert(t, FD, next, io, 1, ctx.ltidBit);
        }
    }

    /** Body: a transient tgid reader (grab when {@code take} is false, take otherwise), then drop. */
    static final class Reader implements Runnable {
        private final FdTable t;
        private final boolean take;

        Reader(FdTable t, boolean take) {
            this.t = t;
            this.take = take;
        }

        @Override
        public void run() {
            if (take ? t.takeTgid(FD) != 0 : t.grabTgid(FD, 1)) {
                t.dropTgid(FD);
            }
        }
    }

    /**
     * (1a) seed 000, ABA: the owner A gets a late event whose handler closes the idle connection, B steals it
     * (takeover under A's idle lock) and then closes it, C (optional) is a former owner with a late event.
     * Exactly one close; no iocb on A once B owns the fd.
     */
    static void takeoverVsUpdate(int kind, boolean withLatePoller, long spinLimit, RaceWindows w) {
        Fixture f = new Fixture(3, 4, spinLimit, w);
        Variant v = new Variant(kind);
        FdTable t = f.table;
        ThreadContext a = f.ctx[0];
        IdleConn conn = new IdleConn(f, v, true, true);
        t.insert(FD, conn, conn, 1, a.ltidBit, 0);
        t.wantRecv(FD, a);
        a.clearLocalUpdates();
        if (withLatePoller) {
            f.run(new Event(v, t, a), new Steal(conn, f.ctx[1]), new Event(v, t, f.ctx[2]));
        } else {
            f.run(new Event(v, t, a), new Steal(conn, f.ctx[1]));
        }
        f.assertClosed(FD, 1);
    }

    /**
     * (1b) seed 000, double close: a shared fd (A and B in thread_mask); B deletes it while A processes a late
     * event. Exactly one close.
     */
    static void deleteVsUpdate(int kind, long spinLimit, RaceWindows w) {
        Fixture f = new Fixture(2, 4, spinLimit, w);
        Variant v = new Variant(kind);
        FdTable t = f.table;
        ThreadContext a = f.ctx[0];
        ThreadContext b = f.ctx[1];
        IdleConn io = new IdleConn(f, v, false, false);
        t.insert(FD, io, io, 1, a.ltidBit | b.ltidBit, 0);
        t.getAndOr(FD, FdTable.STATE, FdState.FD_EV_ACTIVE_R);
        f.run(new Event(v, t, a), new Delete(v, t, b));
        f.assertClosed(FD, 1);
    }

    /**
     * (2) seed 001: A owns the fd and closes it; B (a former owner whose epoll still has it) reports a late
     * event and programs a do_update. After the close no update_mask bit is left; after B's next poll, a
     * re-insert of the same number on B and want_recv, B's poller is asked to update the fd.
     */
    static void orphanVsLateUpdate(int kind, long spinLimit, RaceWindows w) {
        Fixture f = new Fixture(2, 4, spinLimit, w);
        Variant v = new Variant(kind);
        FdTable t = f.table;
        ThreadContext a = f.ctx[0];
        ThreadContext b = f.ctx[1];
        IdleConn io = new IdleConn(f, v, false, false);
        t.insert(FD, io, io, 1, a.ltidBit, 0);
        t.wantRecv(FD, a);
        a.clearLocalUpdates();
        f.run(new Delete(v, t, a), new Event(v, t, b));
        f.assertClosed(FD, 1);
        // B's next poll, then the kernel hands the number out again and the new connection lands on B.
        t.drainLocalUpdates(b);
        int before = f.updates(FD, b.tid);
        t.insert(FD, io, io, 1, b.ltidBit, 0);
        t.wantRecv(FD, b);
        t.drainLocalUpdates(b);
        if (f.updates(FD, b.tid) == before) {
            throw new AssertionError("update after re-insert never reached B's poller: " + t.describe(FD));
        }
    }

    /**
     * (3) f98a8c317: A and B both run a shared fd while C deletes it. No livelock (the spin limit turns one
     * into a failure), exactly one close.
     */
    static void twoRunnersAndDeleter(int kind, long spinLimit, RaceWindows w) {
        Fixture f = new Fixture(3, 4, spinLimit, w);
        Variant v = new Variant(kind);
        FdTable t = f.table;
        ThreadContext a = f.ctx[0];
        ThreadContext b = f.ctx[1];
        ThreadContext c = f.ctx[2];
        IdleConn io = new IdleConn(f, v, false, false);
        t.insert(FD, io, io, 1, a.ltidBit | b.ltidBit | c.ltidBit, 0);
        t.getAndOr(FD, FdTable.STATE, FdState.FD_EV_ACTIVE_R);
        f.run(new Event(v, t, a), new Event(v, t, b), new Delete(v, t, c));
        f.assertClosed(FD, 1);
    }

    /**
     * (4) A closes the fd and inserts it again while B and C are transient tgid readers (grab / take then
     * drop). The claim must wait for their references: afterwards refc_tgid is exactly "tgid 1, no reader".
     */
    static void insertAfterCloseWithReaders(int kind, long spinLimit, RaceWindows w) {
        Fixture f = new Fixture(3, 4, spinLimit, w);
        Variant v = new Variant(kind);
        FdTable t = f.table;
        ThreadContext a = f.ctx[0];
        IdleConn io = new IdleConn(f, v, false, false);
        t.insert(FD, io, io, 1, a.ltidBit, 0);
        Object next = new Object();
        f.run(new CloseAndReopen(v, t, a, next, io), new Reader(t, false), new Reader(t, true));
        if (f.closes.get(FD) != 1 || t.refcTgid(FD) != 1 || t.owner(FD) != next) {
            throw new AssertionError("after close + insert with readers: closes=" + f.closes.get(FD) + " "
                    + t.describe(FD));
        }
    }
}
