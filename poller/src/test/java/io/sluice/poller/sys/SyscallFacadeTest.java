package io.sluice.poller.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The facade on real loopback sockets, pipes, eventfds and epoll. */
@Timeout(20)
class SyscallFacadeTest {

    private final List<Integer> fds = new ArrayList<>();
    private EpollInstance ep;

    @AfterEach
    void closeAll() throws SysException {
        for (int fd : fds) {
            try {
                FdIo.close(fd);
            } catch (SysException ignored) {
                // already closed by the test
            }
        }
        if (ep != null) {
            ep.close();
        }
    }

    private int track(int fd) {
        fds.add(fd);
        return fd;
    }

    /** Waits (epoll, bounded) until fd reports one of the wanted bits; returns the event word. */
    private int awaitEvent(int fd, int wanted) throws SysException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            int n = ep.waitEvents(100);
            for (int i = 0; i < n; i++) {
                if (ep.fdAt(i) == fd && (ep.events(i) & wanted) != 0) {
                    return ep.events(i);
                }
            }
        }
        throw new AssertionError("no " + EpollInstance.describe(wanted) + " on fd " + fd + " within 5 s");
    }

    private int listener() throws SysException {
        int lfd = track(Sockets.socketTcp(false));
        Sockets.setReuseAddress(lfd, true);
        Sockets.bind(lfd, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Sockets.listen(lfd, 16);
        return lfd;
    }

    @Test
    void loopbackConnectAcceptReadWriteShutdown() throws Exception {
        ep = EpollInstance.create(16);
        int lfd = listener();
        InetSocketAddress bound = Sockets.localAddress(lfd);
        assertThat(bound.getPort()).isPositive();
        byte[] addr = new byte[Sockets.ACCEPT_ADDRESS_BYTES];
        assertThat(Sockets.accept(lfd, addr)).as("nothing pending: EAGAIN").isEqualTo(Sockets.ACCEPT_AGAIN);

        ep.add(lfd, EpollInstance.EPOLLIN);
        int cfd = track(Sockets.socketTcp(false));
        boolean done = Sockets.connect(cfd, bound);
        awaitEvent(lfd, EpollInstance.EPOLLIN);
        int sfd = track(Sockets.accept(lfd, addr));
        assertThat(sfd).isGreaterThan(0);
        assertThat(Sockets.acceptedAddress(addr).getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
        if (!done) {
            ep.add(cfd, EpollInstance.EPOLLOUT);
            awaitEvent(cfd, EpollInstance.EPOLLOUT);
            ep.del(cfd);
        }
        Sockets.finishConnect(cfd);
        Sockets.setTcpNoDelay(cfd, true);

        ByteBuffer in = ByteBuffer.allocateDirect(64);
        assertThat(FdIo.read(sfd, in, 0, 64)).as("empty socket: AGAIN").isEqualTo(FdIo.AGAIN);

        ByteBuffer out = ByteBuffer.allocateDirect(64);
        out.put("hello".getBytes(StandardCharsets.US_ASCII)).flip();
        assertThat(FdIo.write(cfd, out, 0, out.limit())).isEqualTo(5);
        ep.add(sfd, EpollInstance.EPOLLIN | EpollInstance.EPOLLRDHUP);
        awaitEvent(sfd, EpollInstance.EPOLLIN);
        assertThat(FdIo.read(sfd, in, 0, 64)).isEqualTo(5);
        byte[] got = new byte[5];
        in.get(0, got);
        assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("hello");

        Sockets.shutdown(cfd, false, true);
        int ev = awaitEvent(sfd, EpollInstance.EPOLLRDHUP);
        assertThat(ev & EpollInstance.EPOLLRDHUP).isNotZero();
        assertThat(FdIo.read(sfd, in, 0, 64)).as("peer shut its write side: EOF").isEqualTo(FdIo.EOF);
    }

    @Test
    void writevGathersSeveralBuffers() throws Exception {
        int[] p = FdIo.pipe();
        track(p[0]);
        track(p[1]);
        ByteBuffer a = ByteBuffer.allocateDirect(8).put("ab".getBytes(StandardCharsets.US_ASCII)).flip();
        ByteBuffer b = ByteBuffer.allocateDirect(8).put("cde".getBytes(StandardCharsets.US_ASCII)).flip();
        assertThat(FdIo.writev(p[1], new ByteBuffer[] {a, b}, 0, 2, Long.MAX_VALUE)).isEqualTo(5);
        ByteBuffer in = ByteBuffer.allocateDirect(16);
        assertThat(FdIo.read(p[0], in, 0, 16)).isEqualTo(5);
        byte[] got = new byte[5];
        in.get(0, got);
        assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("abcde");
    }

    @Test
    void connectToAClosedPortReportsConnRefused() throws Exception {
        ep = EpollInstance.create(4);
        int lfd = listener();
        InetSocketAddress dead = Sockets.localAddress(lfd);
        FdIo.close(lfd);
        fds.remove((Integer) lfd);
        int cfd = track(Sockets.socketTcp(false));
        int errno;
        try {
            Sockets.connect(cfd, dead);
            ep.add(cfd, EpollInstance.EPOLLOUT);
            int ev = awaitEvent(cfd, EpollInstance.EPOLLOUT | EpollInstance.EPOLLERR | EpollInstance.EPOLLHUP);
            assertThat(ev & (EpollInstance.EPOLLERR | EpollInstance.EPOLLHUP)).isNotZero();
            errno = expectFinishConnectFailure(cfd);
        } catch (SysException e) {
            errno = e.errno();
        }
        assertThat(errno).as(Errno.describe(errno)).isEqualTo(Errno.ECONNREFUSED);
    }

    private static int expectFinishConnectFailure(int fd) {
        try {
            Sockets.finishConnect(fd);
        } catch (SysException e) {
            assertThat(e.op()).isEqualTo("connect");
            return e.errno();
        }
        throw new AssertionError("finishConnect succeeded on a refused connect");
    }

    @Test
    void eventFdWakesEpollAndDrains() throws Exception {
        ep = EpollInstance.create(4);
        int efd = track(EventFds.create());
        ByteBuffer scratch = ByteBuffer.allocateDirect(8);
        assertThat(EventFds.drain(efd, scratch)).as("nothing to drain").isFalse();
        ep.add(efd, EpollInstance.EPOLLIN);
        assertThat(ep.waitEvents(0)).as("nothing signalled yet").isZero();
        EventFds.signal(efd);
        EventFds.signal(efd);
        assertThat(awaitEvent(efd, EpollInstance.EPOLLIN) & EpollInstance.EPOLLIN).isNotZero();
        assertThat(EventFds.drain(efd, scratch)).isTrue();
        assertThat(scratch.order(java.nio.ByteOrder.nativeOrder()).getLong(0)).as("two signals add up").isEqualTo(2L);
        assertThat(ep.waitEvents(0)).as("drained").isZero();
    }

    @Test
    void epollCtlErrorsCarryTheirErrno() throws Exception {
        ep = EpollInstance.create(4);
        int efd = track(EventFds.create());
        assertThatThrownBy(() -> ep.mod(efd, EpollInstance.EPOLLIN))
                .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        ep.add(efd, EpollInstance.EPOLLIN);
        assertThatThrownBy(() -> ep.add(efd, EpollInstance.EPOLLIN))
                .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
        ep.mod(efd, EpollInstance.EPOLLIN | EpollInstance.EPOLLOUT);
        ep.del(efd);
        assertThatThrownBy(() -> ep.del(efd))
                .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void closedPipeWriterRaisesRawEpollHup() throws Exception {
        ep = EpollInstance.create(4);
        int[] p = FdIo.pipe();
        track(p[0]);
        ep.add(p[0], EpollInstance.EPOLLIN);
        FdIo.close(p[1]);
        int ev = awaitEvent(p[0], EpollInstance.EPOLLHUP);
        assertThat(EpollInstance.describe(ev)).contains("EPOLLHUP");
        ByteBuffer in = ByteBuffer.allocateDirect(8);
        assertThat(FdIo.read(p[0], in, 0, 8)).isEqualTo(FdIo.EOF);
    }

    @Test
    void aReusedFdNumberWorksThroughTheCachedWrapper() throws Exception {
        ByteBuffer one = ByteBuffer.allocateDirect(1).put((byte) 7).flip();
        ByteBuffer in = ByteBuffer.allocateDirect(4);
        // The kernel hands out the lowest free numbers, but another thread of this JVM may take one of them
        // between our close and our pipe: retry until the new pipe really reuses both numbers.
        for (int attempt = 0; attempt < 20; attempt++) {
            int[] first = FdIo.pipe();
            assertThat(FdIo.write(first[1], one, 0, 1)).isEqualTo(1); // caches wrappers for both numbers
            assertThat(FdIo.read(first[0], in, 0, 4)).isEqualTo(1);
            FdIo.close(first[0]);
            FdIo.close(first[1]);
            int[] second = FdIo.pipe();
            track(second[0]);
            track(second[1]);
            if (!(second[0] == first[0] && second[1] == first[1]
                    || second[0] == first[1] && second[1] == first[0])) {
                continue; // a number went elsewhere; the tracked pair is closed after the test
            }
            assertThat(FdIo.write(second[1], one, 0, 1)).isEqualTo(1);
            assertThat(FdIo.read(second[0], in, 0, 4)).isEqualTo(1);
            assertThat(FdIo.read(second[0], in, 0, 4)).isEqualTo(FdIo.AGAIN);
            return;
        }
        throw new AssertionError("the kernel never handed the same pipe numbers back in 20 attempts");
    }

    @Test
    void readOnAClosedFdIsEbadf() throws Exception {
        int[] p = FdIo.pipe();
        FdIo.close(p[0]);
        FdIo.close(p[1]);
        ByteBuffer in = ByteBuffer.allocateDirect(8);
        assertThatThrownBy(() -> FdIo.read(p[0], in, 0, 8))
                .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
    }

    @Test
    void unixSocketBindListenConnect() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sluice-sys");
        String path = dir.resolve("s.sock").toString();
        try {
            ep = EpollInstance.create(4);
            int lfd = track(Sockets.socketUnix());
            Sockets.bindUnix(lfd, path);
            Sockets.listen(lfd, 4);
            int cfd = track(Sockets.socketUnix());
            Sockets.connectUnix(cfd, path);
            ep.add(lfd, EpollInstance.EPOLLIN);
            awaitEvent(lfd, EpollInstance.EPOLLIN);
            int sfd = track(Sockets.accept(lfd, null));
            assertThat(sfd).isGreaterThan(0);
        } finally {
            java.nio.file.Files.deleteIfExists(dir.resolve("s.sock"));
            java.nio.file.Files.deleteIfExists(dir);
        }
    }
}
