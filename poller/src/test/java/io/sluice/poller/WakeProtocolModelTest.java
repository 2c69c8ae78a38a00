package io.sluice.poller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/**
 * Exhaustive interleavings of the wake-up protocol (WAKE-1..3) on the real {@link LoopFlags}:
 * one loop going to sleep, one waker publishing work. Every access is volatile, so the Java
 * memory model gives sequential consistency and enumerating the interleavings is a complete
 * check. A lost wake-up = the loop's re-check saw no work and nobody kicked its eventfd. The
 * production order must never lose one; each broken order (a plausible mistake, kept here as the
 * pre-fix variant) must be caught by the same checker.
 */
class WakeProtocolModelTest {

    /** Shared state of one run: the flag word, the inbox, what each side saw. */
    static final class World {
        final LoopFlags flags;
        final AtomicInteger inbox = new AtomicInteger();
        final AtomicBoolean sawWork = new AtomicBoolean();
        final AtomicBoolean kicked = new AtomicBoolean();

        World(int initialFlags) {
            flags = new LoopFlags(initialFlags);
        }

        boolean lostWakeup() {
            return !sawWork.get() && !kicked.get();
        }
    }

    // Loop steps, as PollLoop.run() does them.
    static final Consumer<World> WAKE_1 = w -> w.flags.setSleeping();
    static final Consumer<World> WAKE_2 = w -> w.flags.clearNotified();
    static final Consumer<World> RECHECK = w -> w.sawWork.set(w.inbox.get() > 0);
    // Waker steps, as Tasklet.wakeup() + PollLoop.wakeThread() do them.
    static final Consumer<World> PUBLISH = w -> w.inbox.incrementAndGet();
    static final Consumer<World> WAKE_3 = w -> {
        if (w.flags.notifyNeedsKick()) {
            w.kicked.set(true);
        }
    };

    /** Number of interleavings (over both initial NOTIFIED states) that lose the wake-up. */
    static int lostWakeups(List<Consumer<World>> loop, List<Consumer<World>> waker) {
        int lost = 0;
        for (int initial : new int[] {0, TaskFlags.TH_FL_NOTIFIED}) {
            for (List<Consumer<World>> order : interleavings(loop, waker)) {
                World w = new World(initial);
                order.forEach(step -> step.accept(w));
                if (w.lostWakeup()) {
                    lost++;
                }
            }
        }
        return lost;
    }

    static List<List<Consumer<World>>> interleavings(List<Consumer<World>> a, List<Consumer<World>> b) {
        List<List<Consumer<World>>> out = new ArrayList<>();
        merge(a, 0, b, 0, new ArrayList<>(), out);
        return out;
    }

    private static void merge(List<Consumer<World>> a, int i, List<Consumer<World>> b, int j,
            List<Consumer<World>> prefix, List<List<Consumer<World>>> out) {
        if (i == a.size() && j == b.size()) {
            out.add(new ArrayList<>(prefix));
            return;
        }
        if (i < a.size()) {
            prefix.add(a.get(i));
            merge(a, i + 1, b, j, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
        if (j < b.size()) {
            prefix.add(b.get(j));
            merge(a, i, b, j + 1, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
    }

    @Test
    void productionOrderNeverLosesAWakeup() {
        assertThat(interleavings(List.of(WAKE_1, WAKE_2, RECHECK), List.of(PUBLISH, WAKE_3))).hasSize(10);
        assertThat(lostWakeups(List.of(WAKE_1, WAKE_2, RECHECK), List.of(PUBLISH, WAKE_3))).isZero();
    }

    @Test
    void checkerCatchesARecheckBeforeAnnouncingTheSleep() {
        assertThat(lostWakeups(List.of(RECHECK, WAKE_1, WAKE_2), List.of(PUBLISH, WAKE_3))).isPositive();
    }

    @Test
    void checkerCatchesClearingNotifiedAfterTheRecheck() {
        assertThat(lostWakeups(List.of(WAKE_1, RECHECK, WAKE_2), List.of(PUBLISH, WAKE_3))).isPositive();
    }

    @Test
    void checkerCatchesAWakerThatNotifiesBeforePublishing() {
        assertThat(lostWakeups(List.of(WAKE_1, WAKE_2, RECHECK), List.of(WAKE_3, PUBLISH))).isPositive();
    }
}
