package io.sluice.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** LOCK-1: the ranked-lock wrapper rejects any out-of-order acquisition when a checker is attached. */
class RankedLockTest {

    private final LockOrderChecker checker = new LockOrderChecker();
    private final RankedLock state = new RankedLock(LockRank.SERVER_STATE, "state", checker);
    private final RankedLock srvQueue = new RankedLock(LockRank.SERVER_QUEUE, "srvq", checker);
    private final RankedLock pxQueue = new RankedLock(LockRank.BACKEND_QUEUE, "pxq", checker);
    private final RankedLock del = new RankedLock(LockRank.PENDCONN_DEL, "del", checker);

    @Test
    void ascendingOrderIsAccepted() {
        state.lock();
        srvQueue.lock();
        pxQueue.lock();
        del.lock();
        assertThat(checker.holdsNothing()).isFalse();
        del.unlock();
        pxQueue.unlock();
        srvQueue.unlock();
        state.unlock();
        assertThat(checker.holdsNothing()).isTrue();
    }

    @Test
    void takingALowerRankFailsBeforeBlocking() {
        pxQueue.lock();
        try {
            assertThatThrownBy(srvQueue::lock).isInstanceOf(LockOrderChecker.LockOrderViolation.class)
                    .hasMessageContaining("SERVER_QUEUE").hasMessageContaining("BACKEND_QUEUE");
            assertThatThrownBy(state::lock).isInstanceOf(LockOrderChecker.LockOrderViolation.class);
            assertThat(srvQueue.isHeldByCurrentThread()).isFalse();
        } finally {
            pxQueue.unlock();
        }
    }

    @Test
    void sameRankTwiceIsAViolation() {
        RankedLock other = new RankedLock(LockRank.PENDCONN_DEL, "del2", checker);
        del.lock();
        try {
            assertThatThrownBy(other::lock).isInstanceOf(LockOrderChecker.LockOrderViolation.class);
            assertThatThrownBy(del::tryLock).isInstanceOf(LockOrderChecker.LockOrderViolation.class);
        } finally {
            del.unlock();
        }
    }

    @Test
    void withoutCheckerNothingIsChecked() {
        RankedLock a = new RankedLock(LockRank.BACKEND_QUEUE, "a", null);
        RankedLock b = new RankedLock(LockRank.SERVER_STATE, "b", null);
        a.lock();
        b.lock();
        b.unlock();
        a.unlock();
        assertThat(a.toString()).isEqualTo("a(BACKEND_QUEUE)");
    }
}
