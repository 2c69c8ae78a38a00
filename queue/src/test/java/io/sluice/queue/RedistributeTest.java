package io.sluice.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RED-1..RED-4 and GRB-1..GRB-2 through the admin operations the CLI calls. */
class RedistributeTest {

    private final ManualClock clock = new ManualClock(3_000);
    private final LockOrderChecker checker = new LockOrderChecker();
    private final Queues q = new Queues();
    private final Assigner a = new Assigner(q);
    private final ServerAdmin admin = new ServerAdmin(q);

    private Backend backend(boolean redispatch) {
        return Backend.builder("px").clock(clock).redispatch(redispatch).lockOrderChecker(checker).build();
    }

    @Test
    void maintenanceWakesServerQueueAndDropsAssignmentWithoutRedispatch() {
        Backend px = backend(false);
        Server s1 = px.addServer(new Server.Builder("s1").maxconn(1));
        px.addServer(new Server.Builder("s2").maxconn(1));
        TestStream h = new TestStream("h", px).direct(s1);
        TestStream w = new TestStream("w", px).direct(s1);
        TestStream pinned = new TestStream("pinned", px).direct(s1);
        pinned.setFlags(pinned.flags() | QueueFlags.SF_FORCE_PRST);
        a.srvRedispatchConnect(h, px);
        assertThat(a.srvRedispatchConnect(w, px)).isEqualTo(SrvStatus.QUEUED);
        assertThat(a.srvRedispatchConnect(pinned, px)).isEqualTo(SrvStatus.QUEUED);

        assertThat(admin.disable(s1)).isEqualTo(1);

        assertThat(w.wakes).hasValue(1);
        assertThat(pinned.wakes).hasValue(0);
        assertThat(s1.queue().length()).isEqualTo(1);
        assertThat(px.totpend()).isEqualTo(1);
        assertThat(q.pendconnDequeue(w)).isFalse();
        assertThat(w.flags() & QueueFlags.SF_ASSIGNED).isZero();
        // Load-balancing again lands on the other server.
        assertThat(a.srvRedispatchConnect(w, px)).isEqualTo(SrvStatus.OK);
        assertThat(w.srvConn().name()).isEqualTo("s2");
        assertThat(checker.holdsNothing()).isTrue();
    }

    @Test
    void redispatchKeepsTheAssignmentAndRunsEvenOutOfMaintenance() {
        Backend px = backend(true);
        Server s1 = px.addServer(new Server.Builder("s1").maxconn(1));
        TestStream h = new TestStream("h", px).direct(s1);
        TestStream w = new TestStream("w", px).direct(s1);
        a.srvRedispatchConnect(h, px);
        a.srvRedispatchConnect(w, px);
        assertThat(admin.setOperState(s1, SrvState.STOPPING)).isEqualTo(1);
        assertThat(q.pendconnDequeue(w)).isFalse();
        assertThat(w.flags() & QueueFlags.SF_ASSIGNED).isNotZero();
    }

    @Test
    void lastServerGoingAwayFlushesTheBackendQueue() {
        Backend px = backend(false);
        Server s = px.addServer(new Server.Builder("s").maxconn(1));
        TestStream h = new TestStream("h", px);
        TestStream w1 = new TestStream("w1", px);
        TestStream w2 = new TestStream("w2", px);
        assertThat(a.srvRedispatchConnect(h, px)).isEqualTo(SrvStatus.OK);
        assertThat(a.srvRedispatchConnect(w1, px)).isEqualTo(SrvStatus.QUEUED);
        assertThat(a.srvRedispatchConnect(w2, px)).isEqualTo(SrvStatus.QUEUED);
        w2.pendconn().strmFlags |= QueueFlags.SF_FORCE_PRST;
        assertThat(px.queue().length()).isEqualTo(2);

        assertThat(admin.disable(s)).isEqualTo(2);

        assertThat(px.queue().length()).isZero();
        assertThat(px.totpend()).isZero();
        assertThat(w1.wakes).hasValue(1);
        assertThat(w2.wakes).hasValue(1);
        assertThat(q.pendconnDequeue(w2)).isFalse();
        assertThat(a.srvRedispatchConnect(w2, px)).isEqualTo(SrvStatus.NOSRV);
        assertThat(checker.holdsNothing()).isTrue();
    }

