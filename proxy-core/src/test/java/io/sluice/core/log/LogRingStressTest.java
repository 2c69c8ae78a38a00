package io.sluice.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Producers race a slow consumer on a tiny ring; each record carries a value and its complement, and the consumer
 * (with a yield between the two reads, widening the race) checks it never sees a torn record.
 */
@Tag("stress")
class LogRingStressTest {
    private static final long DURATION_NANOS = 1_500_000_000L;

    /**
     * The checker: runs 3 producers against one consumer on a 2-slot ring for a bounded time (or until a torn record
     * is seen) and returns the number of torn records.
     */
    static long tornRecords(boolean brokenVariant) throws InterruptedException {
        LogRing ring = new LogRing(2);
        ring.brokenFreeBeforeRead = brokenVariant;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong torn = new AtomicLong();
        AtomicLong seen = new AtomicLong();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            long base = (long) p << 40;
            Thread t = new Thread(() -> {
                long i = 0;
                while (!stop.get()) {
                    long seq = ring.tryClaim();
                    if (seq != LogRing.FULL) {
                        long v = base + i++;
                        ring.record(seq).text("v={} ~v={}").arg(v).arg(~v);
                        ring.publish(seq);
                    } else {
                        Thread.onSpinWait(); // full: drop and retry until stop
                    }
                }
            });
            t.setDaemon(true);
            producers.add(t);
            t.start();
        }
        long end = System.nanoTime() + DURATION_NANOS;
        while (System.nanoTime() < end && torn.get() == 0) {
            int n = ring.drain(r -> {
                long v = r.argLongs[0];
                Thread.yield(); // race widening between the two reads
                long w = r.argLongs[1];
                if (w != ~v) {
                    torn.incrementAndGet();
                }
                seen.incrementAndGet();
            }, 16);
            if (n == 0) {
                Thread.onSpinWait(); // loop ends at the deadline
            }
        }
        stop.set(true);
        for (Thread t : producers) {
            t.join();
        }
        assertThat(seen.get()).isPositive();
        return torn.get();
    }

    @Test
    @Timeout(30)
    void consumerNeverSeesATornRecord() throws Exception {
        assertThat(tornRecords(false)).isZero();
    }

    @Test
    @Timeout(30)
    void checkerCatchesAConsumerThatFreesTheSlotBeforeReadingIt() throws Exception {
        assertThat(tornRecords(true)).isPositive();
    }

    @Test
    void callSiteAllocatesNothingInSteadyState() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        LogRing ring = new LogRing(1024);
        Log log = new Log(ring, LogLevel.INFO);
        String name = "srv1";
        for (int round = 0; round < 50; round++) { // warm up (JIT) and reach steady state
            logBatch(log, name);
            ring.drain(r -> { }, 2048);
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        logBatch(log, name);
        long after = mx.getThreadAllocatedBytes(tid);
        // 1,000 claims (plus dropped ones and a filtered debug call each): a few bytes of noise at most, never
        // one object per call (which would be >= 16,000 bytes).
        assertThat(after - before).isLessThan(1_000);
    }

    private static void logBatch(Log log, String name) {
        for (int i = 0; i < 1_000; i++) {
            log.log(LogLevel.INFO, "server {} is UP, {} active", name, i);
            log.log(LogLevel.DEBUG, "filtered {}", i);
        }
        for (int i = 0; i < 100; i++) { // the ring is full now: these drop and count
            log.log(LogLevel.INFO, "dropped {}", i);
        }
    }
}
