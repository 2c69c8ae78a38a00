package io.sluice.core.conn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HandoffRingTest {

    @Test
    void fifoUntilFullThenRefuses() {
        HandoffRing r = new HandoffRing(4);
        assertThat(r.poll()).isEqualTo(HandoffRing.EMPTY);
        for (int i = 0; i < 4; i++) {
            assertThat(r.offer(i)).isTrue();
        }
        assertThat(r.offer(99)).as("full").isFalse();
        assertThat(r.poll()).isEqualTo(0);
        assertThat(r.offer(4)).isTrue();
        for (int i = 1; i <= 4; i++) {
            assertThat(r.poll()).isEqualTo(i);
        }
        assertThat(r.poll()).isEqualTo(HandoffRing.EMPTY);
    }

    /** Four producers, one consumer: every value arrives once, each producer's values in order. */
    @Test
    @Timeout(30)
    void concurrentProducersLoseNothing() throws Exception {
        HandoffRing r = new HandoffRing(64);
        int producers = 4;
        int per = 200_000;
        CountDownLatch go = new CountDownLatch(1);
        Thread[] ts = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            long base = (long) p << 32;
            ts[p] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < per; i++) {
                    while (!r.offer(base | i)) {
                        Thread.onSpinWait();
                    }
                }
            });
            ts[p].start();
        }
        go.countDown();
        int[] next = new int[producers];
        long got = 0;
        while (got < (long) producers * per) {
            long v = r.poll();
            if (v == HandoffRing.EMPTY) {
                Thread.onSpinWait();
                continue;
            }
            int p = (int) (v >>> 32);
            int i = (int) v;
            assertThat(i).as("producer %d order", p).isEqualTo(next[p]);
            next[p]++;
            got++;
        }
        for (Thread t : ts) {
            t.join();
        }
        assertThat(r.poll()).isEqualTo(HandoffRing.EMPTY);
    }
}
