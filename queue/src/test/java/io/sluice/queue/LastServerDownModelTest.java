package io.sluice.queue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Model check of seed 003 (53f52e67a, RED-4 vs ASQ-4/ASQ-6): a stream waits in the backend queue; the CLI runs
 * {@code disable server; shutdown sessions server; enable server} on the backend's only server while a new stream
 * load-balances. The new stream must converge (OK, NOSRV or QUEUED within the round bound, never the bound itself)
 * and the backend queue must end empty. The canary is the redistribute that ignores the backend queue: there the
 * new stream spins FULL → add → must-try-again → balance again; the round bound ends the spin (the stream stays
 * queued) and counts it, and the test reports the count instead of hanging.
 */
@Tag("model")
class LastServerDownModelTest {

    private static final int INVOCATIONS = 300;
    private static final int CANARY_INVOCATIONS = 1000;
    private static final int ROUNDS = 8;

    /** The pre-53f52e67a redistribute: only the server queue is handled (RED-4 missing). */
    static final class RedistributeIgnoringBackend extends Queues {
        @Override
        public int pendconnRedistribute(Server s) {
            return redistributeServerQueue(s);
        }
    }

    static void scenario(boolean canary, boolean convergenceOnly) {
        ManualClock clock = new ManualClock(77_000);
        Backend px = Backend.builder("px").clock(clock).maxAssignRounds(ROUNDS).build();
        Server s = px.addServer(new Server.Builder("s").maxconn(1));
        Queues q = canary ? new RedistributeIgnoringBackend() : new Queues();
        Assigner a = new Assigner(q);
        ServerAdmin admin = new ServerAdmin(q);
        TestStream sa = new TestStream("A", px);
        TestStream sq = new TestStream("Q", px);
        TestStream sc = new TestStream("C", px);
        px.addBeconn(3);
        expect(a.srvRedispatchConnect(sa, px), SrvStatus.OK, "A");
        a.markConnected(sa);
        expect(a.srvRedispatchConnect(sq, px), SrvStatus.QUEUED, "Q");
        if (px.queue().length() != 1) {
            throw new IllegalStateException("setup: Q not in the backend queue " + px);
        }
        SrvStatus[] res = new SrvStatus[1];
        Thread cli = new Thread(() -> {
            admin.disable(s);
            // shutdown sessions server px/s: A stops and releases its slot, then the queues are redistributed.
            a.releaseSlot(sa);
            admin.afterShutdownSessions(s);
            admin.enable(s);
        });
        Thread newcomer = new Thread(() -> res[0] = a.srvRedispatchConnect(sc, px));
        cli.start();
        newcomer.start();
        ModelCheck.join(cli);
        ModelCheck.join(newcomer);
        SrvStatus st = res[0];
        if (st == SrvStatus.INTERNAL || px.roundsExceeded() != 0) {
            throw new AssertionError("assign loop did not converge in " + ROUNDS + " rounds: C=" + sc + " " + s + " "
                    + px);
        }
        if (convergenceOnly) {
            return;
        }
        if (px.queue().length() != 0 && px.served() == 0 && s.served() == 0) {
            throw new AssertionError("backend queue left with nobody served: " + px + " Q=" + sq + " C=" + sc);
        }
        // Let the woken streams run, as their threads would, and release everything.
        settle(q, a, px, sq);
        settle(q, a, px, sc);
        if (px.queue().length() != 0 || px.totpend() != 0 || px.served() != 0 || s.served() != 0) {
            throw new AssertionError("not drained: " + px + " " + s + " Q=" + sq + " C=" + sc);
        }
    }

    /** Runs the stream {@code t} to completion: dequeue if woken, assign again, release the slot. */
    private static void settle(Queues q, Assigner a, Backend px, TestStream t) {
        if (t.pendconn().isActive()) {
            if (q.pendconnDequeue(t)) {
                // Still queued: the queue timeout fires.
                if (!q.pendconnUnlink(t.pendconn())) {
                    q.pendconnDequeue(t);
                }
            }
        }
        if (!t.pendconn().isActive() && t.srvConn() == null && (t.flags() & QueueFlags.SF_ASSIGNED) != 0) {
            SrvStatus st = a.srvRedispatchConnect(t, px);
            if (st == SrvStatus.QUEUED && q.pendconnUnlink(t.pendconn())) {
                return;
            }
        }
        a.releaseSlot(t);
    }

    private static void expect(SrvStatus got, SrvStatus want, String who) {
        if (got != want) {
            throw new IllegalStateException("setup: " + who + " got " + got);
        }
    }

    @Test
    @Timeout(180)
    void newStreamConvergesWhenLastServerIsShutDown() {
        ModelCheck.check(INVOCATIONS, () -> scenario(false, false));
    }

    @Test
    @Timeout(180)
    void canaryRedistributeIgnoringBackendQueueIsCaught() {
        // The seed's symptoms: the newcomer spinning FULL -> add -> must-try-again (reported through the round
        // bound), or an entry left in the backend queue with nobody served (waiting for timeout queue).
        ModelCheck.assertCaught("redistribute ignoring the backend queue (pre-53f52e67a)", CANARY_INVOCATIONS,
                () -> scenario(true, false), "did not converge", "left with nobody served");
    }

    @Test
    @Timeout(180)
    void canaryEndlessLoopIsReportedByTheRoundBound() {
        // Only the convergence check: the checker must find the seed's loop itself, not just a stranded entry.
        ModelCheck.assertCaught("redistribute ignoring the backend queue (pre-53f52e67a), loop only",
                CANARY_INVOCATIONS, () -> scenario(true, true), "did not converge");
    }
}
