package io.sluice.poller.sys;

import io.netty.channel.epoll.Epoll;

/**
 * Loads Netty's native epoll library once; any thread, idempotent.
 *
 * <p>Every entry point of this package calls {@link #ensure()} (through a static initialiser)
 * before its first native call: a Netty native method called before {@code Epoll} has loaded the
 * library fails with an {@link UnsatisfiedLinkError} that names nothing useful.
 */
public final class NativeSupport {

    private static volatile boolean loaded;

    private NativeSupport() {
    }

    /**
     * Runs on any thread: makes sure the native library is loaded, or throws
     * {@link IllegalStateException} saying why epoll is not available here.
     */
    public static void ensure() {
        if (loaded) {
            return;
        }
        try {
            Epoll.ensureAvailability();
        } catch (Throwable t) {
            throw new IllegalStateException("native epoll is not available on this machine: " + t, t);
        }
        loaded = true;
    }
}
