package io.sluice.queue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Model check of add / dequeue / unlink running together (ADD-n, PSQ-n, UNL-n, DEQ-n): on a maxconn-1 server held
 * by A, stream C already waits; concurrently B queues, A releases its slot, and C's queue timeout fires. Every
 * pendconn must be dequeued exactly once or unlinked exactly once, nobody may be left queued with
 * {@code served == 0}, and lengths and totpend return to 0 once everybody is done. The canary is the dequeue guard
 * from before b11495652: a trylock of the queue lock, which fails when the lock is merely held by C's unlink and
 * leaves B with nobody to dequeue it.
 */
@Tag("model")
class AddDequeueUnlinkModelTest {

    private static final int INVOCATIONS = 500;
    private static final int CANARY_INVOCATIONS = 1000;

    /** process_srv_queue before b11495652: the queue lock's trylock elects the dequeuer. */
    static final class TrylockQueues extends Queues {
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
                if (!s.queue().lock().tryLock()) {
                    break;
                }
                try {
                    while (s.served() < maxconn) {
                        stop = !processNextStream(s, px, pxOk, now);
                        if (stop) {
                            break;
                        }
                        s.addServed(1);
                        done++;
                    }
                } finally {
                    s.queue().lock().unlock();
                }
            }
            if (done > 0) {
                px.addTotpend(-done);
                px.addServed(done);
            }
            return done;
        }
    }

    static void scenario(boolean canary) {
        ManualClock clock = new ManualClock(1L << 20);
        Backend px = Backend.builder("px").clock(clock).build();
        Server s = px.addServer(new Server.Builder("s").maxconn(1));
        Queues q = canary ? new TrylockQueues() : new Queues();
        Assigner a = new Assigner(q);
        TestStream sa = new TestStream("A", px).direct(s);
        TestStream sb = new TestStream("B", px).direct(s);
        TestStream sc = new TestStream("C", px).direct(s);
        if (a.srvRedispatchConnect(sa, px) != SrvStatus.OK) {
            throw new IllegalStateException("setup A");
        }
        a.markConnected(sa);
        if (a.srvRedispatchConnect(sc, px) != SrvStatus.QUEUED) {
            throw new IllegalStateException("setup C");
        }
        SrvStatus[] resB = new SrvStatus[1];
        boolean[] cUnlinked = new boolean[1];
        Thread tb = new Thread(() -> resB[0] = a.srvRedispatchConnect(sb, px));
        Thread ta = new Thread(() -> a.releaseSlot(sa));
        Thread tc = new Thread(() -> {
            // C's queue timeout: unlink; if a dequeuer won, C has a slot it must give back.
            cUnlinked[0] = q.pendconnUnlink(sc.pendconn());
            if (!cUnlinked[0]) {
                q.pendconnDequeue(sc);
                a.releaseSlot(sc);
            }
        });
        tb.start();
        ta.start();
        tc.start();
        ModelCheck.join(tb);
        ModelCheck.join(ta);
        ModelCheck.join(tc);

        if (s.queue().length() != 0 && s.served() == 0) {
            throw new AssertionError("entry nobody dequeues: " + s + " " + px + " B=" + sb + " C=" + sc);
        }
        // C: unlinked by its timeout XOR dequeued once (granted a slot and woken once).
        boolean cDequeued = sc.wakes.get() == 1;
        if (cUnlinked[0] == cDequeued || sc.wakes.get() > 1) {
            throw new AssertionError("C unlinked=" + cUnlinked[0] + " wakes=" + sc.wakes + " " + sc);
        }
        // B: a slot directly, or queued and dequeued exactly once.
        if (resB[0] == SrvStatus.QUEUED) {
            if (sb.wakes.get() != 1 || sb.srvConn() != s) {
                throw new AssertionError("B queued, wakes=" + sb.wakes + " " + sb + " " + s);
            }
            if (q.pendconnDequeue(sb)) {
                throw new AssertionError("B woken but still linked " + sb);
            }
        } else if (resB[0] != SrvStatus.OK || sb.srvConn() != s) {
            throw new AssertionError("B got " + resB[0] + " " + sb);
        }
        a.releaseSlot(sb);
        int dequeued = (cDequeued ? 1 : 0) + (resB[0] == SrvStatus.QUEUED ? 1 : 0);
        if (s.queue().idx() != dequeued) {
            throw new AssertionError("idx " + s.queue().idx() + " != dequeued " + dequeued);
        }
        if (s.queue().length() != 0 || px.totpend() != 0 || s.served() != 0 || px.served() != 0
                || s.curSess() != 0) {
            throw new AssertionError("not drained: " + s + " " + px);
        }
    }

    @Test
    @Timeout(180)
    void everyPendconnIsDequeuedOrUnlinkedExactlyOnce() {
        ModelCheck.check(INVOCATIONS, () -> scenario(false));
    }

    @Test
    @Timeout(180)
    void canaryTrylockDequeueGuardIsCaught() {
        ModelCheck.assertCaught("trylock dequeue guard (pre-b11495652)", CANARY_INVOCATIONS, () -> scenario(true),
                "entry nobody dequeues");
    }
}
