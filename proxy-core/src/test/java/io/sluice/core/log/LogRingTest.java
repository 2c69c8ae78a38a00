package io.sluice.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LogRingTest {

    @Test
    void publishedRecordsAreDrainedInClaimOrder() {
        LogRing ring = new LogRing(8, () -> 42L);
        for (int i = 0; i < 5; i++) {
            long seq = ring.tryClaim();
            ring.record(seq).text("n={}").arg(i);
            ring.publish(seq);
        }
        List<Long> seen = new ArrayList<>();
        int n = ring.drain(r -> seen.add(r.argLongs[0]), 100);
        assertThat(n).isEqualTo(5);
        assertThat(seen).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(ring.isEmpty()).isTrue();
    }

    @Test
    void fullRingDropsAndCountsWithoutBlocking() {
        LogRing ring = new LogRing(4);
        for (int i = 0; i < 4; i++) {
            long seq = ring.tryClaim();
            assertThat(seq).isEqualTo(i);
            ring.record(seq).text("x");
            ring.publish(seq);
        }
        assertThat(ring.tryClaim()).isEqualTo(LogRing.FULL);
        assertThat(ring.tryClaim()).isEqualTo(LogRing.FULL);
        assertThat(ring.dropped()).isEqualTo(2);
        assertThat(ring.drain(r -> { }, 1)).isEqualTo(1);
        assertThat(ring.tryClaim()).isEqualTo(4);
    }

    @Test
    void drainStopsAtAClaimedButUnpublishedSlot() {
        LogRing ring = new LogRing(8);
        long first = ring.tryClaim();
        long second = ring.tryClaim();
        ring.record(second).text("second");
        ring.publish(second);
        assertThat(ring.drain(r -> { }, 10)).isZero();
        ring.abandon(first);
        List<String> seen = new ArrayList<>();
        assertThat(ring.drain(r -> seen.add(r.template), 10)).isEqualTo(2);
        assertThat(seen).containsExactly("second");
    }

    @Test
    void staleHandleIsRejectedOnPublish() {
        LogRing ring = new LogRing(2);
        long seq = ring.tryClaim();
        ring.record(seq).text("a");
        ring.publish(seq);
        assertThatThrownBy(() -> ring.publish(seq)).isInstanceOf(IllegalStateException.class);
        ring.drain(r -> { }, 10);
        ring.tryClaim(); // seq 1
        long reused = ring.tryClaim(); // seq 2 reuses slot 0
        assertThat(reused & 1).isEqualTo(seq & 1);
        assertThatThrownBy(() -> ring.publish(seq)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void drainedRecordsDropTheirReferences() {
        LogRing ring = new LogRing(2);
        long seq = ring.tryClaim();
        Object big = new Object();
        ring.record(seq).text("{}").arg(big).attach(new StackTraceElement[0]);
        ring.publish(seq);
        ring.drain(r -> { }, 1);
        LogRecord r = ring.record(seq);
        assertThat(r.argRefs[0]).isNull();
        assertThat(r.attachment).isNull();
    }

    @Test
    @Timeout(30)
    void concurrentProducersEitherDeliverOrCountEveryMessage() throws Exception {
        LogRing ring = new LogRing(64);
        int producers = 4;
        int perProducer = 20_000;
        AtomicLong delivered = new AtomicLong();
        long[] lastPerProducer = new long[producers];
        java.util.Arrays.fill(lastPerProducer, -1);
        boolean[] ordered = {true};
        Thread consumer = new Thread(() -> {
            ring.bindConsumer(Thread.currentThread());
            while (!Thread.currentThread().isInterrupted() || !ring.isEmpty()) {
                int n = ring.drain(r -> {
                    int p = (int) r.argLongs[0];
                    if (r.argLongs[1] <= lastPerProducer[p]) {
                        ordered[0] = false;
                    }
                    lastPerProducer[p] = r.argLongs[1];
                    delivered.incrementAndGet();
                }, 128);
                if (n == 0) {
                    ring.awaitWork(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
        });
        consumer.start();
        List<Thread> ts = new ArrayList<>();
        Log log = new Log(ring);
        for (int p = 0; p < producers; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    log.log(LogLevel.INFO, "p{} i{}", id, i);
                }
            });
            ts.add(t);
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        consumer.interrupt();
        consumer.join();
        assertThat(delivered.get() + ring.dropped()).isEqualTo((long) producers * perProducer);
        assertThat(delivered.get()).isPositive();
        assertThat(ordered[0]).as("each producer's messages arrive in its order").isTrue();
    }
}
