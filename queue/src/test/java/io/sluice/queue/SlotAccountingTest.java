package io.sluice.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** SLOT-1..SLOT-3, maxqueue and the admin paths that change slots (dynamic maxconn, set maxconn). */
class SlotAccountingTest {

    private final ManualClock clock = new ManualClock(1_000);
    private final Queues q = new Queues();
    private final Assigner a = new Assigner(q);

    @Test
    void dynamicMaxconnFollowsBeconnOverFullconn() {
        Backend px = Backend.builder("px").clock(clock).fullconn(100).build();
        Server s = px.addServer(new Server.Builder("s").minconn(10).maxconn(50));
        assertThat(s.dynamicMaxconn(clock.now)).isEqualTo(10);
        px.addBeconn(40);
        assertThat(s.dynamicMaxconn(clock.now)).isEqualTo(20);
        px.addBeconn(60);
        assertThat(s.dynamicMaxconn(clock.now)).isEqualTo(50);
        px.addBeconn(10);
        assertThat(s.dynamicMaxconn(clock.now)).isEqualTo(50);
    }

    @Test
    void minconnEqualToMaxconnIgnoresFullconnAndConfigIsFixedUp() {
        Backend px = Backend.builder("px").clock(clock).fullconn(100).build();
        Server same = px.addServer(new Server.Builder("same").maxconn(30));
        assertThat(same.minconn()).isEqualTo(30);
        assertThat(same.dynamicMaxconn(clock.now)).isEqualTo(30);
        Server raised = px.addServer(new Server.Builder("raised").minconn(40).maxconn(20));
        assertThat(raised.maxconn()).isEqualTo(40);
    }

    @Test
    void slowstartRampsTheLimitFromOne() {
        Backend px = Backend.builder("px").clock(clock).build();
        Server s = px.addServer(new Server.Builder("s").maxconn(100).slowstartMs(10_000)
                .initialState(SrvState.STOPPED));
        ServerAdmin admin = new ServerAdmin(q);
        admin.setOperState(s, SrvState.STARTING);
        assertThat(s.dynamicMaxconn(clock.now)).isEqualTo(1);
        assertThat(s.dynamicMaxconn(clock.now + 2_500)).isEqualTo(25);
        assertThat(s.dynamicMaxconn(clock.now + 9_999)).isEqualTo(99);
        assertThat(s.dynamicMaxconn(clock.now + 10_000)).isEqualTo(100);
        admin.setOperState(s, SrvState.RUNNING);
        assertThat(s.dynamicMaxconn(clock.now)).isEqualTo(100);
    }

    @Test
    void serverQueueAtMaxqueueAnswersFull() {
        Backend px = Backend.builder("px").clock(clock).build();
        Server s = px.addServer(new Server.Builder("s").maxconn(1).maxqueue(2));
        TestStream holder = new TestStream("h", px).direct(s);
        assertThat(a.srvRedispatchConnect(holder, px)).isEqualTo(SrvStatus.OK);
        assertThat(a.srvRedispatchConnect(new TestStream("w1", px).direct(s), px)).isEqualTo(SrvStatus.QUEUED);
        assertThat(a.srvRedispatchConnect(new TestStream("w2", px).direct(s), px)).isEqualTo(SrvStatus.QUEUED);
        TestStream third = new TestStream("w3", px).direct(s);
        assertThat(a.srvRedispatchConnect(third, px)).isEqualTo(SrvStatus.FULL);
        assertThat(third.pendconn().isActive()).isFalse();
        assertThat(s.queue().length()).isEqualTo(2);
        assertThat(s.queue().maxLength()).isEqualTo(2);
        assertThat(px.totpend()).isEqualTo(2);
    }

