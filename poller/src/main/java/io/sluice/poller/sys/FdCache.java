package io.sluice.poller.sys;

import java.util.Arrays;
import java.util.function.IntFunction;

import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;

/**
 * Netty wrapper objects indexed by fd number, for the calls that read nothing but the wrapper's
 * final {@code fd} field; any thread.
 *
 * <p>Netty only offers read / write / writev / accept / getsockopt(SO_ERROR) as instance methods.
 * Allocating a wrapper per call relies on the JIT's escape analysis, which does not always happen
 * (measured: 24 bytes per eventfd drain on a loaded machine). A wrapper per fd number, created on
 * first use and kept, makes those calls allocation-free in steady state.
 *
 * <p>NOTE: benign races, on purpose. Two threads may each create and store a wrapper for the same
 * number; a wrapper may outlive the file it was made for and serve the next file with that number;
 * a store into an array that a concurrent grow just replaced may be lost. All are harmless because
 * for the calls that use this cache any wrapper holding number n behaves exactly as n: they never
 * read Netty's open/shutdown state nor the socket family (checked with javap on Netty 4.2.18;
 * {@code SluiceEpollBridgeSignatureTest} fails on any other Netty version so that this is
 * re-checked, and {@code SyscallFacadeTest} reuses an fd number through a stale wrapper). Calls that do ({@code close}, {@code shutdown},
 * {@code connect}, {@code bind}) always build a fresh wrapper.
 */
final class FdCache<T extends FileDescriptor> {

    /** Plain file descriptors, for read / write / writev. */
    static final FdCache<FileDescriptor> FILES = new FdCache<>(FileDescriptor::new);
    /** Sockets, for accept and SO_ERROR (the constructor asks the kernel for the family once). */
    static final FdCache<Socket> SOCKETS = new FdCache<>(Socket::new);

    private static final int MAX = 1 << 24;

    private final IntFunction<T> factory;
    /** The array; replaced (volatile) by a bigger copy when a larger fd shows up. */
    private volatile Object[] wrappers = new Object[1024];

    private FdCache(IntFunction<T> factory) {
        this.factory = factory;
    }

    /** Runs on any thread: the wrapper for {@code fd} (created on first use). */
    @SuppressWarnings("unchecked")
    T get(int fd) {
        Object[] a = wrappers;
        if (fd >= 0 && fd < a.length) {
            Object w = a[fd];
            if (w == null) {
                w = factory.apply(fd);
                a[fd] = w;
            }
            return (T) w;
        }
        return grow(fd);
    }

    @SuppressWarnings("unchecked")
    private synchronized T grow(int fd) {
        if (fd < 0 || fd >= MAX) {
            return factory.apply(fd); // out of range: let Netty report EBADF, uncached
        }
        Object[] a = wrappers;
        if (fd >= a.length) {
            a = Arrays.copyOf(a, Math.max(a.length * 2, Integer.highestOneBit(fd) << 1));
            wrappers = a;
        }
        Object w = a[fd];
        if (w == null) {
            w = factory.apply(fd);
            a[fd] = w;
        }
        return (T) w;
    }
}
