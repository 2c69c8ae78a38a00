package io.sluice.bench.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jdk.jfr.Recording;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The JFR reader against real recordings of this JVM: threads named like Sluice's loops allocate known amounts. */
class AllocSummaryTest {

    private static final int MIB = 1 << 20;

    /** Keeps the arrays reachable so that the JIT cannot remove the allocations. */
    static volatile Object sink;

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void statsCountsWhatEachLoopThreadAllocatedAndNothingElse() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(3);
        CountDownLatch exit = new CountDownLatch(1);
        Thread loop = worker("sluice-loop-7", 10, go, done, exit);
        Thread idleLoop = worker("sluice-loop-8", 0, go, done, exit);
        Thread other = worker("not-a-loop", 6, go, done, exit);
        Path jfr = dir.resolve("stats.jfr");
        try (Recording r = new Recording()) {
            // everyChunk: one sample when the recording starts, one when it stops, so the delta is exact
            r.enable(AllocSummary.EV_THREAD_STATS).with("period", "everyChunk");
            r.start();
            go.countDown();
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            r.stop();
            r.dump(jfr);
        } finally {
            exit.countDown();
        }
        for (Thread t : List.of(loop, idleLoop, other)) {
            t.join();
        }

        AllocSummary.Stats s = AllocSummary.stats(jfr, AllocSummary.LOOP_PREFIX);

        assertThat(s.loops()).extracting(AllocSummary.ThreadDelta::name).containsExactly("sluice-loop-7",
                "sluice-loop-8");
        // 10 arrays of 1 MiB plus headers and whatever the latch calls allocate: well under one more MiB
        assertThat(s.loops().get(0).delta()).isBetween(10L * MIB, 11L * MIB);
        assertThat(s.loops().get(1).delta()).isLessThan(64 * 1024);
        assertThat(s.loopBytes()).isBetween(10L * MIB, 11L * MIB);
        assertThat(s.otherBytes()).isGreaterThanOrEqualTo(6L * MIB);
    }

    @Test
    @Timeout(60)
    void sitesNameTheSluiceFrameThatAllocated() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch exit = new CountDownLatch(1);
        Path jfr = dir.resolve("sites.jfr");
        Thread loop;
        try (Recording r = new Recording()) {
            // 4 MiB arrays are larger than any TLAB: each one is an outside-TLAB event, as with -XX:-UseTLAB
            r.enable(AllocSummary.EV_OUTSIDE_TLAB).withStackTrace();
            r.enable(AllocSummary.EV_SAMPLE).withStackTrace().with("throttle", "10000/s");
            r.start();
            loop = new Thread(() -> {
                await(go);
                allocateLarge(5);
                done.countDown();
                await(exit);
            }, "sluice-loop-0");
            loop.start();
            go.countDown();
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            r.stop();
            r.dump(jfr);
        } finally {
            exit.countDown();
        }
        loop.join();

        AllocSummary.Sites s = AllocSummary.sites(jfr, AllocSummary.LOOP_PREFIX, true);

        assertThat(s.exact()).isTrue();
        assertThat(s.sites()).isNotEmpty();
        AllocSummary.Site top = s.sites().get(0);
        assertThat(top.sluiceFrame()).startsWith("AllocSummaryTest.allocateLarge:")
                .contains("< AllocSummaryTest.lambda$");
        assertThat(top.objectClass()).isEqualTo("byte[]");
        assertThat(top.count()).isEqualTo(5);
        assertThat(top.bytes()).isGreaterThanOrEqualTo(5L * 4 * MIB);
        assertThat(Files.size(jfr)).isPositive();

        AllocSummary.Sites sampled = AllocSummary.sites(jfr, AllocSummary.LOOP_PREFIX, false);

        assertThat(sampled.exact()).isFalse();
        assertThat(sampled.sites()).isNotEmpty();
        assertThat(sampled.sites().get(0).sluiceFrame()).startsWith("AllocSummaryTest.allocateLarge:");
    }

    @Test
    void steadyStateUsesOnlySamplesFromOneSecondIntoTheLoad() {
        TreeMap<Instant, Long> series = new TreeMap<>();
        long[] values = {0, 5_000, 5_000, 5_000, 5_000, 9_000}; // set-up at 0-1 s, tear-down at 4-5 s
        for (int i = 0; i < values.length; i++) {
            series.put(Instant.ofEpochMilli(10_000 + i * 1000L), values[i]);
        }
        AllocSummary.Stats s = new AllocSummary.Stats(List.of(), 0, series);

        // load from 10.0 s to 14.5 s, 4,500 requests: samples at 11, 12, 13, 14 s are inside, all equal
        assertThat(AllocSummary.steadyBytesPerRequest(s, 4_500, 10_000, 14_500)).isZero();
        // a load that ends at 15.0 s takes in the tear-down sample: 4,000 B for 4,000 requests
        assertThat(AllocSummary.steadyBytesPerRequest(s, 5_000, 10_000, 15_000)).isEqualTo(1.0);
        // fewer than two samples inside: unknown
        assertThat(AllocSummary.steadyBytesPerRequest(s, 1_000, 10_000, 11_500)).isNaN();
        assertThat(AllocSummary.steadyBytesPerRequest(s, 0, 10_000, 15_000)).isNaN();
    }

    private static Thread worker(String name, int mib, CountDownLatch go, CountDownLatch done, CountDownLatch exit) {
        Thread t = new Thread(() -> {
            await(go);
            for (int i = 0; i < mib; i++) {
                sink = new byte[MIB];
            }
            done.countDown();
            // stays alive until the recording has stopped, so that the last sample includes it
            await(exit);
        }, name);
        t.start();
        return t;
    }

    private static void allocateLarge(int n) {
        for (int i = 0; i < n; i++) {
            sink = new byte[4 * MIB];
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