    @Test
    void fullDirectStreamIsRedispatchedWithOptionRedispatch() {
        Backend px = Backend.builder("px").clock(clock).redispatch(true).build();
        Server s1 = px.addServer(new Server.Builder("s1").maxconn(1).maxqueue(1));
        Server s2 = px.addServer(new Server.Builder("s2").maxconn(1));
        assertThat(a.srvRedispatchConnect(new TestStream("h", px).direct(s1), px)).isEqualTo(SrvStatus.OK);
        assertThat(a.srvRedispatchConnect(new TestStream("w", px).direct(s1), px)).isEqualTo(SrvStatus.QUEUED);
        TestStream t = new TestStream("t", px).direct(s1);
        assertThat(a.srvRedispatchConnect(t, px)).isEqualTo(SrvStatus.OK);
        assertThat(t.srvConn()).isSameAs(s2);
        assertThat(t.flags() & QueueFlags.SF_REDISP).isNotZero();
        assertThat(t.flags() & QueueFlags.SF_DIRECT).isZero();
    }

    @Test
    void raisingMaxconnFromTheCliDequeuesWaiters() {
        Backend px = Backend.builder("px").clock(clock).build();
        Server s = px.addServer(new Server.Builder("s").maxconn(1));
        ServerAdmin admin = new ServerAdmin(q);
        TestStream h = new TestStream("h", px).direct(s);
        TestStream w1 = new TestStream("w1", px).direct(s);
        TestStream w2 = new TestStream("w2", px).direct(s);
        assertThat(a.srvRedispatchConnect(h, px)).isEqualTo(SrvStatus.OK);
        assertThat(a.srvRedispatchConnect(w1, px)).isEqualTo(SrvStatus.QUEUED);
        assertThat(a.srvRedispatchConnect(w2, px)).isEqualTo(SrvStatus.QUEUED);
        assertThat(admin.setMaxconn(s, 3)).isEqualTo(2);
        assertThat(s.served()).isEqualTo(3);
        assertThat(px.served()).isEqualTo(3);
        assertThat(px.totpend()).isZero();
        assertThat(w1.srvConn()).isSameAs(s);
        assertThat(w2.srvConn()).isSameAs(s);
        assertThatThrownBy(() -> admin.setMaxconn(s, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queueTimeoutUnlinksOnceAndCountersReturnToZero() {
        Backend px = Backend.builder("px").clock(clock).build();
        Server s = px.addServer(new Server.Builder("s").maxconn(1));
        TestStream h = new TestStream("h", px).direct(s);
        TestStream w = new TestStream("w", px).direct(s);
        a.srvRedispatchConnect(h, px);
        assertThat(a.srvRedispatchConnect(w, px)).isEqualTo(SrvStatus.QUEUED);
        assertThat(q.pendconnUnlink(w.pendconn())).isTrue();
        assertThat(w.pendconn().position()).isEqualTo(1);
        assertThat(w.pendconn().isActive()).isFalse();
        assertThat(s.queue().length()).isZero();
        assertThat(px.totpend()).isZero();
        a.releaseSlot(h);
        assertThat(w.wakes).hasValue(0);
        assertThat(s.served()).isZero();
    }

    @Test
    void releasingASlotDequeuesInKeyOrderUpToMaxpollevents() {
        Backend px = Backend.builder("px").clock(clock).maxPollEvents(2).build();
        Server s = px.addServer(new Server.Builder("s").maxconn(1));
        ServerAdmin admin = new ServerAdmin(q);
        TestStream h = new TestStream("h", px).direct(s);
        a.srvRedispatchConnect(h, px);
        TestStream[] w = new TestStream[4];
        for (int i = 0; i < w.length; i++) {
            clock.now++;
            w[i] = new TestStream("w" + i, px).direct(s);
            assertThat(a.srvRedispatchConnect(w[i], px)).isEqualTo(SrvStatus.QUEUED);
        }
        admin.setMaxconn(s, 10);
        // maxpollevents 2 per call, but the loop continues while served == 0 only: 2 taken here.
        assertThat(w[0].srvConn()).isSameAs(s);
        assertThat(w[1].srvConn()).isSameAs(s);
        assertThat(w[2].srvConn()).isNull();
        assertThat(q.processServerQueue(s)).isEqualTo(2);
        assertThat(w[3].srvConn()).isSameAs(s);
        // w3 was added when idx was 0 (queue_idx = -1); four dequeues later idx is 4.
        assertThat(q.pendconnDequeue(w[3])).isFalse();
        assertThat(w[3].pendconn().position()).isEqualTo(5);
    }
}
