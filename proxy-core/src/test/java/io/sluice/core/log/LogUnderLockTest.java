package io.sluice.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seed 004: a producer that logs while holding a lock must not wait for log I/O, even when the log sink is stuck
 * (here a real OS pipe nobody reads: its 64 KiB buffer fills and the writer blocks in write(2)).
 */
class LogUnderLockTest {
    private static final int MESSAGES = 200_000;

    /** The shape every logger under test exposes to the producer. */
    interface Logger {
        void log(String template, long arg);
    }

    /** The pre-fix protocol, MIDAS's {@code cm_msg}: format and write synchronously on the caller's thread. */
    static final class SynchronousLogger implements Logger {
        private final WritableByteChannel ch;

        SynchronousLogger(WritableByteChannel ch) {
            this.ch = ch;
        }

        @Override
        public void log(String template, long arg) {
            try {
                ByteBuffer b = ByteBuffer.wrap((template.replace("{}", Long.toString(arg)) + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The checker: a producer logs {@code MESSAGES} lines, each while holding {@code lock} (as code inside a
     * critical section does); returns true if it finishes and the lock is free again within the deadline.
     */
    static boolean producerUnderLockFinishesWithin(Logger logger, ReentrantLock lock, long deadlineMillis)
            throws InterruptedException {
        Thread producer = new Thread(() -> {
            for (int i = 0; i < MESSAGES; i++) {
                lock.lock();
                try {
                    logger.log("connection {} accepted under the fd lock", i);
                } catch (UncheckedIOException e) {
                    return; // the pipe was closed to release a blocked broken variant
                } finally {
                    lock.unlock();
                }
            }
        }, "producer");
        producer.setDaemon(true);
        producer.start();
        producer.join(deadlineMillis);
        if (producer.isAlive()) {
            return false;
        }
        // Another thread (a loop thread needing the same lock) must get it promptly.
        if (!lock.tryLock(deadlineMillis, TimeUnit.MILLISECONDS)) {
            return false;
        }
        lock.unlock();
        return true;
    }

    @Test
    @Timeout(60)
    void producerHoldingALockNeverWaitsForABlockedSink() throws Exception {
        Pipe pipe = Pipe.open(); // nobody ever reads pipe.source()
        LogRing ring = new LogRing(1024);
        LogThread lt = new LogThread(ring, "sluice", 1, null, ZoneOffset.UTC);
        lt.addTarget(LogTarget.parse(List.of("stdout", "format", "raw", "local0")),
                LogSink.channel(pipe.sink(), true));
        lt.start();
        Log log = new Log(ring);
        try {
            boolean ok = producerUnderLockFinishesWithin((t, a) -> log.log(LogLevel.INFO, t, a),
                    new ReentrantLock(), 20_000);
            assertThat(ok).as("the producer finished while the log thread was blocked").isTrue();
            // The sink really is blocked: far fewer lines than messages got out, the rest were dropped and counted.
            assertThat(lt.linesWritten()).isLessThan(MESSAGES / 4);
            assertThat(ring.dropped()).isGreaterThan(MESSAGES / 2);
            assertThat(ring.claimed() + ring.dropped()).isEqualTo(MESSAGES);
            assertThat(ring.claimed() - ring.drained()).as("records waiting behind the blocked write").isPositive();
        } finally {
            pipe.source().close(); // the blocked write fails with EPIPE; the log thread drains and stops
            assertThat(lt.stop(10_000)).isTrue();
        }
        assertThat(lt.writeErrors()).isPositive();
    }

    @Test
    @Timeout(60)
    void checkerCatchesTheSynchronousLoggerOfSeed004() throws Exception {
        Pipe pipe = Pipe.open();
        try {
            boolean ok = producerUnderLockFinishesWithin(new SynchronousLogger(pipe.sink()), new ReentrantLock(),
                    2_000);
            assertThat(ok).as("a producer writing under its lock to a stuck sink must be caught").isFalse();
        } finally {
            pipe.source().close(); // releases the producer blocked in write(2)
            pipe.sink().close();
        }
    }
}
