package io.sluice.fdtable;

import static io.sluice.fdtable.FdState.FD_CLONED;
import static io.sluice.fdtable.FdState.FD_DISOWN;
import static io.sluice.fdtable.FdState.FD_EV_ACTIVE_R;
import static io.sluice.fdtable.FdState.FD_EV_ACTIVE_W;
import static io.sluice.fdtable.FdState.FD_EV_ERR_RW;
import static io.sluice.fdtable.FdState.FD_EV_READY_R;
import static io.sluice.fdtable.FdState.FD_EV_READY_RW;
import static io.sluice.fdtable.FdState.FD_EV_READY_W;
import static io.sluice.fdtable.FdState.FD_EV_SHUT_R;
import static io.sluice.fdtable.FdState.FD_EV_SHUT_W;
import static io.sluice.fdtable.FdState.FD_LINGER_RISK;
import static io.sluice.fdtable.FdState.FD_MUST_CLOSE;
import static io.sluice.fdtable.FdState.FD_POLL_ERR;
import static io.sluice.fdtable.FdState.FD_POLL_HUP;
import static io.sluice.fdtable.FdState.FD_POLL_IN;
import static io.sluice.fdtable.FdState.FD_POLL_OUT;
import static io.sluice.fdtable.FdState.REFC_ONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Single-threaded unit tests of every operation and helper of FdTable. */
class FdTableTest {

    private final Recorder rec = new Recorder();
    private final ThreadSet threads = ThreadSet.of(4, 1);
    private final FdTable table = new FdTable(64, threads, rec, rec);
    private final ThreadContext t0 = new ThreadContext(threads, 0);
    private final ThreadContext t1 = new ThreadContext(threads, 1);
    private final Object conn = new Object();

    @Test
    void insertUpdateDeleteCycleClosesOnce() {
        table.insert(5, conn, rec, 1, t0.ltidBit, 0);
        assertThat(table.tgid(5)).isEqualTo(1);
        assertThat(table.refcTgid(5)).isEqualTo(1L);
        assertThat(table.state(5)).isEqualTo(FD_EV_READY_RW);
        assertThat(table.usedFds()).isEqualTo(1);
        assertThat(table.owner(5)).isSameAs(conn);
        assertThat(table.iocb(5)).isSameAs(rec);
        table.wantRecv(5, t0);
        assertThat(t0.localUpdateCount()).isEqualTo(1);
        assertThat(table.drainLocalUpdates(t0)).isEqualTo(1);
        assertThat(rec.events).containsExactly("update 0 5");
        assertThat(table.updateMask(5)).isZero();
        assertThat(table.updateEvents(5, FD_EV_READY_R, t0)).isEqualTo(UpdateResult.DONE);
        assertThat(rec.ios).isEqualTo(1);
        assertThat(table.state(5) & (FD_POLL_IN | FD_EV_ACTIVE_R)).isEqualTo(FD_POLL_IN | FD_EV_ACTIVE_R);
        assertThat(table.runningMask(5)).isZero();
        table.delete(5, t0);
        assertThat(rec.closes).isEqualTo(1);
        assertThat(table.refcTgid(5)).isZero();
        assertThat(table.owner(5)).isNull();
        assertThat(table.state(5)).isZero();
        assertThat(table.generation(5)).isEqualTo(1);
        assertThat(table.usedFds()).isZero();
        assertThat(table.updateEvents(5, FD_EV_READY_R, t0)).isEqualTo(UpdateResult.CLOSED);
        assertThat(t0.pollDropFd()).isEqualTo(1);
    }

