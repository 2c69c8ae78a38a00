package io.sluice.poller.sys;

import java.io.IOException;
import java.nio.ByteBuffer;

import io.netty.channel.unix.FileDescriptor;

/**
 * read / write / writev / close over raw int fds (any kind: sockets, pipes, eventfd); any thread,
 * no per-fd state.
 *
 * <p>Return conventions (Netty's, kept and named): {@link #read} returns the byte count,
 * {@link #AGAIN} (0) for EAGAIN and {@link #EOF} (-1) at end of stream; {@link #write} returns
 * the byte count, {@link #AGAIN} when the socket buffer is full. Everything else throws a
 * {@link SysException} (ECONNRESET, EPIPE…).
 *
 * <p>Buffers must be direct. The facade never frees them: Netty 4.2 deprecates
 * {@code Buffer.free}, so the owner of a direct buffer (proxy-core's per-thread pools) keeps it
 * for the process's life or drops it to the GC.
 *
 * <p>Allocation: none in steady state: read / write / writev use the wrapper cached for the fd
 * number ({@link FdCache}); only {@link #close} builds a fresh one (Netty's close marks its
 * wrapper closed).
 */
public final class FdIo {

    /** {@link #read}/{@link #write} result: the kernel said EAGAIN. */
    public static final int AGAIN = 0;

    /** {@link #read} result: end of stream (the peer shut its write side). */
    public static final int EOF = -1;

    static {
        NativeSupport.ensure();
    }

    private FdIo() {
    }

    /** Runs on the fd's owner thread: reads into {@code buf[pos, limit)}; count, AGAIN or EOF. */
    public static int read(int fd, ByteBuffer buf, int pos, int limit) throws SysException {
        try {
            return FdCache.FILES.get(fd).read(buf, pos, limit);
        } catch (IOException e) {
            throw SysException.from("read", e);
        } catch (IllegalStateException e) {
            throw SysException.from("read", e);
        }
    }

    /** Runs on the fd's owner thread: reads into native memory; count, AGAIN or EOF. */
    public static int readAddress(int fd, long address, int pos, int limit) throws SysException {
        try {
            return FdCache.FILES.get(fd).readAddress(address, pos, limit);
        } catch (IOException e) {
            throw SysException.from("read", e);
        } catch (IllegalStateException e) {
            throw SysException.from("read", e);
        }
    }

    /** Runs on the fd's owner thread: writes {@code buf[pos, limit)}; count or AGAIN. */
    public static int write(int fd, ByteBuffer buf, int pos, int limit) throws SysException {
        try {
            return FdCache.FILES.get(fd).write(buf, pos, limit);
        } catch (IOException e) {
            throw SysException.from("write", e);
        } catch (IllegalStateException e) {
            throw SysException.from("write", e);
        }
    }

    /** Runs on the fd's owner thread: writes native memory; count or AGAIN. */
    public static int writeAddress(int fd, long address, int pos, int limit) throws SysException {
        try {
            return FdCache.FILES.get(fd).writeAddress(address, pos, limit);
        } catch (IOException e) {
            throw SysException.from("write", e);
        } catch (IllegalStateException e) {
            throw SysException.from("write", e);
        }
    }

    /**
     * Runs on the fd's owner thread: {@code writev} of {@code bufs[offset, offset+length)}, each
     * from its position to its limit, at most {@code maxBytes}; bytes written or AGAIN. Positions
     * are not advanced (the caller consumes the count).
     */
    public static long writev(int fd, ByteBuffer[] bufs, int offset, int length, long maxBytes)
            throws SysException {
        try {
            return FdCache.FILES.get(fd).writev(bufs, offset, length, maxBytes);
        } catch (IOException e) {
            throw SysException.from("writev", e);
        } catch (IllegalStateException e) {
            throw SysException.from("writev", e);
        }
    }

    /**
     * Runs on the thread that won the close (fdtable's orphan close): {@code close(fd)}. EINTR is
     * not retried (Linux has already released the number).
     */
    public static void close(int fd) throws SysException {
        try {
            new FileDescriptor(fd).close();
        } catch (IOException e) {
            throw SysException.from("close", e);
        }
    }

    /** Runs on any thread: {@code pipe2(O_NONBLOCK|O_CLOEXEC)}; [read end, write end]. */
    public static int[] pipe() throws SysException {
        try {
            FileDescriptor[] p = FileDescriptor.pipe();
            return new int[] {p[0].intValue(), p[1].intValue()};
        } catch (IOException e) {
            throw SysException.from("pipe", e);
        }
    }
}
