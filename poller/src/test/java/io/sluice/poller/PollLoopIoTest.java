package io.sluice.poller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sluice.fdtable.FdState;
import io.sluice.fdtable.FdTable;
import io.sluice.fdtable.IoCallback;
import io.sluice.fdtable.ThreadContext;
import io.sluice.poller.sys.EpollInstance;
import io.sluice.poller.sys.FdIo;
import io.sluice.poller.sys.SysException;
import io.sluice.poller.sys.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loop on real epoll with the real fd table: event dispatch, the update lists and
 * {@code _update_fd} (checked against the kernel's own view in {@code /proc/self/fdinfo}), and an
 * fd whose thread_mask moves between two loops.
 */
@Timeout(60)
class PollLoopIoTest {

    private static final Pattern TFD = Pattern.compile("tfd:\\s+(\\d+)\\s+events:\\s+([0-9a-f]+)");

    private Pollers pollers;
    /** fd → loop that must delete it at the end (deleted through the table, which closes it). */
    private final Map<Integer, Integer> inTable = new ConcurrentHashMap<>();
    /** fd → its owner object (takeover compares owners by identity). */
    private final Map<Integer, Object> owners = new ConcurrentHashMap<>();
    /** fds not in the table, closed directly. */
    private final List<Integer> plain = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void tearDown() throws Exception {
        if (pollers != null) {
            FdTable t = pollers.fdTable();
            for (Map.Entry<Integer, Integer> e : inTable.entrySet()) {
                PollLoop l = pollers.loop(e.getValue());
                Await.onLoop(l, () -> t.delete(e.getKey(), l.context()));
            }
            pollers.close();
        }
        for (int fd : plain) {
            try {
                FdIo.close(fd);
            } catch (SysException ignored) {
                // already closed
            }
        }
    }

    private void start(int threads) throws SysException {
        pollers = new Pollers(PollerConfig.defaults(threads, 4096));
        pollers.start();
    }

    /**
     * The kernel's registrations of an epoll instance: fd → event mask, without EPOLLERR and
     * EPOLLHUP, which the kernel always adds.
     */
    private static Map<Integer, Integer> registered(PollLoop loop) {
        try {
            Map<Integer, Integer> m = new HashMap<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + loop.epollFd()))) {
                Matcher x = TFD.matcher(line);
                if (x.find()) {
                    int ev = (int) Long.parseLong(x.group(2), 16);
                    m.put(Integer.parseInt(x.group(1)), ev & ~(EpollInstance.EPOLLERR | EpollInstance.EPOLLHUP));
                }
            }
            return m;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitRegistered(PollLoop loop, int fd, int events) {
        Await.until(() -> Integer.valueOf(events).equals(registered(loop).get(fd)), 5_000, () -> {
            Integer have = registered(loop).get(fd);
            return "loop " + loop.tid() + " epoll: fd " + fd + " want " + EpollInstance.describe(events) + ", have "
                    + (have == null ? "none" : EpollInstance.describe(have));
        });
    }

    private static void awaitNotRegistered(PollLoop loop, int fd) {
        Await.until(() -> !registered(loop).containsKey(fd), 5_000,
                () -> "loop " + loop.tid() + " still polls fd " + fd);
    }

    /** A connected loopback TCP pair: [client, server]; the listener is closed. */
    private int[] tcpPair() throws SysException {
        int lfd = Sockets.socketTcp(false);
        try {
            Sockets.bind(lfd, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Sockets.listen(lfd, 4);
            int cfd = Sockets.socketTcp(false);
            plain.add(cfd);
            Sockets.connect(cfd, Sockets.localAddress(lfd));
            long deadline = System.nanoTime() + 5_000_000_000L;
            int sfd;
            while ((sfd = Sockets.accept(lfd, null)) == Sockets.ACCEPT_AGAIN) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("loopback accept timed out");
                }
                Thread.onSpinWait();
            }
            Await.until(() -> {
                try {
                    return Sockets.soError(cfd) == 0 && Sockets.remoteAddress(cfd) != null;
                } catch (SysException e) {
                    return false;
                }
            }, 5_000, () -> "client not connected");
            return new int[] {cfd, sfd};
        } finally {
            FdIo.close(lfd);
        }
    }

    private static void send(int fd, String s) throws SysException {
        ByteBuffer b = ByteBuffer.allocateDirect(s.length());
        b.put(s.getBytes(StandardCharsets.US_ASCII)).flip();
        assertThat(FdIo.write(fd, b, 0, b.limit())).isEqualTo(s.length());
    }

    /** An iocb that drains the fd and records (thread, data). */
    private static final class Recorder implements IoCallback {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger calls = new AtomicInteger();
        final ByteBuffer buf = ByteBuffer.allocateDirect(256);

        @Override
        public void onIo(int fd, ThreadContext ctx) {
            calls.incrementAndGet();
            try {
                int n;
                StringBuilder sb = new StringBuilder();
                while ((n = FdIo.read(fd, buf, 0, buf.capacity())) > 0) {
                    byte[] b = new byte[n];
                    buf.get(0, b);
                    sb.append(new String(b, StandardCharsets.US_ASCII));
                }
                if (sb.length() > 0) {
                    seen.add(ctx.tid + ":" + fd + ":" + sb);
                }
            } catch (SysException e) {
                seen.add(ctx.tid + ":" + fd + ":error " + e.errno());
            }
        }
    }

    private void insertOn(PollLoop loop, int fd, IoCallback iocb, long mask, int flags) {
        FdTable t = pollers.fdTable();
        Object owner = owners.computeIfAbsent(fd, k -> new Object());
        Await.onLoop(loop, () -> t.insert(fd, owner, iocb, 1, mask, flags));
        plain.remove((Integer) fd);
        inTable.put(fd, loop.tid());
    }

    @Test
    void readinessIsDeliveredToTheIocbOfTheReadyFd() throws Exception {
        start(1);
        PollLoop loop = pollers.loop(0);
        FdTable t = pollers.fdTable();
        int[] a = FdIo.pipe();
        int[] b = FdIo.pipe();
        plain.add(a[1]);
        plain.add(b[1]);
        Recorder ra = new Recorder();
        Recorder rb = new Recorder();
        insertOn(loop, a[0], ra, 1L, 0);
        insertOn(loop, b[0], rb, 1L, 0);
        Await.onLoop(loop, () -> {
            t.wantRecv(a[0], loop.context());
            t.wantRecv(b[0], loop.context());
        });
        awaitRegistered(loop, a[0], EpollInstance.EPOLLIN | EpollInstance.EPOLLRDHUP);
        awaitRegistered(loop, b[0], EpollInstance.EPOLLIN | EpollInstance.EPOLLRDHUP);
        send(b[1], "to-b");
        Await.until(() -> rb.seen.size() == 1, 5_000, () -> "b saw " + rb.seen);
        assertThat(rb.seen).containsExactly("0:" + b[0] + ":to-b");
        assertThat(ra.seen).isEmpty();
        send(a[1], "to-a");
        Await.until(() -> ra.seen.size() == 1, 5_000, () -> "a saw " + ra.seen);
        assertThat(ra.seen).containsExactly("0:" + a[0] + ":to-a");
        assertThat(rb.seen).hasSize(1);
        assertThat(loop.counter(Activity.POLL_IO)).isPositive();
        assertThat(loop.counter(Activity.LOOPS)).isPositive();
    }

    @Test
    void localUpdatesAddModAndDelTheFdInTheKernel() throws Exception {
        start(1);
        PollLoop loop = pollers.loop(0);
        FdTable t = pollers.fdTable();
        int[] pair = tcpPair();
        int fd = pair[1];
        Recorder r = new Recorder();
        insertOn(loop, fd, r, 1L, 0);
        long me = loop.context().ltidBit;
        // ADD: recv only
        Await.onLoop(loop, () -> t.wantRecv(fd, loop.context()));
        awaitRegistered(loop, fd, EpollInstance.EPOLLIN | EpollInstance.EPOLLRDHUP);
        assertThat(t.polledRecv(fd) & me).isNotZero();
        assertThat(t.polledSend(fd) & me).isZero();
        // MOD: recv and send
        Await.onLoop(loop, () -> t.wantSend(fd, loop.context()));
        awaitRegistered(loop, fd, EpollInstance.EPOLLIN | EpollInstance.EPOLLRDHUP | EpollInstance.EPOLLOUT);
        assertThat(t.polledSend(fd) & me).isNotZero();
        // DEL: nothing active any more
        Await.onLoop(loop, () -> {
            t.stopBoth(fd);
            t.updtFdPolling(fd, loop.context());
        });
        awaitNotRegistered(loop, fd);
        assertThat((t.polledRecv(fd) | t.polledSend(fd)) & me).isZero();
        assertThat(loop.counter(Activity.POLL_CTL)).isGreaterThanOrEqualTo(3);
        assertThat(loop.ctlErrors()).isZero();
    }

    @Test
    void antiFlapKeepsReadPollingWhileOnlySendIsWanted() throws Exception {
        start(1);
        PollLoop loop = pollers.loop(0);
        FdTable t = pollers.fdTable();
        int[] pair = tcpPair();
        int fd = pair[1];
        insertOn(loop, fd, new Recorder(), 1L, 0);
        Await.onLoop(loop, () -> {
            t.cantRecv(fd); // nothing cached for reading
            t.wantSend(fd, loop.context());
        });
        awaitRegistered(loop, fd, EpollInstance.EPOLLIN | EpollInstance.EPOLLRDHUP | EpollInstance.EPOLLOUT);
        assertThat(t.state(fd) & FdState.FD_EV_ACTIVE_R).as("recv not wanted by the owner").isZero();
    }

    @Test
    void edgeTriggeredFdIsAddedOnceForBothDirectionsAndNeverDeletedByUpdates() throws Exception {
        start(1);
        PollLoop loop = pollers.loop(0);
        FdTable t = pollers.fdTable();
        int[] pair = tcpPair();
        int fd = pair[1];
        Recorder r = new Recorder();
        insertOn(loop, fd, r, 1L, FdState.FD_ET_POSSIBLE);
        Await.onLoop(loop, () -> t.wantRecv(fd, loop.context()));
        int et = EpollInstance.EPOLLIN | EpollInstance.EPOLLRDHUP | EpollInstance.EPOLLOUT | EpollInstance.EPOLLET;
        awaitRegistered(loop, fd, et);
        send(pair[0], "edge");
        Await.until(() -> r.seen.size() == 1, 5_000, () -> "saw " + r.seen);
        Await.onLoop(loop, () -> {
            t.stopBoth(fd);
            t.updtFdPolling(fd, loop.context());
        });
        // one more pass through _do_poll, then the registration must still be there
        Await.onLoop(loop, () -> { });
        Await.onLoop(loop, () -> { });
        assertThat(registered(loop)).containsEntry(fd, et);
    }

    @Test
    void sharedFdIsAddedByEveryThreadThroughTheGlobalUpdateList() throws Exception {
        pollers = new Pollers(PollerConfig.defaults(2, 4096));
        FdTable t = pollers.fdTable();
        int lfd = Sockets.socketTcp(false);
        Sockets.bind(lfd, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Sockets.listen(lfd, 64);
        AtomicInteger accepted = new AtomicInteger();
        Map<Integer, AtomicInteger> byThread = new ConcurrentHashMap<>();
        IoCallback acceptCb = (fd, ctx) -> {
            try {
                int c;
                while ((c = Sockets.accept(fd, null)) != Sockets.ACCEPT_AGAIN) {
                    accepted.incrementAndGet();
                    byThread.computeIfAbsent(ctx.tid, k -> new AtomicInteger()).incrementAndGet();
                    FdIo.close(c);
                }
            } catch (SysException e) {
                throw new IllegalStateException(e);
            }
        };
        t.insert(lfd, "listener", acceptCb, 1, 0b11L, 0); // on main, before start: allowed
        inTable.put(lfd, 0);
        pollers.start();
        PollLoop l0 = pollers.loop(0);
        PollLoop l1 = pollers.loop(1);
        Await.onLoop(l0, () -> t.wantRecv(lfd, l0.context())); // global update: thread_mask has two bits
        Await.onLoop(l1, () -> { }); // a pass on loop 1 walks the group list
        awaitRegistered(l0, lfd, EpollInstance.EPOLLIN | EpollInstance.EPOLLRDHUP);
        awaitRegistered(l1, lfd, EpollInstance.EPOLLIN | EpollInstance.EPOLLRDHUP);
        assertThat(t.updateMask(lfd)).as("both threads consumed their update bit").isZero();
        InetSocketAddress addr = Sockets.localAddress(lfd);
        int n = 50;
        for (int i = 0; i < n; i++) {
            int c = Sockets.socketTcp(false);
            plain.add(c);
            Sockets.connect(c, addr);
        }
        Await.until(() -> accepted.get() == n, 10_000, () -> "accepted " + accepted.get() + " by " + byThread);
        assertThat(pollers.handlerErrors()).isZero();
    }

    @Test
    void updateForAnFdOwnedByASleepingThreadWakesIt() throws Exception {
        start(2);
        PollLoop l0 = pollers.loop(0);
        PollLoop l1 = pollers.loop(1);
        FdTable t = pollers.fdTable();
        int[] p = FdIo.pipe();
        plain.add(p[1]);
        insertOn(l1, p[0], new Recorder(), 0b10L, 0);
        Await.until(l1::isSleeping, 5_000, () -> "loop 1 never slept");
        long kicks = l1.activity().get(Activity.WAKEUPS);
        // loop 0 subscribes an fd that only loop 1 may process: global update + wake_thread(1)
        Await.onLoop(l0, () -> t.wantRecv(p[0], l0.context()));
        awaitRegistered(l1, p[0], EpollInstance.EPOLLIN | EpollInstance.EPOLLRDHUP);
        assertThat(l1.activity().get(Activity.WAKEUPS)).as("loop 1 was kicked").isGreaterThan(kicks);
        assertThat(registered(l0)).doesNotContainKey(p[0]);
    }

    @Test
    void fdTakenOverByAnotherThreadIsDroppedByTheOldPollerAndServedByTheNewOne() throws Exception {
        start(2);
        PollLoop l0 = pollers.loop(0);
        PollLoop l1 = pollers.loop(1);
        FdTable t = pollers.fdTable();
        int[] pair = tcpPair();
        int fd = pair[1];
        Recorder r = new Recorder();
        insertOn(l0, fd, r, 0b01L, 0);
        Await.onLoop(l0, () -> t.wantRecv(fd, l0.context()));
        awaitRegistered(l0, fd, EpollInstance.EPOLLIN | EpollInstance.EPOLLRDHUP);
        send(pair[0], "a");
        Await.until(() -> r.seen.size() == 1, 5_000, () -> "saw " + r.seen);
        assertThat(r.seen.get(0)).isEqualTo("0:" + fd + ":a");

        // thread_mask moves to loop 1 (TAKE-1..7); loop 1 does not subscribe yet
        boolean took = Await.onLoop(l1, () -> t.takeover(fd, owners.get(fd), l1.context()));
        assertThat(took).isTrue();
        inTable.put(fd, 1);
        assertThat(t.threadMask(fd)).isEqualTo(0b10L);
        int callsBefore = r.calls.get();
        send(pair[0], "b"); // only loop 0's epoll has it: not welcome -> update -> DEL
        awaitNotRegistered(l0, fd);
        assertThat(t.polledRecv(fd) & 0b01L).isZero();
        assertThat(r.calls.get()).as("the old thread never ran the iocb after the takeover").isEqualTo(callsBefore);

        Await.onLoop(l1, () -> t.wantRecv(fd, l1.context()));
        awaitRegistered(l1, fd, EpollInstance.EPOLLIN | EpollInstance.EPOLLRDHUP);
        Await.until(() -> r.seen.size() == 2, 5_000, () -> "saw " + r.seen);
        assertThat(r.seen.get(1)).isEqualTo("1:" + fd + ":b");
        assertThat(registered(l0)).doesNotContainKey(fd);
    }
}
