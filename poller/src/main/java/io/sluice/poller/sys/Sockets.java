package io.sluice.poller.sys;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.NativeInetAddress;
import io.netty.channel.unix.Socket;

/**
 * Socket system calls over raw int fds: the checked-wrapper layer (Netty → {@link SysException});
 * every method may run on any thread, and none keeps per-fd state.
 *
 * <p>Sockets are created non-blocking and close-on-exec (Netty does both); accepted sockets too
 * ({@code accept4} with {@code SOCK_NONBLOCK | SOCK_CLOEXEC}).
 *
 * <p>Netty only offers socket calls as instance methods of {@link Socket}, whose constructor asks
 * the kernel for the socket's family ({@code getsockname}). The cold calls (bind, listen, connect,
 * shutdown, options) build a fresh wrapper. The per-connection calls that read nothing but the fd
 * number ({@link #accept}, {@link #soError}) use the wrapper cached for that number
 * ({@link FdCache}, whose races are benign).
 */
public final class Sockets {

    /** {@link #accept} result when the accept queue is empty (EAGAIN). */
    public static final int ACCEPT_AGAIN = -1;

    /** Size of the address buffer {@link #accept} fills (length byte + IPv6 + scope + port). */
    public static final int ACCEPT_ADDRESS_BYTES = 26;

    static {
        NativeSupport.ensure();
    }

    private Sockets() {
    }

    /** Runs on any thread: a new non-blocking TCP socket, IPv6 (dual-stack) or IPv4. */
    public static int socketTcp(boolean ipv6) throws SysException {
        try {
            return LinuxSocket.newSocketStream(ipv6).intValue();
        } catch (RuntimeException e) {
            throw new SysException("socket", 0, e);
        }
    }

    /** Runs on any thread: a new non-blocking TCP socket of {@code address}'s family. */
    public static int socketTcp(InetSocketAddress address) throws SysException {
        return socketTcp(address.getAddress() instanceof java.net.Inet6Address);
    }

    /** Runs on any thread: a new non-blocking UNIX stream socket. */
    public static int socketUnix() throws SysException {
        try {
            return LinuxSocket.newSocketDomain().intValue();
        } catch (RuntimeException e) {
            throw new SysException("socket", 0, e);
        }
    }

    /** Runs on any thread: {@code bind(fd, address)}; address is an InetSocketAddress. */
    public static void bind(int fd, InetSocketAddress address) throws SysException {
        bind0(fd, address);
    }

    /** Runs on any thread: {@code bind(fd, path)} for a UNIX socket. */
    public static void bindUnix(int fd, String path) throws SysException {
        bind0(fd, new DomainSocketAddress(path));
    }

    private static void bind0(int fd, SocketAddress address) throws SysException {
        try {
            new Socket(fd).bind(address);
        } catch (IOException e) {
            throw SysException.from("bind", e);
        }
    }

    /** Runs on any thread: {@code listen(fd, backlog)}. */
    public static void listen(int fd, int backlog) throws SysException {
        try {
            new Socket(fd).listen(backlog);
        } catch (IOException e) {
            throw SysException.from("listen", e);
        }
    }

    /**
     * Runs on the thread handling the listener's read event: {@code accept4}; returns the new fd
     * or {@link #ACCEPT_AGAIN} when nothing is pending. {@code addressOut} (at least
     * {@link #ACCEPT_ADDRESS_BYTES}, reused by the caller, may be null for UNIX listeners) receives
     * the peer's address, decoded by {@link #acceptedAddress}. Allocates nothing once the
     * listener's wrapper is cached.
     */
    public static int accept(int listenFd, byte[] addressOut) throws SysException {
        try {
            return FdCache.SOCKETS.get(listenFd).accept(addressOut == null ? new byte[ACCEPT_ADDRESS_BYTES] : addressOut);
        } catch (IOException e) {
            throw SysException.from("accept", e);
        }
    }

    /** Runs on any thread: decodes the peer address {@link #accept} wrote (allocates). */
    public static InetSocketAddress acceptedAddress(byte[] address) {
        return NativeInetAddress.address(address, 1, address[0]);
    }

    /**
     * Runs on any thread: starts a non-blocking connect; true if already connected, false if in
     * progress (wait for the fd to be writable, then call {@link #finishConnect}).
     */
    public static boolean connect(int fd, InetSocketAddress address) throws SysException {
        return connect0(fd, address);
    }