    @Test
    void backendQueueIsKeptWhileAnotherServerIsUsable() {
        Backend px = backend(false);
        Server s1 = px.addServer(new Server.Builder("s1").maxconn(1));
        Server s2 = px.addServer(new Server.Builder("s2").maxconn(1));
        a.srvRedispatchConnect(new TestStream("h1", px), px);
        a.srvRedispatchConnect(new TestStream("h2", px), px);
        TestStream w = new TestStream("w", px);
        assertThat(a.srvRedispatchConnect(w, px)).isEqualTo(SrvStatus.QUEUED);
        assertThat(admin.disable(s1)).isZero();
        assertThat(px.queue().length()).isEqualTo(1);
        assertThat(s2.isUsable()).isTrue();
    }

    @Test
    void enablingAServerGrabsFromTheBackendQueueUpToItsLimit() {
        Backend px = backend(false);
        Server s = px.addServer(new Server.Builder("s").maxconn(2).initialState(SrvState.STOPPED));
        Server other = px.addServer(new Server.Builder("o").maxconn(1));
        TestStream h = new TestStream("h", px);
        assertThat(a.srvRedispatchConnect(h, px)).isEqualTo(SrvStatus.OK);
        assertThat(h.srvConn()).isSameAs(other);
        TestStream[] w = new TestStream[3];
        for (int i = 0; i < 3; i++) {
            w[i] = new TestStream("w" + i, px);
            assertThat(a.srvRedispatchConnect(w[i], px)).isEqualTo(SrvStatus.QUEUED);
        }
        assertThat(admin.setOperState(s, SrvState.RUNNING)).isEqualTo(2);
        assertThat(px.queue().length()).isEqualTo(1);
        assertThat(q.pendconnDequeue(w[0])).isFalse();
        assertThat(w[0].target()).isSameAs(s);
        assertThat(a.srvRedispatchConnect(w[0], px)).isEqualTo(SrvStatus.OK);
        assertThat(w[0].srvConn()).isSameAs(s);
    }

    @Test
    void shutdownSessionsOfTheLastServerLeavesNothingQueued() {
        // The CLI line of seed 003, run sequentially: disable; shutdown sessions; enable.
        Backend px = backend(false);
        Server s = px.addServer(new Server.Builder("s").maxconn(1));
        TestStream h = new TestStream("h", px);
        TestStream w = new TestStream("w", px);
        a.srvRedispatchConnect(h, px);
        a.srvRedispatchConnect(w, px);
        admin.disable(s);
        a.releaseSlot(h);
        admin.afterShutdownSessions(s);
        assertThat(px.queue().length()).isZero();
        admin.enable(s);
        TestStream c = new TestStream("c", px);
        assertThat(a.srvRedispatchConnect(c, px)).isEqualTo(SrvStatus.OK);
        assertThat(px.roundsExceeded()).isZero();
    }

    @Test
    void withoutTheBackendFlushANewcomerHitsTheRoundBound() {
        // The seed's endless loop, made deterministic: the backend queue keeps an entry, the server is usable
        // again but nobody is served (HAProxy: between the LB weight update and pendconn_grab_from_px).
        Backend px = Backend.builder("px").clock(clock).maxAssignRounds(16).build();
        Server s = px.addServer(new Server.Builder("s").maxconn(1));
        Queues old = new LastServerDownModelTest.RedistributeIgnoringBackend();
        Assigner oa = new Assigner(old);
        ServerAdmin oadmin = new ServerAdmin(old);
        TestStream h = new TestStream("h", px);
        TestStream w = new TestStream("w", px);
        oa.srvRedispatchConnect(h, px);
        oa.srvRedispatchConnect(w, px);
        oadmin.disable(s);
        oa.releaseSlot(h);
        oadmin.afterShutdownSessions(s);
        s.setAdmin(0);
        TestStream c = new TestStream("c", px);
        assertThat(oa.srvRedispatchConnect(c, px)).isEqualTo(SrvStatus.QUEUED);
        assertThat(px.roundsExceeded()).isEqualTo(1);
        assertThat(c.pendconn().isActive()).isTrue();
        assertThat(px.totpend()).isEqualTo(2);
        // The server coming up (grab) is what finally serves the backend queue.
        assertThat(oadmin.enable(s)).isEqualTo(1);
        assertThat(w.srvConn()).isSameAs(s);
    }
}
