package io.sluice.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** KEY-1..KEY-4: the key layout, the order inside one queue, and the server/backend choice. */
class QueueKeyTest {

    private final ManualClock clock = new ManualClock(10_000);
    private final Backend px = Backend.builder("px").clock(clock).build();
    private final Server s = px.addServer(new Server.Builder("s").maxconn(1));
    private final Queues q = new Queues();

    private TestStream queued(String name, int cls, int offset, long at) {
        clock.now = at;
        TestStream t = new TestStream(name, px).direct(s);
        t.prioClass = cls;
        t.prioOffset = offset;
        q.pendconnAdd(t, px);
        return t;
    }

    private Pendconn first(long now) {
        s.queue().lock().lock();
        try {
            return s.queue().first(now);
        } finally {
            s.queue().lock().unlock();
        }
    }

    @Test
    void keyPacksClassAboveTwentyBitsOfTime() {
        long k = QueueKey.make(0, 0, 5);
        assertThat(k >>> 20).isEqualTo(0x7ff);
        assertThat(QueueKey.keyOffset(k)).isEqualTo(5);
        assertThat(QueueKey.make(-0x7ff, 0, 0) >>> 20).isZero();
        assertThat(QueueKey.make(0x7ff, 0, 0) >>> 20).isEqualTo(0xffe);
        // Clamping to +-0x7ff and +-0x7ffff.
        assertThat(QueueKey.make(100_000, 0, 0)).isEqualTo(QueueKey.make(0x7ff, 0, 0));
        assertThat(QueueKey.keyOffset(QueueKey.make(0, 10_000_000, 0))).isEqualTo(0x7ffff);
        // The time field wraps at 2^20 ms.
        assertThat(QueueKey.keyOffset(QueueKey.make(0, 0, (1L << 20) + 3))).isEqualTo(3);
        assertThat(QueueKey.make(0x7ff, 0, 0)).isGreaterThan(Integer.MAX_VALUE);
    }

    @Test
    void lowerClassGoesFirstWhateverTheTime() {
        queued("late-high", 5, 0, 10_000);
        TestStream urgent = queued("urgent", -3, 0, 20_000);
        assertThat(first(20_000).stream()).isSameAs(urgent);
    }

    @Test
    void withinAClassEarlierTimeAndNegativeOffsetGoFirst() {
        TestStream a = queued("a", 0, 0, 10_000);
        queued("b", 0, 0, 10_100);
        assertThat(first(10_200).stream()).isSameAs(a);
        TestStream c = queued("c", 0, -500, 10_200);
        assertThat(first(10_300).stream()).isSameAs(c);
    }

    @Test
    void equalKeysKeepArrivalOrder() {
        TestStream a = queued("a", 0, 0, 10_000);
        queued("b", 0, 0, 10_000);
        assertThat(first(10_000).stream()).isSameAs(a);
    }

    @Test
    void wrappedTimeFieldStillGoesAfterOlderEntries() {
        long wrap = 1L << 20;
        TestStream old = queued("old", 0, 0, wrap - 10);
        TestStream young = queued("young", 0, 0, wrap + 5);
        assertThat(QueueKey.keyOffset(young.pendconn().key())).isLessThan(QueueKey.keyOffset(old.pendconn().key()));
        assertThat(first(wrap + 10).stream()).isSameAs(old);
    }

    @Test
    void keysOlderThanHalfTheWrapCountAsFuture() {
        // The boundary rule: time fields below now - 2^19 are taken for wrapped ones.
        TestStream ancient = queued("ancient", 0, 0, 0);
        TestStream recent = queued("recent", 0, 0, 600_000);
        assertThat(first(600_001).stream()).isSameAs(recent);
        assertThat(first(500_000).stream()).isSameAs(ancient);
        assertThat(QueueKey.nowOffsetBoundary(600_001)).isEqualTo(600_001 - (1 << 19));
    }

    @Test
    void serverQueueWinsTiesAndClassBeatsTime() {
        long now = 50_000;
        long k = QueueKey.make(0, 0, now - 10);
        assertThat(QueueKey.serverFirst(k, k, now)).isTrue();
        assertThat(QueueKey.serverFirst(QueueKey.make(0, 0, now - 5), QueueKey.make(0, 0, now - 10), now)).isFalse();
        assertThat(QueueKey.serverFirst(QueueKey.make(1, 0, 0), QueueKey.make(2, 0, now), now)).isTrue();
        assertThat(QueueKey.serverFirst(QueueKey.make(2, 0, 0), QueueKey.make(1, 0, now), now)).isFalse();
    }

    @Test
    void serverBackendChoiceHandlesWrap() {
        long wrap = 1L << 20;
        long older = QueueKey.make(0, 0, wrap - 10);
        long younger = QueueKey.make(0, 0, wrap + 5);
        assertThat(QueueKey.serverFirst(older, younger, wrap + 10)).isTrue();
        assertThat(QueueKey.serverFirst(younger, older, wrap + 10)).isFalse();
    }

    @Test
    void dequeuePicksTheBackendEntryOfALowerClassOverTheServerEntry() {
        Assigner a = new Assigner(q);
        TestStream holder = new TestStream("holder", px).direct(s);
        assertThat(a.srvRedispatchConnect(holder, px)).isEqualTo(SrvStatus.OK);
        TestStream onServer = new TestStream("srv", px).direct(s);
        assertThat(a.srvRedispatchConnect(onServer, px)).isEqualTo(SrvStatus.QUEUED);
        TestStream onBackend = new TestStream("be", px);
        onBackend.prioClass = -1;
        assertThat(a.srvRedispatchConnect(onBackend, px)).isEqualTo(SrvStatus.QUEUED);
        assertThat(px.queue().length()).isEqualTo(1);
        assertThat(px.totpend()).isEqualTo(2);

        a.releaseSlot(holder);

        assertThat(onBackend.srvConn()).isSameAs(s);
        assertThat(onBackend.wakes).hasValue(1);
        assertThat(onServer.wakes).hasValue(0);
        assertThat(q.pendconnDequeue(onBackend)).isFalse();
        assertThat(onBackend.target()).isSameAs(s);
        assertThat(onBackend.flags() & QueueFlags.SF_ASSIGNED).isNotZero();
        assertThat(a.srvRedispatchConnect(onBackend, px)).isEqualTo(SrvStatus.OK);
        assertThat(q.pendconnDequeue(onServer)).isTrue();
        a.releaseSlot(onBackend);
        assertThat(onServer.wakes).hasValue(1);
        assertThat(q.pendconnDequeue(onServer)).isFalse();
        a.releaseSlot(onServer);
        assertThat(px.totpend()).isZero();
        assertThat(px.served()).isZero();
        assertThat(s.queue().idx()).isEqualTo(1);
        assertThat(px.queue().idx()).isEqualTo(1);
        assertThat(s.queue().maxLength()).isEqualTo(1);
    }
}
