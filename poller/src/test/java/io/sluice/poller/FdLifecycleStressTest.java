package io.sluice.poller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.sluice.fdtable.FdTable;
import io.sluice.fdtable.IoCallback;
import io.sluice.fdtable.RaceWindows;
import io.sluice.poller.sys.FdIo;
import io.sluice.poller.sys.SysException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The poller and the fd table together on real epoll, race widening on: two loops keep opening
 * pipes, subscribing their read ends, handing some to the other loop by takeover, writing one byte
 * and closing the write end; the iocb reads up to EOF and deletes the fd. Afterwards every read end
 * was deleted exactly once (no close error, no handler error) and the process has as many open
 * pipes as before, so no fd leaked and none was closed twice.
 */
@Tag("stress")
@Timeout(60)
class FdLifecycleStressTest {

    private static final long RUN_MS = Long.getLong("sluice.stress.ms", 1_000);

    private Pollers pollers;

    @AfterEach
    void stop() {
        if (pollers != null) {
            pollers.close();
        }
    }

    /** A read end waiting in the "idle" queue for the other loop to take it over. */
    record Idle(int readFd, int writeFd, Object owner, AtomicBoolean claimed) {
    }

    /** Open pipe fds of this process (the JVM may open jars meanwhile: those are not counted). */
    private static int openPipes() {
        String[] l = new File("/proc/self/fd").list();
        int n = 0;
        for (String fd : l == null ? new String[0] : l) {
            try {
                if (Files.readSymbolicLink(Path.of("/proc/self/fd", fd)).toString().startsWith("pipe:")) {
                    n++;
                }
            } catch (IOException e) {
                // closed meanwhile (the listing's own fd): not a pipe of ours
            }
        }
        return n;
    }

    @Test
    void pipesOpenedTakenOverAndClosedByTwoLoopsLeakNothing() throws Exception {
        int baseline = openPipes();
        pollers = new Pollers(PollerConfig.defaults(2, 1 << 16), RaceWindows.of(20), 50_000_000L);
        FdTable t = pollers.fdTable();
        AtomicLong opened = new AtomicLong();
        AtomicLong deleted = new AtomicLong();
        AtomicLong takeovers = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ConcurrentLinkedQueue<Idle> idle = new ConcurrentLinkedQueue<>();
        IoCallback reader = (fd, ctx) -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(8);
            try {
                int n;
                while ((n = FdIo.read(fd, buf, 0, 8)) > 0) {
                    // consume
                }
                if (n == FdIo.EOF) {
                    t.delete(fd, ctx);
                    deleted.incrementAndGet();
                } else {
                    t.cantRecv(fd);
                }
            } catch (SysException e) {
                failures.incrementAndGet();
            }
        };
        long deadline = System.nanoTime() + RUN_MS * 1_000_000L;
        AtomicBoolean stopDrivers = new AtomicBoolean();
        AtomicLong driversDone = new AtomicLong();
        pollers.start();
        for (int tid = 0; tid < 2; tid++) {
            PollLoop loop = pollers.loop(tid);
            Tasklet driver = new Tasklet(loop, (self, c, state) -> {
                if (System.nanoTime() > deadline || stopDrivers.get()) {
                    driversDone.incrementAndGet();
                    return null;
                }
                try {
                    // take over one idle read end of the other loop, if any
                    Idle i = idle.poll();
                    if (i != null && i.claimed().compareAndSet(false, true)) {
                        if (t.takeover(i.readFd(), i.owner(), loop.context())) {
                            takeovers.incrementAndGet();
                            t.wantRecv(i.readFd(), loop.context());
                        }
                        finish(i.writeFd());
                    }
                    // open a new one on this loop
                    int[] p = FdIo.pipe();
                    opened.incrementAndGet();
                    Object owner = new Object();
                    t.insert(p[0], owner, reader, 1, loop.context().ltidBit, 0);
                    t.wantRecv(p[0], loop.context());
                    if ((opened.get() & 3) == 0) {
                        idle.add(new Idle(p[0], p[1], owner, new AtomicBoolean()));
                    } else {
                        finish(p[1]);
                    }
                } catch (SysException e) {
                    failures.incrementAndGet();
                }
                self.wakeup(); // self-waking: BULK class, leaves room for the I/O
                return self;
            }, null);
            driver.wakeup();
        }
        Await.until(() -> driversDone.get() == 2, RUN_MS + 10_000, () -> "drivers did not stop");
        // the loops finish what is left in the idle queue
        Idle i;
        while ((i = idle.poll()) != null) {
            if (i.claimed().compareAndSet(false, true)) {
                finish(i.writeFd());
            }
        }
        Await.until(() -> deleted.get() == opened.get(), 10_000,
                () -> "deleted " + deleted.get() + " of " + opened.get() + " pipes");
        assertThat(failures.get()).isZero();
        assertThat(pollers.handlerErrors()).isZero();
        assertThat(pollers.closeErrors()).as("an fd closed twice would show up here as EBADF").isZero();
        assertThat(takeovers.get()).as("some read ends moved between the loops").isPositive();
        assertThat(t.usedFds()).isZero();
        Await.until(() -> openPipes() == baseline, 5_000,
                () -> "open pipes " + openPipes() + ", " + baseline + " before the test");
    }

    private static void finish(int writeFd) throws SysException {
        ByteBuffer one = ByteBuffer.allocateDirect(1).put((byte) 1).flip();
        FdIo.write(writeFd, one, 0, 1);
        FdIo.close(writeFd);
    }
}
