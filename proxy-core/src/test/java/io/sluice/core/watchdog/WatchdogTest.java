package io.sluice.core.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.sluice.core.log.LogRing;
import io.sluice.core.log.LogSink;
import io.sluice.core.log.LogTarget;
import io.sluice.core.log.LogThread;

class WatchdogTest {
    private static final long MS = 1_000_000L;

    /** A log thread writing raw lines into memory. */
    private static final class CapturedLog implements AutoCloseable {
        final LogRing ring = new LogRing(64);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final LogThread thread = new LogThread(ring, "sluice", 1, null, ZoneOffset.UTC);

        CapturedLog() {
            thread.addTarget(LogTarget.parse(List.of("stdout", "format", "raw", "local0")),
                    LogSink.channel(Channels.newChannel(bytes), false));
            thread.start();
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() throws InterruptedException {
            thread.stop(5_000);
        }
    }

    private static volatile boolean release;

    private static void spinUntilReleased() {
        while (!release) {
            Thread.onSpinWait(); // ends when the test sets release
        }
    }

    @Test
    @Timeout(30)
    void spinningThreadIsReportedThenTriggersThePanicWithinTheDeadline() throws Exception {
        release = false;
        Thread spinner = new Thread(WatchdogTest::spinUntilReleased, "loop-1");
        spinner.setDaemon(true);
        ThreadHealth h = new ThreadHealth(1, spinner);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        try (CapturedLog log = new CapturedLog()) {
            Watchdog wd = new Watchdog(log.ring, 300, 1_000, 20, exit::complete,
                    new PrintStream(dump, true, StandardCharsets.UTF_8), System::nanoTime);
            spinner.start();
            wd.register(h);
            long start = System.nanoTime();
            wd.start();
            int status = exit.get(20, TimeUnit.SECONDS);
            long elapsed = System.nanoTime() - start;
            assertThat(status).isEqualTo(Watchdog.PANIC_STATUS);
            assertThat(elapsed).isGreaterThanOrEqualTo(1_000 * MS);
            assertThat(h.isStuckAcquire()).isTrue();
            assertThat(wd.panicked()).isTrue();
            String dumped = dump.toString(StandardCharsets.UTF_8);
            assertThat(dumped).startsWith("Thread 1 is about to kill the process.\n*>Thread 1 : name=\"loop-1\"")
                    .contains("\"loop-1\" #").contains("spinUntilReleased");
            long deadline = System.nanoTime() + 10_000 * MS;
            while (!log.text().contains("dumping all threads") && System.nanoTime() < deadline) {
                Thread.sleep(5); // polling a condition with a deadline
            }
            String text = log.text();
            assertThat(text).contains("WARNING! thread 1 has stopped processing traffic for ")
                    .contains("io.sluice.core.watchdog.WatchdogTest.spinUntilReleased(WatchdogTest.java:")
                    .contains("thread 1 made no progress for ");
        } finally {
            release = true;
            spinner.join(5_000);
        }
    }

    /** A fake monotonic clock advanced by the test. */
    private static final class FakeClock {
        final AtomicLong now = new AtomicLong(1_000 * MS);

        long get() {
            return now.get();
        }
    }

    /**
     * The checker for the sleeping rule: a loop that announced it sleeps is watched for 30 s of (fake) time; true
     * when nothing was reported and no panic started.
     */
    static boolean sleepingThreadSurvives(boolean brokenVariant) {
        FakeClock clock = new FakeClock();
        LogRing ring = new LogRing(8);
        AtomicLong exits = new AtomicLong();
        Watchdog wd = new Watchdog(ring, 1_000, 1_000, 100, s -> exits.incrementAndGet(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), clock::get);
        wd.honourSleeping = !brokenVariant;
        ThreadHealth h = new ThreadHealth(1, Thread.currentThread());
        h.onSleepEnter(); // this test thread plays the loop: it "waits in epoll_wait" from now on
        wd.register(h);
        for (int i = 0; i < 300; i++) {
            clock.now.addAndGet(100 * MS);
            wd.check();
        }
        return exits.get() == 0 && ring.claimed() == 0 && !h.isStuckAcquire();
    }

    @Test
    void sleepingThreadNeverTriggersThePanic() {
        assertThat(sleepingThreadSurvives(false)).isTrue();
    }

    @Test
    void checkerCatchesAWatchdogThatIgnoresTheSleepingFlag() {
        assertThat(sleepingThreadSurvives(true)).isFalse();
    }

