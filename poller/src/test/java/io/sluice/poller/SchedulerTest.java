package io.sluice.poller;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tasks, tasklets, timers, budgets and cross-thread wake-ups on a real loop (real epoll). */
@Timeout(30)
class SchedulerTest {

    private Pollers pollers;

    @AfterEach
    void stop() {
        if (pollers != null) {
            pollers.close();
        }
    }

    private PollLoop startOne(int runqueueDepth) throws Exception {
        pollers = new Pollers(PollerConfig.defaults(1, 1024).withRunqueueDepth(runqueueDepth));
        pollers.start();
        return pollers.loop(0);
    }

    @Test
    void sleepingLoopIsWokenByAnotherThreadThroughTheEventfd() throws Exception {
        PollLoop loop = startOne(200);
        Await.until(loop::isSleeping, 5_000, () -> "loop never went to sleep: " + loop);
        long kicksBefore = loop.activity().get(Activity.WAKEUPS);
        AtomicInteger ran = new AtomicInteger();
        Tasklet tl = new Tasklet(loop, (self, ctx, state) -> {
            ran.incrementAndGet();
            return self;
        }, null);
        tl.wakeup();
        Await.until(() -> ran.get() == 1, 5_000, () -> "tasklet not run: " + loop);
        assertThat(loop.activity().get(Activity.WAKEUPS)).as("eventfd kick drained").isGreaterThan(kicksBefore);
        Await.until(loop::isSleeping, 5_000, () -> "loop did not go back to sleep: " + loop);
    }

    @Test
    void timersFireInExpiryOrder() throws Exception {
        PollLoop loop = startOne(200);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        int[] delays = {40, 10, 30, 20, 0, 50};
        Await.onLoop(loop, () -> {
            long now = loop.now();
            for (int d : delays) {
                Task t = new Task(loop, (self, ctx, state) -> {
                    assertThat(state & TaskFlags.TASK_WOKEN_TIMER).isNotZero();
                    order.add((Integer) ctx);
                    return null;
                }, d);
                t.expire = now + d;
                t.queue();
            }
        });
        Await.until(() -> order.size() == delays.length, 5_000, () -> "fired: " + order);
        assertThat(order).containsExactly(0, 10, 20, 30, 40, 50);
    }

    @Test
    void laterExpiryIsRepositionedLazilyAndNotFiredEarly() throws Exception {
        PollLoop loop = startOne(200);
        AtomicInteger fired = new AtomicInteger();
        long[] firedAt = new long[1];
        long[] armedAt = new long[1];
        Await.onLoop(loop, () -> {
            Task t = new Task(loop, (self, ctx, state) -> {
                firedAt[0] = Ticks.now();
                fired.incrementAndGet();
                return null;
            }, null);
            armedAt[0] = loop.now();
            t.expire = armedAt[0] + 5;
            t.queue();
            t.expire = armedAt[0] + 60;
            t.queue(); // later: the key stays at +5 (lazy), the task must still fire at +60
        });
        Await.until(() -> fired.get() == 1, 5_000, () -> "timer never fired");
        assertThat(firedAt[0] - armedAt[0]).as("fired at its real expiry").isGreaterThanOrEqualTo(60);
    }

