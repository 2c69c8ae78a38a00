package io.sluice.fdtable;

import static io.sluice.fdtable.FdState.FD_EV_ACTIVE_R;
import static io.sluice.fdtable.FdState.FD_EV_READY_R;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stress of every interaction at once with real threads and race widening: 8 loop threads, 8 fds per round,
 * each fd either an idle connection of one thread (its events, its own close under the idle lock, a thief's
 * takeover + close, late events from former owners, transient tgid readers) or a shared fd (events from its
 * threads, one of them deleting). After each round: every fd closed exactly once, all masks, lists and counts
 * clean; at the start of the next round the re-inserted numbers must get their first update through
 * (seed 001). Runs {@code sluice.stress.seconds} (default 5) seconds.
 */
@Tag("stress")
class FdTableStressTest {

    private static final int THREADS = 8;
    private static final int FDS = 8;
    private static final long SECONDS = Long.getLong("sluice.stress.seconds", 5);
    private static final long CANARY_SECONDS = 60;

    private static final int NONE = 0;
    private static final int EVENT = 1;
    private static final int STEAL = 2;
    private static final int READ = 3;
    private static final int EVENT_THEN_DELETE = 4;

    private final Fixture f = new Fixture(THREADS, FDS, 20_000_000, RaceWindows.of(200));
    private Variant production = new Variant(Variant.PRODUCTION);
    private final int[][] roles = new int[FDS][THREADS];
    private final Scenarios.IdleConn[] conns = new Scenarios.IdleConn[FDS];
    private final CyclicBarrier barrier = new CyclicBarrier(THREADS + 1);
    private volatile boolean stop;

    @Test
    @Timeout(120)
    void everyInteractionAtOnceClosesExactlyOnceAndLeavesCleanMasks() throws Exception {
        int rounds = run(SECONDS);
        System.out.printf("STRESS fdtable: %d rounds x %d fds x %d threads in %d s, race-widen 200%n", rounds, FDS,
                THREADS, SECONDS);
        assertThat(rounds).isPositive();
    }

    /**
     * The same harness on the pre-cd8914bc5 protocol must fail. Hammering is no proof (it caught the bug after
     * 2.8 s and 9.8 s in two runs here and missed it in 10 s once), so this canary runs only in the soak profile,
     * with a 60 s bound; the Lincheck canaries are the CI ones.
     */
    @Test
    @Tag("soak")
    @Timeout(180)
    void canaryPreCd8914bc5IsCaughtUnderStress() throws Exception {
        production = new Variant(Variant.PRE_CD8914BC5);
        long start = System.nanoTime();
        Throwable caught = null;
        try {
            run(CANARY_SECONDS);
        } catch (Throwable e) {
            caught = e;
        }
        assertThat(caught).as("the stress harness must catch the pre-cd8914bc5 protocol").isNotNull();
        System.out.printf("CANARY stress pre-cd8914bc5: caught in %d ms: %s%n",
                (System.nanoTime() - start) / 1_000_000, caught.getMessage().lines().findFirst().orElse(""));
    }

    private int run(long seconds) throws Exception {
        Thread[] workers = new Thread[THREADS];
        for (int i = 0; i < THREADS; i++) {
            int tid = i;
            workers[i] = new Thread(() -> work(tid), "stress-" + i);
            workers[i].start();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int rounds = 0;
        try {
            while (System.nanoTime() < deadline) {
                prepareRound();
                await(); // start
                await(); // end
                f.check();
                rounds++;
                for (int fd = 0; fd < FDS; fd++) {
                    f.assertClosed(fd, rounds);
                }
                for (ThreadContext c : f.ctx) {
                    f.table.drainLocalUpdates(c); // the pollers' next loop: stale entries are dropped
                    assertThat(c.localUpdateCount()).isZero();
                }
                assertThat(f.table.usedFds()).isZero();
                assertThat(f.table.updateList(1).size()).isZero();
            }
        } finally {
            stop = true;
            barrier.reset();
            for (Thread w : workers) {
                w.join(10_000);
            }
        }
        return rounds;
    }

    private void await() throws InterruptedException, BrokenBarrierException, TimeoutException {
        barrier.await(60, TimeUnit.SECONDS);
    }

    /** Main thread, between rounds: insert every fd, check its first update reaches the poller, assign roles. */
    private void prepareRound() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        FdTable t = f.table;
        for (int fd = 0; fd < FDS; fd++) {
            int[] r = roles[fd];
            java.util.Arrays.fill(r, NONE);
            boolean shared = rnd.nextInt(3) == 0;
            int owner = rnd.nextInt(THREADS);
            Scenarios.IdleConn conn = new Scenarios.IdleConn(f, production, !shared, !shared && rnd.nextBoolean());
            conns[fd] = conn;
            long mask = 1L << owner;
            if (shared) {
                int second = (owner + 1 + rnd.nextInt(THREADS - 1)) % THREADS;
                mask |= 1L << second;
                r[second] = EVENT;
                r[owner] = EVENT_THEN_DELETE;
            } else {
                r[owner] = EVENT_THEN_DELETE;
                r[(owner + 1 + rnd.nextInt(THREADS - 1)) % THREADS] = STEAL;
            }
            t.insert(fd, conn, conn, 1, mask, 0);
            ThreadContext oc = f.ctx[owner];
            int before = f.updates(fd, owner);
            t.wantRecv(fd, oc);
            if (!shared) {
                t.drainLocalUpdates(oc);
                assertThat(f.updates(fd, owner)).as("first update of a re-inserted fd reaches the poller (seed 001)")
                        .isEqualTo(before + 1);
            }
            assertThat(t.state(fd) & FD_EV_ACTIVE_R).isNotZero();
            for (int i = 0; i < THREADS; i++) {
                if (r[i] == NONE) {
                    r[i] = rnd.nextBoolean() ? EVENT : READ; // late events from former owners, readers
                }
            }
        }
    }

    private void work(int tid) {
        ThreadContext c = f.ctx[tid];
        FdTable t = f.table;
        while (!stop) {
            try {
                barrier.await();
            } catch (InterruptedException | BrokenBarrierException e) {
                return;
            }
            try {
                int start = ThreadLocalRandom.current().nextInt(FDS);
                for (int k = 0; k < FDS; k++) {
                    int fd = (start + k) % FDS;
                    act(t, c, fd, roles[fd][tid]);
                }
            } catch (Throwable e) {
                f.fail(e);
            }
            try {
                barrier.await();
            } catch (InterruptedException | BrokenBarrierException e) {
                return;
            }
        }
    }

    private void act(FdTable t, ThreadContext c, int fd, int role) {
        Scenarios.IdleConn conn = conns[fd];
        switch (role) {
            case EVENT:
                production.updateEvents(t, fd, FD_EV_READY_R, c);
                break;
            case READ:
                if (t.grabTgid(fd, 1)) {
                    t.dropTgid(fd);
                }
                break;
            case STEAL:
                conn.steal(fd, c);
                break;
            case EVENT_THEN_DELETE:
                production.updateEvents(t, fd, FD_EV_READY_R, c);
                if (conn.checkOwnership) { // an idle connection: close it unless stolen (or closed by its iocb)
                    boolean mine;
                    synchronized (conn.idleLock) {
                        mine = conn.inIdleTree;
                        conn.inIdleTree = false;
                    }
                    if (mine) {
                        production.delete(t, fd, c);
                    }
                } else {
                    production.delete(t, fd, c);
                }
                break;
            default:
                break;
        }
    }
}