    @Test
    void loopPublishingItsOwnFiguresIsReadDirectly() {
        FakeClock clock = new FakeClock();
        LogRing ring = new LogRing(8);
        AtomicLong exits = new AtomicLong();
        Watchdog wd = new Watchdog(ring, 1_000, 5_000, 100, s -> exits.incrementAndGet(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), clock::get);
        AtomicLong progress = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean sleeping = new java.util.concurrent.atomic.AtomicBoolean(true);
        ThreadHealth h = ThreadHealth.of(1, Thread.currentThread(), progress::get, sleeping::get);
        wd.register(h);
        for (int i = 0; i < 30; i++) { // 3 s asleep: healthy
            clock.now.addAndGet(100 * MS);
            assertThat(wd.check()).isFalse();
        }
        sleeping.set(false);
        for (int i = 0; i < 30; i++) { // 3 s busy with progress: healthy
            progress.incrementAndGet();
            clock.now.addAndGet(100 * MS);
            assertThat(wd.check()).isFalse();
        }
        assertThat(ring.claimed()).isZero();
        for (int i = 0; i < 11; i++) { // 1.1 s busy without progress: reported
            clock.now.addAndGet(100 * MS);
            wd.check();
        }
        assertThat(h.isStuckAcquire()).isTrue();
        assertThat(h.progressOpaque()).isEqualTo(30);
        boolean panicked = false;
        for (int i = 0; i < 40 && !panicked; i++) {
            clock.now.addAndGet(100 * MS);
            panicked = wd.check();
        }
        assertThat(panicked).isTrue();
        assertThat(exits.get()).isEqualTo(1);
    }

    @Test
    void progressingThreadIsNeverReportedAndARecoveredThreadIsNoLongerStuck() {
        FakeClock clock = new FakeClock();
        LogRing ring = new LogRing(8);
        AtomicLong exits = new AtomicLong();
        Watchdog wd = new Watchdog(ring, 1_000, 5_000, 100, s -> exits.incrementAndGet(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), clock::get);
        ThreadHealth h = new ThreadHealth(2, Thread.currentThread());
        wd.register(h);
        for (int i = 0; i < 100; i++) {
            h.onProgress();
            clock.now.addAndGet(100 * MS);
            assertThat(wd.check()).isFalse();
        }
        assertThat(ring.claimed()).isZero();
        for (int i = 0; i < 11; i++) { // 1.1 s quiet
            clock.now.addAndGet(100 * MS);
            wd.check();
        }
        assertThat(h.isStuckAcquire()).isTrue();
        assertThat(ring.claimed()).isEqualTo(1);
        h.onProgress();
        wd.check();
        assertThat(h.isStuckAcquire()).isFalse();
        assertThat(exits.get()).isZero();
    }

    @Test
    @Timeout(20)
    void threadBlockedOnALockIsReportedWithItsStack() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        lock.lock();
        Thread blocked = new Thread(() -> {
            lock.lock(); // parks until the test unlocks: a deadlock as seen from the watchdog
            lock.unlock();
        }, "loop-3");
        FakeClock clock = new FakeClock();
        AtomicLong exits = new AtomicLong();
        try (CapturedLog log = new CapturedLog()) {
            Watchdog wd = new Watchdog(log.ring, 1_000, 10_000, 100, s -> exits.incrementAndGet(),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), clock::get);
            ThreadHealth h = new ThreadHealth(3, blocked);
            blocked.start();
            long deadline = System.nanoTime() + 10_000 * MS;
            while (blocked.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // ends when the thread parks on the lock or at the deadline
            }
            wd.register(h);
            for (int i = 0; i < 12; i++) {
                clock.now.addAndGet(100 * MS);
                wd.check();
            }
            while (!log.text().contains("\n") && System.nanoTime() < deadline) {
                Thread.sleep(5); // polling a condition with a deadline
            }
            assertThat(log.text()).startsWith("WARNING! thread 3 has stopped processing traffic for 1000 milliseconds")
                    .contains("java.util.concurrent.locks.ReentrantLock.lock");
            assertThat(exits.get()).isZero();
        } finally {
            lock.unlock();
            blocked.join(5_000);
        }
    }

    @Test
    void configurationBoundsAreChecked() {
        LogRing ring = new LogRing(2);
        PrintStream ps = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new Watchdog(ring, 100, 100, 10, s -> { }, ps, System::nanoTime))
                .hasMessageContaining("panic-after must be at least");
        assertThatThrownBy(() -> new Watchdog(ring, 2_000, 1_000, 10, s -> { }, ps, System::nanoTime))
                .hasMessageContaining("warning delay");
    }
}