    @Test
    void rearmingATimerAllocatesNothing() throws Exception {
        pollers = new Pollers(PollerConfig.defaults(1, 1024));
        PollLoop loop = pollers.loop(0); // not started: this thread acts as the owner (start-up code)
        TimerHeap heap = loop.timers();
        Task[] tasks = new Task[256];
        for (int i = 0; i < tasks.length; i++) {
            tasks[i] = new Task(loop, (self, ctx, state) -> self, null);
            tasks[i].expire = 1_000_000 + i;
            tasks[i].queue();
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        rearm(tasks, 200_000); // warm-up (JIT)
        long before = mx.getThreadAllocatedBytes(me);
        rearm(tasks, 1_000_000);
        long allocated = mx.getThreadAllocatedBytes(me) - before;
        assertThat(allocated).as("bytes allocated by 1,000,000 re-arms").isLessThan(4_096);
        assertThat(heap.size()).isEqualTo(tasks.length);
        // the heap still pops in key order after all the moves
        long prev = 0;
        for (int i = 0; i < tasks.length; i++) {
            long k = heap.nextExpiry();
            assertThat(k).isGreaterThanOrEqualTo(prev);
            prev = k;
            Task top = null;
            for (Task t : tasks) {
                if (t.inTimerQueue() && t.wqKey == k) {
                    top = t;
                    break;
                }
            }
            heap.remove(top);
        }
        assertThat(heap.size()).isZero();
    }

    private static void rearm(Task[] tasks, int n) {
        long x = 12345;
        for (int i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            Task t = tasks[(int) ((x >>> 33) % tasks.length)];
            if ((i & 1) == 0) {
                t.unlinkTimer();
                t.expire = 1_000_000 + ((x >>> 40) & 0xffff);
            } else {
                t.expire = Math.max(1, t.wqKey - 1);
            }
            t.queue();
        }
    }

    /**
     * Steady state of cross-thread wake-ups: the same tasklet woken 80,000 times from this
     * thread (inbox offer + eventfd kick when the loop sleeps). The loop thread's allocation is
     * measured around the second half, after the JIT compiled the path.
     */
    @Test
    void crossThreadWakeupsAllocateNothingOnTheLoopInSteadyState() throws Exception {
        PollLoop loop = startOne(200);
        AtomicInteger runs = new AtomicInteger();
        Tasklet tl = new Tasklet(loop, (self, ctx, state) -> {
            runs.incrementAndGet();
            return self;
        }, null);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long loopTid = loop.thread().getId();
        pingPong(tl, runs, 40_000);
        long before = mx.getThreadAllocatedBytes(loopTid);
        long kicksBefore = loop.activity().get(Activity.WAKEUPS);
        pingPong(tl, runs, 40_000);
        long allocated = mx.getThreadAllocatedBytes(loopTid) - before;
        assertThat(loop.activity().get(Activity.WAKEUPS) - kicksBefore).as("some wake-ups went through the eventfd")
                .isPositive();
        assertThat(allocated).as("bytes allocated by the loop for 40,000 wake-ups").isLessThan(16_384);
    }

    private static void pingPong(Tasklet tl, AtomicInteger runs, int n) {
        for (int i = 0; i < n; i++) {
            int target = runs.get() + 1;
            tl.wakeup();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (runs.get() < target) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("wake-up " + i + " not served within 5 s");
                }
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void killFromAnotherThreadFreesTheTaskOnItsOwner() throws Exception {
        PollLoop loop = startOne(200);
        AtomicInteger ran = new AtomicInteger();
        Task t = Await.onLoop(loop, () -> {
            Task task = new Task(loop, (self, ctx, state) -> {
                ran.incrementAndGet();
                return self;
            }, "ctx");
            task.expire = loop.now() + 3_600_000;
            task.queue();
            return task;
        });
        assertThat(Await.onLoop(loop, loop::timerCount)).isEqualTo(1);
        t.kill(); // from the test thread: TASK-5 sends it to the owner
        Await.until(() -> Await.onLoop(loop, loop::timerCount) == 0, 5_000, () -> "timer still armed: " + t);
        assertThat(ran.get()).as("a killed task never runs").isZero();
        assertThat(t.state() & TaskFlags.TASK_KILLED).isNotZero();
        t.wakeup(TaskFlags.TASK_WOKEN_MSG); // waking a freed task is harmless: RUNNING|KILLED stay
        assertThat(Await.onLoop(loop, () -> ran.get())).isZero();
    }

    @Test
    void taskWokenWhileRunningRunsAgainAndUsr1Persists() throws Exception {
        PollLoop loop = startOne(200);
        AtomicInteger runs = new AtomicInteger();
        List<Integer> states = Collections.synchronizedList(new ArrayList<>());
        Task t = new Task(loop, (self, ctx, state) -> {
            states.add(state);
            if (runs.incrementAndGet() == 1) {
                ((Task) self).wakeup(TaskFlags.TASK_WOKEN_IO); // while RUNNING: TASK-4 re-queues
            }
            return self;
        }, null);
        t.setUsr1();
        t.wakeup(TaskFlags.TASK_WOKEN_MSG);
        Await.until(() -> runs.get() == 2, 5_000, () -> "runs=" + runs.get());
        assertThat(states.get(0) & TaskFlags.TASK_WOKEN_MSG).isNotZero();
        assertThat(states.get(1) & TaskFlags.TASK_WOKEN_IO).isNotZero();
        assertThat(states.get(1) & TaskFlags.TASK_WOKEN_MSG).as("reasons are consumed by a run").isZero();
        assertThat(states).allSatisfy(s -> assertThat(s & TaskFlags.TASK_F_USR1).isNotZero());
        assertThat(t.isUsr1()).isTrue();
        t.clearUsr1();
        assertThat(t.isUsr1()).isFalse();
    }

    /**
     * Budget split (HAProxy's weights URGENT 64, NORMAL 48, BULK 16, HEAVY 1; depth 200; shares
     * rounded up; at most one HEAVY per sub-pass; sub-passes repeat while budget is left).
     * Pass 0: only URGENT has work when its budget is computed (200): the onLoop tasklet, the
     * setup tasklet, then 198 of the 300 tasklets the setup woke into URGENT (the class being run).
     * Pass 1, first sub-pass (weights 64+48+1 = 113): URGENT ceil(200*64/113) = 114 but only 102
     * left, NORMAL ceil(200*48/113) = 85 tasks, HEAVY 1; 12 calls left: second sub-pass (48+1):
     * NORMAL ceil(12*48/49) = 12, HEAVY 1. So pass 1 runs 102 / 97 / 2.
     */
    @Test
    void runqueueDepthIsSplitOverTheClassesWithHaproxysWeights() throws Exception {
        PollLoop loop = startOne(200);
        List<long[]> runs = Collections.synchronizedList(new ArrayList<>());
        TaskHandler rec = (self, ctx, state) -> {
            runs.add(new long[] {loop.activity().get(Activity.LOOPS), (Integer) ctx});
            return null;
        };
        Await.onLoop(loop, () -> {
            List<Tasklet> heavy = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Tasklet h = new Tasklet(loop, rec, 3);
                h.setHeavy();
                heavy.add(h);
            }
            Tasklet setup = new Tasklet(loop, (self, ctx, state) -> {
                runs.add(new long[] {loop.activity().get(Activity.LOOPS), -1});
                for (int i = 0; i < 300; i++) {
                    new Tasklet(loop, rec, 0).wakeup();
                    new Task(loop, rec, 1).wakeup(TaskFlags.TASK_WOKEN_MSG);
                }
                heavy.forEach(Tasklet::wakeup);
                return null;
            }, null);
            setup.wakeup(); // runs in a later pass (we are inside a handler: it joins our class)
        });
        Await.until(() -> runs.size() == 606, 10_000, () -> "runs=" + runs.size());
        long pass0 = runs.get(0)[0];
        assertThat(count(runs, pass0, -1)).isEqualTo(1);
        assertThat(count(runs, pass0, 0)).isEqualTo(198);
        assertThat(count(runs, pass0, 1)).isZero();
        assertThat(count(runs, pass0, 3)).isZero();
        long pass1 = runs.stream().mapToLong(r -> r[0]).filter(p -> p > pass0).min().orElseThrow();
        assertThat(count(runs, pass1, 0)).isEqualTo(102);
        assertThat(count(runs, pass1, 1)).isEqualTo(97);
        assertThat(count(runs, pass1, 3)).isEqualTo(2);
        assertThat(loop.activity().get(Activity.LONG_RQ)).isPositive();
    }

    private static long count(List<long[]> runs, long pass, int cls) {
        synchronized (runs) {
            return runs.stream().filter(r -> r[0] == pass && r[1] == cls).count();
        }
    }

    @Test
    void selfWakingTaskletGoesToBulkAfterUrgentWork() throws Exception {
        PollLoop loop = startOne(200);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger selfRuns = new AtomicInteger();
        Await.onLoop(loop, () -> {
            Tasklet self = new Tasklet(loop, (tl, ctx, state) -> {
                order.add("self" + selfRuns.get());
                if (selfRuns.incrementAndGet() < 3) {
                    tl.wakeup(); // waking itself: SELF_WAKING, BULK class
                }
                return tl;
            }, null);
            self.wakeup();
        });
        Await.until(() -> selfRuns.get() == 3, 5_000, () -> "self runs=" + selfRuns.get());
        assertThat(order).containsExactly("self0", "self1", "self2");
    }

    @Test
    void handlerExceptionIsCountedAndTheLoopKeepsRunning() throws Exception {
        PollLoop loop = startOne(200);
        List<Throwable> seen = Collections.synchronizedList(new ArrayList<>());
        pollers.onHandlerError((l, e) -> seen.add(e));
        new Tasklet(loop, (self, ctx, state) -> {
            throw new IllegalStateException("boom");
        }, null).wakeup();
        Await.until(() -> seen.size() == 1, 5_000, () -> "no error reported");
        assertThat(seen.get(0)).hasMessage("boom");
        assertThat(Await.onLoop(loop, () -> 42)).isEqualTo(42);
        assertThat(pollers.handlerErrors()).isEqualTo(1);
    }

    @Test
    void throwingIocbNeitherKillsTheLoopNorKeepsTheRunningBit() throws Exception {
        PollLoop loop = startOne(200);
        List<Throwable> seen = Collections.synchronizedList(new ArrayList<>());
        pollers.onHandlerError((l, e) -> seen.add(e));
        int[] p = io.sluice.poller.sys.FdIo.pipe();
        io.sluice.fdtable.FdTable t = pollers.fdTable();
        AtomicInteger calls = new AtomicInteger();
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect(16);
        io.sluice.fdtable.IoCallback cb = (fd, ctx) -> {
            calls.incrementAndGet();
            try {
                io.sluice.poller.sys.FdIo.read(fd, buf, 0, 16);
            } catch (io.sluice.poller.sys.SysException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("iocb boom");
        };
        Object owner = new Object();
        Await.onLoop(loop, () -> {
            t.insert(p[0], owner, cb, 1, 1L, 0);
            t.wantRecv(p[0], loop.context());
        });
        java.nio.ByteBuffer one = java.nio.ByteBuffer.allocateDirect(1).put((byte) 1).flip();
        io.sluice.poller.sys.FdIo.write(p[1], one, 0, 1);
        Await.until(() -> seen.size() >= 1, 5_000, () -> "iocb error not reported");
        assertThat(seen.get(0)).hasMessage("iocb boom");
        assertThat(t.runningMask(p[0])).as("running bit released").isZero();
        io.sluice.poller.sys.FdIo.write(p[1], one, 0, 1);
        Await.until(() -> calls.get() >= 2, 5_000, () -> "fd not served after the failure");
        assertThat(Await.onLoop(loop, () -> 42)).as("loop still runs tasks").isEqualTo(42);
        assertThat(loop.thread().isAlive()).isTrue();
        assertThat(pollers.handlerErrors()).isGreaterThanOrEqualTo(2);
        Await.onLoop(loop, () -> t.delete(p[0], loop.context()));
        io.sluice.poller.sys.FdIo.close(p[1]);
    }
}
