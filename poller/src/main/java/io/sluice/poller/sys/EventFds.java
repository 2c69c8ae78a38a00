package io.sluice.poller.sys;

import java.nio.ByteBuffer;

import io.netty.channel.epoll.Native;

/**
 * eventfd(2) for loop wake-ups: create, signal, drain; any thread.
 *
 * <p>The eventfd is non-blocking and close-on-exec. {@link #signal} adds 1 to the counter (the fd
 * becomes readable); {@link #drain} resets it to 0 and treats EAGAIN as "nothing to drain", so a
 * loop can drain whenever it likes. (Netty's {@code eventFdRead} throws on EAGAIN, so the drain is
 * a plain 8-byte read into a caller-owned direct buffer.)
 */
public final class EventFds {

    static {
        NativeSupport.ensure();
    }

    private EventFds() {
    }

    /** Runs on any thread: a new eventfd (counter 0). Close it with {@link FdIo#close}. */
    public static int create() throws SysException {
        try {
            return Native.newEventFd().intValue();
        } catch (RuntimeException e) {
            throw new SysException("eventfd", 0, e);
        }
    }

    /** Runs on any thread (the waker): makes the eventfd readable. */
    public static void signal(int fd) {
        Native.eventFdWrite(fd, 1L);
    }

    /**
     * Runs on the owner loop thread: resets the counter; returns false if it was already 0.
     * {@code scratch} is a direct buffer of at least 8 bytes owned by the caller (no allocation).
     */
    public static boolean drain(int fd, ByteBuffer scratch) throws SysException {
        return FdIo.read(fd, scratch, 0, 8) > 0;
    }
}
