package io.sluice.fdtable;

import static io.sluice.fdtable.FdState.FD_EV_ACTIVE_R;
import static io.sluice.fdtable.FdState.FD_EV_ACTIVE_RW;
import static io.sluice.fdtable.FdState.FD_EV_READY_R;
import static io.sluice.fdtable.FdState.FD_MUST_CLOSE;
import static io.sluice.fdtable.FdTable.RUNNING_MASK;
import static io.sluice.fdtable.FdTable.STATE;
import static io.sluice.fdtable.FdTable.THREAD_MASK;
import static io.sluice.fdtable.FdTable.UPDATE_MASK;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/** The jcstress tests, one nested class per interaction of issue 3. */
public final class FdTableStress {

    private FdTableStress() {
    }

    /** (1a) seed 000: late event on the owner (its iocb closes) vs a thief's takeover + close. */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "closed once, no iocb after the takeover")
    @Outcome(expect = FORBIDDEN, desc = "double/lost close, or an iocb ran on the old owner after the takeover")
    @State
    public static class TakeoverVsUpdate {
        final JcsFixture f = new JcsFixture();

        public TakeoverVsUpdate() {
            f.checkOwnership = true;
            f.deleteOnIo = true;
            f.table.insert(JcsFixture.FD, f, f, 1, f.a.ltidBit, 0);
            f.table.getAndOr(JcsFixture.FD, STATE, FD_EV_ACTIVE_R);
        }

        @Actor
        public void owner() {
            f.table.updateEvents(JcsFixture.FD, FD_EV_READY_R, f.a);
        }

        @Actor
        public void thief() {
            f.steal(f.b);
        }

        @Arbiter
        public void check(II_Result r) {
            r.r1 = f.closes.get();
            r.r2 = f.violations.get();
        }
    }

    /** (1b) seed 000: a shared fd deleted by one thread while the other processes an event. */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "closed once, clean")
    @Outcome(expect = FORBIDDEN, desc = "double or lost close")
    @State
    public static class DeleteVsUpdate {
        final JcsFixture f = new JcsFixture();

        public DeleteVsUpdate() {
            f.table.insert(JcsFixture.FD, f, f, 1, f.a.ltidBit | f.b.ltidBit, 0);
            f.table.getAndOr(JcsFixture.FD, STATE, FD_EV_ACTIVE_R);
        }

        @Actor
        public void runner() {
            f.table.updateEvents(JcsFixture.FD, FD_EV_READY_R, f.a);
        }

        @Actor
        public void deleter() {
            f.table.delete(JcsFixture.FD, f.b);
        }

        @Arbiter
        public void check(II_Result r) {
            r.r1 = f.closes.get();
            r.r2 = f.dirty();
        }
    }

    /** Canary: (1b) with HAProxy 2.8's UPD-12 (no UPD-12a): the lost close should show up as "0, 1". */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "closed once, clean")
    @Outcome(id = "0, 1", expect = ACCEPTABLE_INTERESTING, desc = "HAProxy 2.8 UPD-12: close lost (canary)")
    @Outcome(expect = FORBIDDEN, desc = "anything else")
    @State
    public static class DeleteVsUpdateHaproxyUpd12Canary {
        final JcsFixture f = new JcsFixture();

        public DeleteVsUpdateHaproxyUpd12Canary() {
            f.table.insert(JcsFixture.FD, f, f, 1, f.a.ltidBit | f.b.ltidBit, 0);
            f.table.getAndOr(JcsFixture.FD, STATE, FD_EV_ACTIVE_R);
        }

        @Actor
        public void runner() {
            haproxyUpdateEvents(f.table, JcsFixture.FD, f.a);
        }

        @Actor
        public void deleter() {
            f.table.delete(JcsFixture.FD, f.b);
        }

        @Arbiter
        public void check(II_Result r) {
            r.r1 = f.closes.get();
            r.r2 = f.dirty();
        }

        /** UPD-1..12 as HAProxy 2.8 (no FD_POLL bookkeeping), without UPD-12a. */
        static void haproxyUpdateEvents(FdTable t, int fd, ThreadContext ctx) {
            long me = ctx.ltidBit;
            if (!t.grabTgid(fd, ctx.tgid)) {
                return;
            }
            long tmask = t.get(fd, THREAD_MASK);
            if ((tmask & me) == 0) {
                doUpdate(t, fd, ctx);
                return;
            }
            t.getAndOr(fd, RUNNING_MASK, me);
            while (true) {
                long rmask = t.get(fd, RUNNING_MASK) & ~me;
                tmask = t.get(fd, THREAD_MASK);
                if ((rmask & ~tmask) == 0 || (tmask & me) == 0) {
                    break;
                }
                Thread.onSpinWait();
            }
            if ((tmask & me) == 0) {
                if (t.clrRunning(fd, ctx) == me) {
                    closedOrMigrated(t, fd, ctx);
                } else {
                    doUpdate(t, fd, ctx);
                }
                return;
            }
            t.dropTgid(fd);
            IoCallback cb = t.iocb(fd);
            if (cb != null && (t.state(fd) & FD_EV_ACTIVE_RW) != 0) {
                cb.onIo(fd, ctx);
            }
            if (!t.grabTgid(fd, ctx.tgid)) {
                return;
            }
            tmask = t.get(fd, THREAD_MASK);
            if (t.clrRunning(fd, ctx) == me && (tmask & me) == 0) {
                closedOrMigrated(t, fd, ctx);
                return;
            }
            t.dropTgid(fd);
        }

        private static void closedOrMigrated(FdTable t, int fd, ThreadContext ctx) {
            if ((t.getAndClear(fd, STATE, FD_MUST_CLOSE) & FD_MUST_CLOSE) != 0) {
                t.dropTgid(fd);
                t.deleteOrphan(fd, ctx);
                return;
            }
            doUpdate(t, fd, ctx);
        }

        private static void doUpdate(FdTable t, int fd, ThreadContext ctx) {
            if ((t.getAndOr(fd, UPDATE_MASK, ctx.ltidBit) & ctx.ltidBit) == 0) {
                ctx.appendLocalUpdate(fd);
            }
            t.dropTgid(fd);
        }
    }

    /** (2) seed 001: orphan close vs a late do_update; then re-insert on the late thread must reach its poller. */
    @JCStressTest
    @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "closed once, no stale update bit, next update reached")
    @Outcome(expect = FORBIDDEN, desc = "stale update_mask bit or lost update (seed 001)")
    @State
    public static class OrphanVsLateUpdate {
        final JcsFixture f = new JcsFixture();

        public OrphanVsLateUpdate() {
            f.table.insert(JcsFixture.FD, f, f, 1, f.a.ltidBit, 0);
            f.table.getAndOr(JcsFixture.FD, STATE, FD_EV_ACTIVE_R);
        }

        @Actor
        public void closer() {
            f.table.delete(JcsFixture.FD, f.a);
        }

        @Actor
        public void latePoller() {
            f.table.updateEvents(JcsFixture.FD, FD_EV_READY_R, f.b);
        }

        @Arbiter
        public void check(III_Result r) {
            r.r1 = f.closes.get();
            r.r2 = f.dirty();
            FdTable t = f.table;
            t.drainLocalUpdates(f.b);
            int before = f.updates.get();
            t.insert(JcsFixture.FD, f, f, 1, f.b.ltidBit, 0);
            t.wantRecv(JcsFixture.FD, f.b);
            t.drainLocalUpdates(f.b);
            r.r3 = f.updates.get() - before;
        }
    }

    /**
     * (3) f98a8c317: two runners of a shared fd and a deleter; a livelock would hit the spin limit (error). Needs
     * 3 CPUs: jcstress skips it on a 2-CPU machine (the Lincheck test covers it there).
     */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "closed once, clean")
    @Outcome(expect = FORBIDDEN, desc = "double or lost close")
    @State
    public static class TwoRunnersAndDeleter {
        final JcsFixture f = new JcsFixture();

        public TwoRunnersAndDeleter() {
            f.table.insert(JcsFixture.FD, f, f, 1, f.a.ltidBit | f.b.ltidBit | f.c.ltidBit, 0);
            f.table.getAndOr(JcsFixture.FD, STATE, FD_EV_ACTIVE_R);
        }

        @Actor
        public void runnerA() {
            f.table.updateEvents(JcsFixture.FD, FD_EV_READY_R, f.a);
        }

        @Actor
        public void runnerB() {
            f.table.updateEvents(JcsFixture.FD, FD_EV_READY_R, f.b);
        }

        @Actor
        public void deleter() {
            f.table.delete(JcsFixture.FD, f.c);
        }

        @Arbiter
        public void check(II_Result r) {
            r.r1 = f.closes.get();
            r.r2 = f.dirty();
        }
    }

    /** (4) close + insert of the same number while transient readers grab / take the tgid. */
    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "refc_tgid is exactly tgid 1 with no reader left")
    @Outcome(expect = FORBIDDEN, desc = "a reader's count was lost or doubled")
    @State
    public static class InsertAfterCloseWithReaders {
        final JcsFixture f = new JcsFixture();
        final Object next = new Object();

        public InsertAfterCloseWithReaders() {
            f.table.insert(JcsFixture.FD, f, f, 1, f.a.ltidBit, 0);
        }

        @Actor
        public void closeAndReopen() {
            f.table.delete(JcsFixture.FD, f.a);
            f.table.insert(JcsFixture.FD, next, f, 1, f.a.ltidBit, 0);
        }

        @Actor
        public void reader() {
            if (f.table.grabTgid(JcsFixture.FD, 1)) {
                f.table.dropTgid(JcsFixture.FD);
            }
            if (f.table.takeTgid(JcsFixture.FD) != 0) {
                f.table.dropTgid(JcsFixture.FD);
            }
        }

        @Arbiter
        public void check(I_Result r) {
            r.r1 = (int) f.table.refcTgid(JcsFixture.FD);
        }
    }
}