    /** Runs on any thread: connect for a UNIX socket (same result as {@link #connect}). */
    public static boolean connectUnix(int fd, String path) throws SysException {
        return connect0(fd, new DomainSocketAddress(path));
    }

    private static boolean connect0(int fd, SocketAddress address) throws SysException {
        try {
            return new Socket(fd).connect(address);
        } catch (IOException e) {
            throw SysException.from("connect", e);
        } catch (IllegalStateException e) {
            throw SysException.from("connect", e);
        }
    }

    /**
     * Runs on the fd's owner thread once a connecting fd is writable (or in error): returns if the
     * connection is established, throws the connect's errno (ECONNREFUSED, ETIMEDOUT…) otherwise.
     * It reads {@code SO_ERROR} only: calling Netty's {@code finishConnect()} after that would
     * issue a second {@code connect()} whose errno no longer reports the first one's failure.
     */
    public static void finishConnect(int fd) throws SysException {
        int err = soError(fd);
        if (err != 0) {
            throw new SysException("connect", err, null);
        }
    }

    /** Runs on any thread: {@code getsockopt(SO_ERROR)}, the pending errno (0 = none); clears it. */
    public static int soError(int fd) throws SysException {
        try {
            return FdCache.SOCKETS.get(fd).getSoError();
        } catch (IOException e) {
            throw SysException.from("getsockopt", e);
        }
    }

    /** Runs on any thread: {@code shutdown(fd, SHUT_RD / SHUT_WR / SHUT_RDWR)}. */
    public static void shutdown(int fd, boolean read, boolean write) throws SysException {
        try {
            new Socket(fd).shutdown(read, write);
        } catch (IOException e) {
            throw SysException.from("shutdown", e);
        }
    }

    /** Runs on any thread: {@code TCP_NODELAY}. */
    public static void setTcpNoDelay(int fd, boolean on) throws SysException {
        try {
            new Socket(fd).setTcpNoDelay(on);
        } catch (IOException e) {
            throw SysException.from("setsockopt", e);
        }
    }

    /** Runs on any thread: {@code SO_REUSEADDR}. */
    public static void setReuseAddress(int fd, boolean on) throws SysException {
        try {
            new Socket(fd).setReuseAddress(on);
        } catch (IOException e) {
            throw SysException.from("setsockopt", e);
        }
    }

    /** Runs on any thread: {@code SO_REUSEPORT}. */
    public static void setReusePort(int fd, boolean on) throws SysException {
        try {
            new Socket(fd).setReusePort(on);
        } catch (IOException e) {
            throw SysException.from("setsockopt", e);
        }
    }

    /** Runs on any thread: {@code SO_KEEPALIVE}. */
    public static void setKeepAlive(int fd, boolean on) throws SysException {
        try {
            new Socket(fd).setKeepAlive(on);
        } catch (IOException e) {
            throw SysException.from("setsockopt", e);
        }
    }

    /**
     * Runs on any thread: {@code SO_LINGER {on, 0}} so that the next close sends an RST
     * (HAProxy's FD_LINGER_RISK), or linger off when {@code on} is false.
     */
    public static void setLingerReset(int fd, boolean on) throws SysException {
        try {
            new Socket(fd).setSoLinger(on ? 0 : -1);
        } catch (IOException e) {
            throw SysException.from("setsockopt", e);
        }
    }

    /** Runs on any thread: {@code SO_RCVBUF} / {@code SO_SNDBUF}, 0 leaves one unchanged. */
    public static void setBufferSizes(int fd, int rcv, int snd) throws SysException {
        try {
            Socket s = new Socket(fd);
            if (rcv > 0) {
                s.setReceiveBufferSize(rcv);
            }
            if (snd > 0) {
                s.setSendBufferSize(snd);
            }
        } catch (IOException e) {
            throw SysException.from("setsockopt", e);
        }
    }

    /** Runs on any thread: the bound local address of a TCP socket, null if none (allocates). */
    public static InetSocketAddress localAddress(int fd) {
        return new Socket(fd).localAddress();
    }

    /** Runs on any thread: the peer address of a TCP socket, null if none (allocates). */
    public static InetSocketAddress remoteAddress(int fd) {
        return new Socket(fd).remoteAddress();
    }
}
