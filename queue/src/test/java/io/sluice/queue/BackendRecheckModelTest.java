package io.sluice.queue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Model check of PSQ-6 (deviation D-3): a dequeuer of an idle maxconn-1 server reserves the slot (PSQ-3) and finds
 * both queues empty while stream Y, load-balancing at that moment, sees the reserved slot, finds every server full
 * and queues in the backend queue, where must-try-again sees the reservation as "someone served". Y must still be
 * dequeued. The canary is HAProxy 3.1's loop without the backend re-look: Y stays queued with nobody served.
 */
@Tag("model")
class BackendRecheckModelTest {

    private static final int INVOCATIONS = 500;
    private static final int CANARY_INVOCATIONS = 1000;

    /** process_srv_queue with D-1's reservation but without PSQ-6. */
    static final class NoRecheckQueues extends Queues {
        @Override
        public int processServerQueue(Server s) {
            Backend px = s.backend();
            boolean pxOk = backendQueueAllowed(s);
            long now = px.clock().nowMs();
            int done = 0;
            boolean stop = false;
            int maxconn;
            while (!stop && (done < px.maxPollEvents() || s.served() == 0)
                    && s.served() < (maxconn = s.dynamicMaxconn(now))) {
                if (!s.takeDequeuing()) {
                    break;
                }
                s.queue().lock().lock();
                try {
                    while (s.served() < maxconn) {
                        s.addServed(1);
                        px.addServed(1);
                        stop = !processNextStream(s, px, pxOk, now);
                        if (stop) {
                            s.addServed(-1);
                            px.addServed(-1);
                            break;
                        }
                        done++;
                    }
                    s.releaseDequeuing();
                } finally {
                    s.queue().lock().unlock();
                }
            }
            if (done > 0) {
                px.addTotpend(-done);
            }
            return done;
        }
    }

    static void scenario(boolean canary) {
        ManualClock clock = new ManualClock(9_000);
        Backend px = Backend.builder("px").clock(clock).build();
        Server s = px.addServer(new Server.Builder("s").maxconn(1));
        Queues q = canary ? new NoRecheckQueues() : new Queues();
        Assigner a = new Assigner(q);
        TestStream y = new TestStream("Y", px);
        SrvStatus[] res = new SrvStatus[1];
        Thread dequeuer = new Thread(() -> q.processServerQueue(s));
        Thread stream = new Thread(() -> res[0] = a.srvRedispatchConnect(y, px));
        dequeuer.start();
        stream.start();
        ModelCheck.join(dequeuer);
        ModelCheck.join(stream);
        if (px.queue().length() != 0 && px.served() == 0) {
            throw new AssertionError("backend entry with nobody served: " + px + " " + s + " Y=" + y);
        }
        if (res[0] == SrvStatus.QUEUED) {
            if (y.srvConn() != s || y.wakes.get() != 1 || q.pendconnDequeue(y)) {
                throw new AssertionError("Y queued and never granted: " + y + " " + s);
            }
        } else if (res[0] != SrvStatus.OK) {
            throw new AssertionError("Y got " + res[0]);
        }
        a.releaseSlot(y);
        if (px.served() != 0 || s.served() != 0 || px.totpend() != 0 || px.queue().length() != 0) {
            throw new AssertionError("not drained: " + px + " " + s);
        }
    }

    @Test
    @Timeout(180)
    void entryQueuedBehindAReservationIsDequeued() {
        ModelCheck.check(INVOCATIONS, () -> scenario(false));
    }

    @Test
    @Timeout(180)
    void canaryWithoutBackendRelookIsCaught() {
        ModelCheck.assertCaught("dequeue loop without the PSQ-6 backend re-look", CANARY_INVOCATIONS,
                () -> scenario(true), "nobody served");
    }
}
