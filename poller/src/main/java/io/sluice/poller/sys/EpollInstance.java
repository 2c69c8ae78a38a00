package io.sluice.poller.sys;

import java.io.IOException;

import io.netty.channel.epoll.EpollEventArray;
import io.netty.channel.epoll.Native;
import io.netty.channel.epoll.SluiceEpollBridge;
import io.netty.channel.unix.FileDescriptor;

/**
 * One epoll instance and its event array, owned by one loop thread; every method except
 * {@link #fd()} runs on that thread.
 *
 * <p>Registrations carry the fd number as {@code epoll_data} (Netty's convention). Event bits are
 * the kernel's: {@link #EPOLLIN}, {@link #EPOLLOUT}, {@link #EPOLLRDHUP}, {@link #EPOLLERR},
 * {@link #EPOLLHUP}, {@link #EPOLLET}, {@link #EPOLLEXCLUSIVE} (Netty has no constant for the last
 * two; these are the raw Linux values).
 */
public final class EpollInstance implements AutoCloseable {

    public static final int EPOLLIN = 0x001;
    public static final int EPOLLOUT = 0x004;
    public static final int EPOLLERR = 0x008;
    public static final int EPOLLHUP = 0x010;
    public static final int EPOLLRDHUP = 0x2000;
    public static final int EPOLLEXCLUSIVE = 1 << 28;
    public static final int EPOLLET = 1 << 31;

    static {
        NativeSupport.ensure();
    }

    private final FileDescriptor epfd;
    private final EpollEventArray events;
    private boolean closed;

    private EpollInstance(FileDescriptor epfd, EpollEventArray events) {
        this.epfd = epfd;
        this.events = events;
    }

    /**
     * Runs on the loop thread that will own it: {@code epoll_create} plus an event array of
     * {@code maxEvents} entries ({@code tune.maxpollevents}).
     */
    public static EpollInstance create(int maxEvents) throws SysException {
        if (maxEvents <= 0) {
            throw new IllegalArgumentException("maxEvents must be > 0: " + maxEvents);
        }
        FileDescriptor fd;
        try {
            fd = Native.newEpollCreate();
        } catch (RuntimeException e) {
            throw new SysException("epoll_create", 0, e);
        }
        return new EpollInstance(fd, SluiceEpollBridge.newEventArray(maxEvents));
    }

    /** Runs on any thread: the epoll fd number (for diagnostics). */
    public int fd() {
        return epfd.intValue();
    }

    /** Runs on the owner thread: capacity of the event array. */
    public int capacity() {
        return SluiceEpollBridge.length(events);
    }

    /** Runs on the owner thread: {@code epoll_ctl(ADD, fd, events)}; throws EEXIST etc. */
    public void add(int fd, int ev) throws SysException {
        try {
            Native.epollCtlAdd(epfd.intValue(), fd, ev);
        } catch (IOException e) {
            throw SysException.from("epoll_ctl(ADD)", e);
        }
    }

    /** Runs on the owner thread: {@code epoll_ctl(MOD, fd, events)}; throws ENOENT etc. */
    public void mod(int fd, int ev) throws SysException {
        try {
            Native.epollCtlMod(epfd.intValue(), fd, ev);
        } catch (IOException e) {
            throw SysException.from("epoll_ctl(MOD)", e);
        }
    }

    /** Runs on the owner thread: {@code epoll_ctl(DEL, fd)}; throws ENOENT / EBADF etc. */
    public void del(int fd) throws SysException {
        try {
            Native.epollCtlDel(epfd.intValue(), fd);
        } catch (IOException e) {
            throw SysException.from("epoll_ctl(DEL)", e);
        }
    }

    /**
     * Runs on the owner thread: {@code epoll_wait} with a timeout in ms (0 = poll, -1 = forever);
     * returns the number of ready entries, read with {@link #events(int)} and {@link #fdAt(int)}.
     * EINTR is retried by Netty's native code. Allocates nothing.
     */
    public int waitEvents(int timeoutMillis) throws SysException {
        try {
            return SluiceEpollBridge.epollWait(epfd, events, timeoutMillis);
        } catch (IOException e) {
            throw SysException.from("epoll_wait", e);
        }
    }

    /** Runs on the owner thread: the event bits of ready entry {@code i}. */
    public int events(int i) {
        return SluiceEpollBridge.events(events, i);
    }

    /** Runs on the owner thread: the fd of ready entry {@code i}. */
    public int fdAt(int i) {
        return SluiceEpollBridge.fd(events, i);
    }

    /** Runs on the owner thread when its loop ends: closes the epoll fd and frees the array. */
    @Override
    public void close() throws SysException {
        if (closed) {
            return;
        }
        closed = true;
        SluiceEpollBridge.free(events);
        try {
            epfd.close();
        } catch (IOException e) {
            throw SysException.from("close", e);
        }
    }

    /** Runs on any thread: "EPOLLIN|EPOLLRDHUP" for an event word (show fd, test failures). */
    public static String describe(int ev) {
        StringBuilder sb = new StringBuilder();
        append(sb, ev, EPOLLIN, "EPOLLIN");
        append(sb, ev, EPOLLOUT, "EPOLLOUT");
        append(sb, ev, EPOLLERR, "EPOLLERR");
        append(sb, ev, EPOLLHUP, "EPOLLHUP");
        append(sb, ev, EPOLLRDHUP, "EPOLLRDHUP");
        append(sb, ev, EPOLLEXCLUSIVE, "EPOLLEXCLUSIVE");
        append(sb, ev, EPOLLET, "EPOLLET");
        int rest = ev & ~(EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLRDHUP | EPOLLEXCLUSIVE | EPOLLET);
        if (rest != 0) {
            append(sb, rest, rest, "0x" + Integer.toHexString(rest));
        }
        return sb.length() == 0 ? "0" : sb.toString();
    }

    private static void append(StringBuilder sb, int ev, int bit, String name) {
        if ((ev & bit) != 0) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(name);
        }
    }
}
