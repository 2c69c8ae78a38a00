package io.sluice.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many streams on many threads against two maxconn-1 servers, with a CLI thread running seed 003's
 * disable / shutdown sessions / enable loop, and the lock order checked on every acquisition. After each round,
 * with every thread quiet, the invariants must hold: no slot held, no entry queued, totpend 0, no dequeuer elected,
 * no queue timeout (a timeout here means an entry nobody dequeued: the queue timeout is far above any real wait).
 *
 * <p>Runs {@code sluice.queue.stress.ms} ms (default 5,000) so the normal build stays short; run longer by hand.
 */
@Tag("stress")
class QueueStressTest {

    private static final int WORKERS = 6;
    private static final int REQUESTS_PER_ROUND = 100;
    private static final long QUEUE_TIMEOUT_NS = 2_000_000_000L;

    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong nosrv = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong internal = new AtomicLong();
    /** State seen right after the first INTERNAL, for the failure message. */
    private volatile String firstInternal;

    @Test
    @Timeout(120)
    void manyThreadsAddAndReleaseWithMaxconnOne() throws InterruptedException {
        long durationMs = Long.getLong("sluice.queue.stress.ms", 5_000L);
        LockOrderChecker checker = new LockOrderChecker();
        Backend px = Backend.builder("px").lockOrderChecker(checker).maxAssignRounds(1_000).build();
        Server[] servers = {
            px.addServer(new Server.Builder("s1").maxconn(1)),
            px.addServer(new Server.Builder("s2").maxconn(1)),
        };
        Queues q = new Queues();
        Assigner a = new Assigner(q);
        ServerAdmin admin = new ServerAdmin(q);
        TestStream[] streams = new TestStream[WORKERS];
        for (int i = 0; i < WORKERS; i++) {
            streams[i] = new TestStream("w" + i, px);
        }
        long end = System.nanoTime() + durationMs * 1_000_000L;
        int rounds = 0;
        long adminOps = 0;
        while (System.nanoTime() < end && failure.get() == null) {
            rounds++;
            List<Thread> threads = new ArrayList<>();
            Thread[] workers = new Thread[WORKERS];
            for (int i = 0; i < WORKERS; i++) {
                TestStream t = streams[i];
                workers[i] = guarded("worker-" + i, () -> runRequests(t, q, a, px, checker));
                threads.add(workers[i]);
            }
            long[] adminCount = new long[1];
            Thread cli = guarded("cli", () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (anyAlive(workers)) {
                    Server s = servers[rnd.nextInt(servers.length)];
                    admin.disable(s);
                    admin.afterShutdownSessions(s);
                    Thread.onSpinWait();
                    admin.enable(s);
                    adminCount[0]++;
                    Thread.yield();
                }
            });
            threads.add(cli);
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join(30_000);
                assertThat(t.isAlive()).as("thread %s stuck; %s", t.getName(), px).isFalse();
            }
            adminOps += adminCount[0];
            checkQuiet(px, servers, streams, rounds);
        }
        if (failure.get() != null) {
            throw new AssertionError("round " + rounds + " failed", failure.get());
        }
        System.out.printf("[stress] rounds=%d ok=%d queued=%d nosrv=%d internal=%d timeouts=%d admin=%d "
                + "roundsExceeded=%d qmax=%d/%d/%d%n", rounds, ok.get(), queued.get(), nosrv.get(), internal.get(),
                timeouts.get(), adminOps, px.roundsExceeded(), servers[0].queue().maxLength(),
                servers[1].queue().maxLength(), px.queue().maxLength());
        if (firstInternal != null) {
            System.out.println("[stress] first INTERNAL: " + firstInternal);
        }
        assertThat(internal.get()).as("INTERNAL results (misuse)").isZero();
        assertThat(ok.get()).isPositive();
        assertThat(queued.get()).as("the test must actually queue").isPositive();
    }

    private Thread guarded(String name, Runnable r) {
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, name);
        t.setDaemon(true);
        return t;
    }

    private static boolean anyAlive(Thread[] threads) {
        for (Thread t : threads) {
            if (t.isAlive()) {
                return true;
            }
        }
        return false;
    }

    private void runRequests(TestStream t, Queues q, Assigner a, Backend px, LockOrderChecker checker) {
        for (int i = 0; i < REQUESTS_PER_ROUND && failure.get() == null; i++) {
            t.reset();
            px.addBeconn(1);
            try {
                oneRequest(t, q, a, px);
            } finally {
                px.addBeconn(-1);
            }
            if (!checker.holdsNothing()) {
                throw new AssertionError("lock still held after a request by " + t);
            }
        }
    }

    private void oneRequest(TestStream t, Queues q, Assigner a, Backend px) {
        for (;;) {
            int seen = t.wakes.get();
            SrvStatus st = a.srvRedispatchConnect(t, px);
            switch (st) {
                case OK:
                    ok.incrementAndGet();
                    a.markConnected(t);
                    for (int k = ThreadLocalRandom.current().nextInt(50); k > 0; k--) {
                        Thread.onSpinWait();
                    }
                    a.releaseSlot(t);
                    return;
                case QUEUED:
                    queued.incrementAndGet();
                    if (!waitInQueue(t, q, seen)) {
                        return;
                    }
                    break;
                case INTERNAL:
                    if (internal.getAndIncrement() == 0) {
                        StringBuilder sb = new StringBuilder(px.toString());
                        for (Server sv : px.servers()) {
                            sb.append(' ').append(sv);
                        }
                        firstInternal = sb.toString();
                    }
                    return;
                default:
                    nosrv.incrementAndGet();
                    return;
            }
        }
    }

    /** Waits for a wake or the queue timeout; returns true when the stream must go through assign again. */
    private boolean waitInQueue(TestStream t, Queues q, int seen) {
        long deadline = System.nanoTime() + QUEUE_TIMEOUT_NS;
        t.waiter = Thread.currentThread();
        for (;;) {
            if (t.wakes.get() != seen) {
                seen = t.wakes.get();
                if (!q.pendconnDequeue(t)) {
                    return true;
                }
            } else if (System.nanoTime() - deadline > 0) {
                if (q.pendconnUnlink(t.pendconn())) {
                    timeouts.incrementAndGet();
                    return false;
                }
                if (q.pendconnDequeue(t)) {
                    throw new AssertionError("unlinked by someone yet still linked: " + t);
                }
                return true;
            }
            // Ends on a wake (a dequeuer or redistributor unparks us) or the queue timeout above.
            LockSupport.parkNanos(deadline - System.nanoTime());
        }
    }

    private void checkQuiet(Backend px, Server[] servers, TestStream[] streams, int round) {
        StringBuilder state = new StringBuilder(px.toString());
        for (Server s : servers) {
            state.append(' ').append(s);
        }
        String where = "round " + round + ": " + state;
        assertThat(timeouts.get()).as("queue timeouts (stranded entries), %s", where).isZero();
        assertThat(px.served()).as(where).isZero();
        assertThat(px.totpend()).as(where).isZero();
        assertThat(px.queue().length()).as(where).isZero();
        for (Server s : servers) {
            assertThat(s.served()).as(where).isZero();
            assertThat(s.curSess()).as(where).isZero();
            assertThat(s.queue().length()).as(where).isZero();
            assertThat(s.isDequeuing()).as(where).isFalse();
            assertThat(s.isUsable()).as(where).isTrue();
        }
        for (TestStream t : streams) {
            assertThat(t.pendconn().isActive()).as("%s %s", t, where).isFalse();
            assertThat(t.srvConn()).as("%s %s", t, where).isNull();
        }
    }
}
