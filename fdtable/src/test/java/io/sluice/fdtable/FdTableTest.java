package io.sluice.fdtable;

import static io.sluice.fdtable.FdState.FD_EV_ACTIVE_R;
import static io.sluice.fdtable.FdState.FD_EV_READY_R;
import static io.sluice.fdtable.FdState.FD_EV_READY_RW;
import static io.sluice.fdtable.FdState.FD_POLL_IN;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FdTableTest {

    private final Recorder rec = new Recorder();
    private final ThreadSet threads = ThreadSet.of(4, 1);
    private final FdTable table = new FdTable(64, threads, rec, rec);
    private final ThreadContext t0 = new ThreadContext(threads, 0);
    private final ThreadContext t1 = new ThreadContext(threads, 1);

    @Test
    void insertUpdateDeleteCycleClosesOnce() {
        Object conn = new Object();
        table.insert(5, conn, rec, 1, t0.ltidBit, 0);
        assertThat(table.tgid(5)).isEqualTo(1);
        assertThat(table.refcTgid(5)).isEqualTo(1L);
        assertThat(table.state(5)).isEqualTo(FD_EV_READY_RW);
        table.wantRecv(5, t0);
        assertThat(t0.localUpdateCount()).isEqualTo(1);
        assertThat(table.drainLocalUpdates(t0)).isEqualTo(1);
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
    }

    @Test
    void lateEventAfterTakeoverIsMigrated() {
        Object conn = new Object();
        table.insert(7, conn, rec, 1, t0.ltidBit, 0);
        table.wantRecv(7, t0);
        assertThat(table.takeover(7, conn, t1)).isTrue();
        assertThat(table.threadMask(7)).isEqualTo(t1.ltidBit);
        assertThat(table.updateEvents(7, FD_EV_READY_R, t0)).isEqualTo(UpdateResult.MIGRATED);
        assertThat(rec.ios).isZero();
        assertThat(table.updateMask(7)).isEqualTo(t0.ltidBit);
    }
}
