package io.sluice.poller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No lost wake-up under contention: three producer threads and the loops themselves wake 64
 * tasks and 64 tasklets spread over two loops for a bounded time (short in CI). Before each
 * wake-up a producer bumps the item's "wanted" counter; a handler records the value it saw when
 * it started. Once the producers stop, every item must eventually run with the final value, i.e.
 * the last wake-up of each item was not lost (TL-1/2, TASK-1/2/4, WAKE-1..3). Tasks also re-arm
 * short timers to mix TASK_WOKEN_TIMER with the explicit wake-ups.
 */
@Tag("stress")
@Timeout(60)
class WakeupStressTest {

    private static final long RUN_MS = Long.getLong("sluice.stress.ms", 1_000);
    private static final int ITEMS = 64;

    private Pollers pollers;

    @AfterEach
    void stop() {
        if (pollers != null) {
            pollers.close();
        }
    }

    @Test
    void everyLastWakeupIsServed() throws Exception {
        pollers = new Pollers(PollerConfig.defaults(2, 1024).withRunqueueDepth(16));
        pollers.start();
        AtomicLongArray wanted = new AtomicLongArray(2 * ITEMS);
        AtomicLongArray seen = new AtomicLongArray(2 * ITEMS);
        AtomicLong runs = new AtomicLong();
        List<Tasklet> items = new ArrayList<>();
        for (int i = 0; i < 2 * ITEMS; i++) {
            PollLoop owner = pollers.loop(i % 2);
            int id = i;
            TaskHandler h = (self, ctx, state) -> {
                seen.set(id, wanted.get(id));
                runs.incrementAndGet();
                if (self instanceof Task t && (id & 3) == 0) {
                    t.expire = Ticks.add(owner.now(), 1 + (id & 7));
                }
                if ((id & 7) == 1) {
                    // a loop waking an item of the other loop (cross-loop messages)
                    Tasklet other = itemsRef.get(0).get((id + 1) % (2 * ITEMS));
                    wanted.incrementAndGet((id + 1) % (2 * ITEMS));
                    wake(other);
                }
                return self;
            };
            items.add(i < ITEMS ? new Task(owner, h, null) : new Tasklet(owner, h, null));
        }
        itemsRef.set(0, items);
        long deadline = System.nanoTime() + RUN_MS * 1_000_000L;
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            Thread t = new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (System.nanoTime() < deadline) {
                    int id = rnd.nextInt(2 * ITEMS);
                    wanted.incrementAndGet(id);
                    wake(items.get(id));
                    if (rnd.nextInt(64) == 0) {
                        Thread.yield();
                    }
                }
            }, "producer-" + p);
            producers.add(t);
            t.start();
        }
        for (Thread t : producers) {
            t.join();
        }
        for (int id = 0; id < 2 * ITEMS; id++) {
            wanted.incrementAndGet(id);
            wake(items.get(id));
        }
        Await.until(() -> {
            for (int id = 0; id < 2 * ITEMS; id++) {
                if (seen.get(id) < wanted.get(id)) {
                    return false;
                }
            }
            return true;
        }, 10_000, () -> "items whose last wake-up was not served: " + lagging(wanted, seen));
        assertThat(runs.get()).isGreaterThan(2 * ITEMS);
        assertThat(pollers.handlerErrors()).isZero();
    }

    /** Filled before the producers start; handlers read it to wake items of the other loop. */
    private final List<List<Tasklet>> itemsRef = new ArrayList<>(List.of(List.of()));

    private static void wake(Tasklet t) {
        if (t instanceof Task task) {
            task.wakeup(TaskFlags.TASK_WOKEN_MSG);
        } else {
            t.wakeup();
        }
    }

    private static String lagging(AtomicLongArray wanted, AtomicLongArray seen) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (int id = 0; id < wanted.length() && shown < 10; id++) {
            if (seen.get(id) < wanted.get(id)) {
                shown++;
                sb.append(id).append(" (seen ").append(seen.get(id)).append(" < ").append(wanted.get(id)).append(") ");
            }
        }
        return sb.toString();
    }
}
