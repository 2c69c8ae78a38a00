package io.sluice.queue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Model check of the 5541d4995 TOCTOU (ASQ-5 vs SLOT-3): stream B queues on a maxconn-1 server while stream A, the
 * last one served, releases its slot. Whatever the interleaving, B must not be left in the queue with
 * {@code served == 0}. The canary is the assigner without the after-queue re-check (HAProxy before 5541d4995).
 */
@Tag("model")
class ToctouModelTest {

    private static final int INVOCATIONS = 500;
    private static final int CANARY_INVOCATIONS = 1000;

    /** The pre-5541d4995 assigner: queueing without the after-queue may_dequeue re-check. */
    static final class NoRecheckAssigner extends Assigner {
        NoRecheckAssigner(Queues q) {
            super(q);
        }

        @Override
        protected void afterQueued(QueuedStream s) {
            // Before 5541d4995 nothing was done here.
        }
    }

    static void scenario(boolean canary) {
        ManualClock clock = new ManualClock(5_000);
        Backend px = Backend.builder("px").clock(clock).build();
        Server s = px.addServer(new Server.Builder("s").maxconn(1));
        Queues q = new Queues();
        Assigner a = canary ? new NoRecheckAssigner(q) : new Assigner(q);
        TestStream sa = new TestStream("A", px).direct(s);
        TestStream sb = new TestStream("B", px).direct(s);
        SrvStatus first = a.srvRedispatchConnect(sa, px);
        if (first != SrvStatus.OK) {
            throw new IllegalStateException("setup: A got " + first);
        }
        a.markConnected(sa);
        SrvStatus[] res = new SrvStatus[1];
        Thread tb = new Thread(() -> res[0] = a.srvRedispatchConnect(sb, px));
        Thread ta = new Thread(() -> a.releaseSlot(sa));
        tb.start();
        ta.start();
        ModelCheck.join(tb);
        ModelCheck.join(ta);
        check(s, px, sb, res[0]);
    }

    static void check(Server s, Backend px, TestStream sb, SrvStatus st) {
        if (s.queue().length() != 0 && s.served() == 0) {
            throw new AssertionError("entry stranded: " + s + " " + px + " B=" + sb + " status=" + st);
        }
        if (st == SrvStatus.OK) {
            if (sb.srvConn() != s) {
                throw new AssertionError("B OK without slot: " + sb);
            }
        } else if (st == SrvStatus.QUEUED) {
            if (sb.srvConn() != s || sb.wakes.get() != 1) {
                throw new AssertionError("B queued and never granted: " + sb + " " + s);
            }
        } else {
            throw new AssertionError("B got " + st);
        }
        if (s.served() != 1 || px.served() != 1 || px.totpend() != 0) {
            throw new AssertionError("accounting: " + s + " " + px);
        }
    }

    @Test
    @Timeout(180)
    void queuedStreamIsNeverStrandedWhenLastSlotIsReleased() {
        ModelCheck.check(INVOCATIONS, () -> scenario(false));
    }

    @Test
    @Timeout(180)
    void canaryWithoutAfterQueueRecheckIsCaught() {
        ModelCheck.assertCaught("no after-queue re-check (pre-5541d4995)", CANARY_INVOCATIONS, () -> scenario(true),
                "entry stranded");
    }
}
