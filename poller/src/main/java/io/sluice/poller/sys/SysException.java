package io.sluice.poller.sys;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NotYetConnectedException;

import io.netty.channel.unix.Errors;

/**
 * A failed system call: the operation's name and the positive {@code errno}; thrown by the
 * checked-wrapper layer of the facade on any thread.
 *
 * <p>This is the second of the three layers (syscall → checked wrapper → logic): the wrappers in
 * this package call Netty, catch whatever Netty throws and rethrow it as a {@code SysException},
 * so that code above the facade tests {@link #errno()} against {@link Errno}'s names and never
 * sees a Netty type. An errno of 0 means Netty reported a failure without one.
 */
public final class SysException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Netty 4.2.18's {@code Errors.NativeConnectException} is package-private and keeps its errno
     * behind a package-private accessor; this handle reads it (looked up once, checked by
     * {@code SluiceEpollBridgeSignatureTest}). Null if the lookup failed: errno then reads 0.
     */
    private static final Method CONNECT_ERRNO = lookupConnectErrno();

    private final String op;
    private final int errno;

    /** Runs on any thread: a failure of {@code op} with the positive {@code errno}. */
    public SysException(String op, int errno, Throwable cause) {
        super(op + " failed: " + Errno.describe(errno), cause);
        this.op = op;
        this.errno = errno;
    }

    /** Runs on any thread: the operation that failed ("read", "connect", "epoll_ctl"…). */
    public String op() {
        return op;
    }

    /** Runs on any thread: the positive errno (see {@link Errno}), 0 if unknown. */
    public int errno() {
        return errno;
    }

    /**
     * Runs on any thread: converts whatever Netty threw into a {@code SysException} (errno
     * recovered from Netty's exception type).
     */
    static SysException from(String op, IOException e) {
        if (e instanceof SysException se) {
            return se;
        }
        return new SysException(op, errnoOf(e), e);
    }

    /** Runs on any thread: the positive errno carried by one of Netty's exceptions, 0 if none. */
    static int errnoOf(IOException e) {
        if (e instanceof Errors.NativeIoException nie) {
            return Math.abs(nie.expectedErr());
        }
        if (e instanceof ConnectException && CONNECT_ERRNO != null
                && CONNECT_ERRNO.getDeclaringClass().isInstance(e)) {
            try {
                return Math.abs((Integer) CONNECT_ERRNO.invoke(e));
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                return 0;
            }
        }
        if (e instanceof NoRouteToHostException) {
            return Errno.EHOSTUNREACH;
        }
        if (e instanceof FileNotFoundException) {
            return Errno.ENOENT;
        }
        if (e instanceof ClosedChannelException) {
            return Errno.EBADF;
        }
        return 0;
    }

    /** Runs on any thread: converts Netty's unchecked connect-state exceptions. */
    static SysException from(String op, IllegalStateException e) {
        if (e instanceof AlreadyConnectedException) {
            return new SysException(op, Errno.EISCONN, e);
        }
        if (e instanceof ConnectionPendingException) {
            return new SysException(op, Errno.EALREADY, e);
        }
        if (e instanceof NotYetConnectedException) {
            return new SysException(op, Errno.ENOTCONN, e);
        }
        return new SysException(op, 0, e);
    }

    /** Runs once at class initialisation: finds Netty's connect-exception errno accessor. */
    static Method lookupConnectErrno() {
        try {
            Method m = Class.forName("io.netty.channel.unix.Errors$NativeConnectException")
                    .getDeclaredMethod("expectedErr");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