    @Test
    void insertValidatesItsArguments() {
        assertThatThrownBy(() -> table.insert(64, conn, rec, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.insert(1, null, rec, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.insert(1, conn, rec, 2, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.insert(1, conn, rec, 1, 1L << 5, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.insert(1, conn, rec, 1, 1, FD_MUST_CLOSE))
                .isInstanceOf(IllegalArgumentException.class);
        table.insert(1, conn, rec, 1, 0xFF, FD_LINGER_RISK);
        assertThat(table.threadMask(1)).isEqualTo(0xF); // reduced to the enabled threads
        assertThatThrownBy(() -> table.insert(1, conn, rec, 1, 1, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("live fd");
    }

    @Test
    void tgidPrimitives() {
        assertThat(table.grabTgid(3, 1)).isFalse();
        assertThat(table.takeTgid(3)).isZero();
        assertThat(table.refcTgid(3)).isZero();
        table.claimTgid(3, 1);
        assertThat(table.refcTgid(3)).isEqualTo(1 | REFC_ONE);
        assertThat(table.grabTgid(3, 1)).isTrue();
        assertThat(table.grabTgid(3, 2)).isFalse();
        assertThat(table.takeTgid(3)).isEqualTo(1);
        assertThat(table.refcTgid(3)).isEqualTo(1 | 3 * REFC_ONE);
        table.getAndOr(3, FdTable.RUNNING_MASK, 4);
        assertThat(table.getRunning(3, 1)).isEqualTo(4);
        assertThat(table.getRunning(3, 2)).isZero();
        table.resetTgid(3);
        assertThat(table.refcTgid(3)).isEqualTo(3 * REFC_ONE);
        assertThat(table.grabTgid(3, 1)).isFalse();
        table.dropTgid(3);
        table.dropTgid(3);
        table.dropTgid(3);
        assertThat(table.refcTgid(3)).isZero();
        assertThat(table.clrRunning(3, new ThreadContext(threads, 2))).isEqualTo(4);
        assertThat(table.runningMask(3)).isZero();
    }

    @Test
    @Timeout(10)
    void claimWaitsForReadersToLeave() throws Exception {
        table.getAndAdd(9, FdTable.REFC_TGID, REFC_ONE); // a transient reader of the closed fd
        CountDownLatch done = new CountDownLatch(1);
        Thread inserter = new Thread(() -> {
            table.claimTgid(9, 1);
            done.countDown();
        });
        inserter.start();
        assertThat(done.await(50, TimeUnit.MILLISECONDS)).isFalse(); // still spinning: the reader holds a ref
        table.dropTgid(9);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        inserter.join();
        assertThat(table.refcTgid(9)).isEqualTo(1 | REFC_ONE);
    }

    @Test
    void spinLimitReportsALivelock() {
        FdTable bounded = new FdTable(8, threads, rec, rec, RaceWindows.DISABLED, 100);
        bounded.getAndAdd(2, FdTable.REFC_TGID, REFC_ONE);
        assertThatThrownBy(() -> bounded.claimTgid(2, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("livelock suspected: claimTgid");
    }

    @Test
    void eventHelpersBothDirections() {
        table.insert(4, conn, rec, 1, t0.ltidBit, 0);
        table.cantRecv(4);
        table.cantSend(4);
        assertThat(table.state(4)).isZero();
        table.condRecv(4);
        table.condSend(4);
        assertThat(table.state(4)).isEqualTo(FD_EV_READY_RW);
        table.cantRecv(4);
        table.cantSend(4);
        table.wantRecv(4, t0);
        table.wantSend(4, t0);
        assertThat(t0.localUpdateCount()).isEqualTo(1); // de-duplicated by the update_mask bit
        table.wantRecv(4, t0); // already active: no RMW, no update
        table.condRecv(4); // ACTIVE_R set: no READY
        table.condSend(4);
        assertThat(table.state(4)).isEqualTo(FD_EV_ACTIVE_R | FD_EV_ACTIVE_W);
        table.mayRecv(4);
        table.maySend(4);
        assertThat(table.state(4)).isEqualTo(FD_EV_ACTIVE_R | FD_EV_ACTIVE_W | FD_EV_READY_RW);
        table.stopRecv(4);
        assertThat(table.state(4) & FD_EV_ACTIVE_R).isZero();
        table.stopSend(4);
        assertThat(table.state(4) & FD_EV_ACTIVE_W).isZero();
        table.wantRecv(4, t0);
        table.wantSend(4, t0);
        table.stopBoth(4);
        assertThat(table.state(4)).isEqualTo(FD_EV_READY_RW);
        table.cantRecv(4);
        table.mayBoth(4);
        assertThat(table.state(4)).isEqualTo(FD_EV_READY_RW);
    }

    @Test
    void setPolledTouchesOnlyMyBits() {
        table.insert(6, conn, rec, 1, 3, 0);
        table.setPolled(6, t1, true, false);
        assertThat(table.polledRecv(6)).isEqualTo(2);
        assertThat(table.polledSend(6)).isZero();
        table.setPolled(6, t0, true, true);
        table.setPolled(6, t1, false, true);
        assertThat(table.polledRecv(6)).isEqualTo(1);
        assertThat(table.polledSend(6)).isEqualTo(3);
        assertThat(table.describe(6)).contains("prmsk=0x1", "pwmsk=0x3", "tgid=1");
    }

    @Test
    void eventFlagsAndMustStop() {
        table.insert(8, conn, rec, 1, t0.ltidBit, 0);
        // nothing active: no iocb, both directions must stop -> a local update
        assertThat(table.updateEvents(8, FD_EV_READY_R | FD_EV_READY_W, t0)).isEqualTo(UpdateResult.DONE);
        assertThat(rec.ios).isZero();
        assertThat(table.state(8) & (FD_POLL_IN | FD_POLL_OUT)).isEqualTo(FD_POLL_IN | FD_POLL_OUT);
        assertThat(t0.localUpdateCount()).isEqualTo(1);
        assertThat(table.updateMask(8)).isEqualTo(t0.ltidBit);
        t0.clearLocalUpdates();
        table.getAndClear(8, FdTable.UPDATE_MASK, -1L);
        table.wantSend(8, t0);
        t0.clearLocalUpdates();
        table.getAndClear(8, FdTable.UPDATE_MASK, -1L);
        // send active, read reported: recv must stop; OUT cleared since not reported again
        table.updateEvents(8, FD_EV_READY_R | FD_EV_SHUT_R, t0);
        assertThat(rec.ios).isEqualTo(1);
        assertThat(table.state(8) & (FD_POLL_IN | FD_POLL_HUP | FD_POLL_OUT)).isEqualTo(FD_POLL_IN | FD_POLL_HUP);
        assertThat(t0.localUpdateCount()).isEqualTo(1);
        // SHUT_W while ACTIVE_W is an error; ERR sets both READY bits
        table.cantRecv(8);
        table.cantSend(8);
        table.updateEvents(8, FD_EV_SHUT_W, t0);
        assertThat(table.state(8) & (FD_POLL_ERR | FD_EV_READY_RW)).isEqualTo(FD_POLL_ERR | FD_EV_READY_RW);
        table.updateEvents(8, FD_EV_ERR_RW, t0);
        assertThat(table.state(8) & FD_POLL_ERR).isNotZero();
    }

    @Test
    void takeoverMovesTheFdAndLateEventIsMigrated() {
        table.insert(7, conn, rec, 1, t0.ltidBit, 0);
        table.wantRecv(7, t0);
        assertThat(table.takeover(7, new Object(), t1)).isFalse(); // owner mismatch
        table.getAndOr(7, FdTable.RUNNING_MASK, t0.ltidBit);
        assertThat(table.takeover(7, conn, t1)).isFalse(); // someone runs it
        assertThat(table.refcTgid(7)).isEqualTo(1);
        table.clrRunning(7, t0);
        assertThat(table.takeover(7, conn, t1)).isTrue();
        assertThat(table.threadMask(7)).isEqualTo(t1.ltidBit);
        assertThat(table.state(7) & FD_EV_ACTIVE_R).isZero();
        assertThat(table.runningMask(7)).isZero();
        assertThat(table.refcTgid(7)).isEqualTo(1);
        assertThat(table.updateEvents(7, FD_EV_READY_R, t0)).isEqualTo(UpdateResult.MIGRATED);
        assertThat(rec.ios).isZero();
        assertThat(table.updateMask(7)).isEqualTo(t0.ltidBit);
        assertThat(t0.localUpdateAt(t0.localUpdateCount() - 1)).isEqualTo(7);
    }

    @Test
    void deleteWhileAnotherRunsLeavesTheCloseToTheRunner() {
        // t1 runs the iocb of a shared fd; meanwhile (simulated inside the iocb) t0 deletes it
        IoCallback deleterInside = (fd, ctx) -> {
            table.delete(fd, t0);
            assertThat(rec.closes).isZero(); // t0 was not alone: t1 holds running
            assertThat(table.threadMask(fd)).isZero();
            assertThat(table.state(fd) & FD_MUST_CLOSE).isNotZero();
        };
        table.insert(10, conn, deleterInside, 1, t0.ltidBit | t1.ltidBit, 0);
        table.getAndOr(10, FdTable.STATE, FD_EV_ACTIVE_R);
        assertThat(table.updateEvents(10, FD_EV_READY_R, t1)).isEqualTo(UpdateResult.CLOSED);
        assertThat(rec.closes).isEqualTo(1); // t1, the last runner, won FD_MUST_CLOSE (UPD-12)
        assertThat(table.refcTgid(10)).isZero();
        assertThat(table.runningMask(10)).isZero();
    }

    @Test
    void lateRunnerNotWelcomeDoesNotTouchRunning() {
        table.insert(15, conn, rec, 1, t0.ltidBit, 0);
        table.getAndOr(15, FdTable.STATE, FD_EV_ACTIVE_R);
        assertThat(table.updateEvents(15, FD_EV_READY_R, t1)).isEqualTo(UpdateResult.MIGRATED);
        assertThat(table.runningMask(15)).isZero();
        assertThat(table.updateMask(15)).isEqualTo(t1.ltidBit);
        assertThat(t1.localUpdateCount()).isEqualTo(1);
        assertThat(table.refcTgid(15)).isEqualTo(1);
    }

    @Test
    void deleteRejectsClosedAndForeignFds() {
        assertThatThrownBy(() -> table.delete(11, t0)).hasMessageContaining("closed fd");
        ThreadSet two = ThreadSet.of(2, 2);
        FdTable t2 = new FdTable(16, two, rec, rec);
        t2.insert(1, conn, rec, 2, 1, 0);
        assertThatThrownBy(() -> t2.delete(1, new ThreadContext(two, 0)))
                .hasMessageContaining("not supported yet");
    }

    @Test
    void orphanCloseHonoursDisownLingerAndCloned() {
        PollerHooksWithClo hooks = new PollerHooksWithClo();
        FdTable t = new FdTable(16, threads, hooks, rec);
        t.insert(2, conn, rec, 1, 1, FD_DISOWN);
        t.delete(2, t0);
        assertThat(rec.closes).isZero();
        assertThat(t.generation(2)).isZero();
        assertThat(t.usedFds()).isZero();
        t.insert(3, conn, rec, 1, 1, FD_LINGER_RISK | FD_CLONED);
        t.setPolled(3, t0, true, false);
        t.delete(3, t0);
        assertThat(rec.events).containsExactly("close 3 rst");
        assertThat(hooks.clo).isEqualTo("clo 3 tg1 0x1");
        assertThat(t.polledRecv(3)).isZero();
    }

    private static final class PollerHooksWithClo implements PollerHooks {
        String clo;

        @Override
        public void wakeThread(int tid) {
        }

        @Override
        public void updateFd(ThreadContext ctx, int fd) {
        }

        @Override
        public void clo(int fd, int tgid, long polledMask) {
            clo = "clo " + fd + " tg" + tgid + " 0x" + Long.toHexString(polledMask);
        }
    }

    @Test
    void orphanTrimsMyLastLocalUpdate() {
        table.insert(12, conn, rec, 1, t0.ltidBit, 0);
        table.wantRecv(12, t0);
        assertThat(t0.localUpdateCount()).isEqualTo(1);
        table.delete(12, t0);
        assertThat(t0.localUpdateCount()).isZero();
        assertThat(table.updateMask(12)).isZero();
    }

    @Test
    void localUpdateOfAClosedFdIsDroppedAndCounted() {
        table.insert(13, conn, rec, 1, t0.ltidBit, 0);
        table.wantRecv(13, t0);
        t0.appendLocalUpdate(14); // a stale entry of a number closed meanwhile
        assertThat(table.drainLocalUpdates(t0)).isEqualTo(1);
        assertThat(t0.pollDropFd()).isEqualTo(1);
        assertThat(t0.localUpdateCount()).isZero();
    }

    @Test
    void sharedFdUsesTheGlobalListWithDeduplication() {
        ThreadContext t2 = new ThreadContext(threads, 2);
        table.insert(20, conn, rec, 1, t0.ltidBit | t1.ltidBit, 0);
        table.wantRecv(20, t2); // t2 is not in thread_mask: global update + wake one of t0/t1
        assertThat(t2.localUpdateCount()).isZero();
        assertThat(table.updateMask(20)).isEqualTo(3);
        assertThat(table.updateList(1).contains(20)).isTrue();
        assertThat(rec.events).hasSize(1).first().asString().matches("wake [01]");
        table.updtFdPolling(20, t2); // already equal to thread_mask: nothing new
        assertThat(rec.events).hasSize(1);
        assertThat(table.applyGlobalUpdates(t2)).isZero(); // t2's bit is not in update_mask
        assertThat(table.applyGlobalUpdates(t0)).isEqualTo(1);
        assertThat(table.updateMask(20)).isEqualTo(2);
        assertThat(table.updateList(1).contains(20)).isTrue();
        assertThat(table.applyGlobalUpdates(t0)).isZero();
        assertThat(table.applyGlobalUpdates(t1)).isEqualTo(1);
        assertThat(table.updateMask(20)).isZero();
        assertThat(table.updateList(1).contains(20)).isFalse();
        assertThat(rec.events).contains("update 0 20", "update 1 20");
    }

    @Test
    void doneUpdatePollingKeepsTheEntryWhileBitsRemain() {
        table.insert(21, conn, rec, 1, 0b111, 0);
        table.set(21, FdTable.UPDATE_MASK, 0b011);
        table.updateList(1).add(21);
        table.doneUpdatePolling(21, t0);
        assertThat(table.updateList(1).contains(21)).isTrue();
        table.doneUpdatePolling(21, t1);
        assertThat(table.updateList(1).contains(21)).isFalse();
    }

    @Test
    void updateForAnotherGroupIsBroadcastThere() {
        ThreadSet two = ThreadSet.of(4, 2);
        FdTable t = new FdTable(16, two, rec, rec);
        ThreadContext g1 = new ThreadContext(two, 0);
        t.insert(5, conn, rec, 2, 0b10, 0);
        t.updtFdPolling(5, g1);
        assertThat(t.updateMask(5)).isEqualTo(0b11);
        assertThat(t.updateList(2).contains(5)).isTrue();
        assertThat(t.updateList(1).contains(5)).isFalse();
        assertThat(rec.events).containsExactly("wake 3");
        assertThat(t.refcTgid(5)).isEqualTo(2);
        t.updtFdPolling(6, g1); // closed: nothing
        assertThat(rec.events).hasSize(1);
    }

    @Test
    void throwingIocbLeavesNoRunningBitAndStillClosesOnce() {
        int[] calls = {0};
        IoCallback boom = (fd, ctx) -> {
            calls[0]++;
            throw new IllegalStateException("boom " + calls[0]);
        };
        table.insert(5, conn, boom, 1, t0.ltidBit, 0);
        table.wantRecv(5, t0);
        assertThatThrownBy(() -> table.updateEvents(5, FD_EV_READY_R, t0)).hasMessage("boom 1");
        // UPD-10: the running bit and the reference are released before the exception leaves.
        assertThat(table.runningMask(5)).isZero();
        assertThat(table.refcTgid(5)).isEqualTo(1L);
        assertThatThrownBy(() -> table.updateEvents(5, FD_EV_READY_R, t0)).hasMessage("boom 2");
        assertThat(table.runningMask(5)).isZero();
        // a throwing iocb that deleted its fd first: the close is not lost.
        table.insert(7, conn, (fd, ctx) -> {
            table.delete(fd, ctx);
            throw new IllegalStateException("after delete");
        }, 1, t0.ltidBit, 0);
        table.wantRecv(7, t0);
        assertThatThrownBy(() -> table.updateEvents(7, FD_EV_READY_R, t0)).hasMessage("after delete");
        assertThat(rec.closes).isEqualTo(1);
        assertThat(table.refcTgid(7)).isZero();
        assertThat(table.runningMask(7)).isZero();
        // a delete after a throwing call closes at once (no runner left behind).
        table.delete(5, t0);
        assertThat(rec.closes).isEqualTo(2);
    }
}
