package io.sluice.core.listener;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.sluice.config.model.Address;
import io.sluice.core.backend.FrontendRt;
import io.sluice.fdtable.FdState;
import io.sluice.fdtable.FdTable;
import io.sluice.fdtable.IoCallback;
import io.sluice.fdtable.ThreadContext;
import io.sluice.poller.Activity;
import io.sluice.poller.PollLoop;
import io.sluice.poller.Pollers;
import io.sluice.poller.sys.Sockets;
import io.sluice.poller.sys.SysException;

/**
 * One listening socket (a {@code bind} address or a {@code stats socket}): bound on main before the loops start,
 * registered in the fd table for the threads of its bind, accepting on whichever of them gets the event, pausing on
 * maxconn (package documentation: ACC and LIM steps).
 */
public final class Listener {
    /** What to do with an accepted fd; runs on the accepting loop thread. */
    @FunctionalInterface
    public interface Sink {
        /** Runs on the accepting loop thread {@code ctx}: takes ownership of {@code cfd}. */
        void accepted(Listener l, int cfd, ThreadContext ctx);
    }

    /** HAProxy's tune.maxaccept default per event and thread. */
    public static final int MAX_ACCEPT = 64;

    private final String name;
    private final Address address;
    private final FrontendRt frontend;
    private final Limits limits;
    private final Sink sink;
    private final int backlog;
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicLong accepted = new AtomicLong();
    private final IoCallback cb = this::onIo;
    private Pollers pollers;
    // One accept address buffer per loop thread (accept4 fills it; reused, so accepting allocates nothing).
    private byte[][] addrBufs;
    private FdTable table;
    private long threadMask;
    private int fd = -1;
    private int localPort;
    private volatile boolean closed;

    /**
     * Runs on main: a listener for {@code address}; {@code limits} null means "not counted" (the stats socket),
     * {@code frontend} null means no per-frontend limit.
     */
    public Listener(String name, Address address, FrontendRt frontend, Limits limits, Sink sink, int backlog) {
        this.name = name;
        this.address = address;
        this.frontend = frontend;
        this.limits = limits;
        this.sink = sink;
        this.backlog = backlog;
        if (limits != null) {
            limits.add(this);
        }
    }

    /**
     * Runs on main before the loops start: creates, binds and listens (or adopts an inherited {@code fd@<n>}).
     *
     * @throws SysException with the errno of the failing call
     */
    public void bind() throws SysException {
        switch (address.family()) {
            case FD -> {
                fd = address.fd();
                InetSocketAddress la = Sockets.localAddress(fd);
                localPort = la == null ? 0 : la.getPort();
            }
            case UNIX -> {
                try {
                    Files.deleteIfExists(Path.of(address.path()));
                } catch (java.io.IOException e) {
                    throw new SysException("unlink " + address.path(), 0, e);
                }
                fd = Sockets.socketUnix();
                try {
                    Sockets.bindUnix(fd, address.path());
                    Sockets.listen(fd, backlog);
                } catch (SysException e) {
                    closeQuietly();
                    throw e;
                }
            }
            default -> {
                InetSocketAddress sa = socketAddress(address);
                fd = Sockets.socketTcp(sa);
                try {
                    Sockets.setReuseAddress(fd, true);
                    Sockets.bind(fd, sa);
                    Sockets.listen(fd, backlog);
                } catch (SysException e) {
                    closeQuietly();
                    throw e;
                }
                InetSocketAddress la = Sockets.localAddress(fd);
                localPort = la == null ? sa.getPort() : la.getPort();
            }
        }
    }

    private static InetSocketAddress socketAddress(Address a) throws SysException {
        if (a.isRange()) {
            throw new SysException("bind " + a.text() + " (port ranges are not supported yet)", 0, null);
        }
        try {
            if (a.isAny()) {
                return new InetSocketAddress(a.portLow());
            }
            return new InetSocketAddress(InetAddress.getByName(a.host()), a.portLow());
        } catch (UnknownHostException e) {
            throw new SysException("resolve " + a.host(), 0, e);
        }
    }

    private void closeQuietly() {
        if (fd >= 0) {
            try {
                io.sluice.poller.sys.FdIo.close(fd);
            } catch (SysException ignored) {
                // NOTE: bind failed anyway; the error reported is the bind's.
            }
            fd = -1;
        }
    }

    /**
     * Runs on main before the loops start: inserts the fd for the threads of {@code mask} (group 1) and subscribes
     * to reading. An inherited {@code fd@} socket is given to one thread only: Sluice cannot make it non-blocking,
     * so only one thread may call accept on it, once per event.
     */
    public void register(Pollers p, long mask) {
        this.pollers = p;
        this.table = p.fdTable();
        this.addrBufs = new byte[p.size()][Sockets.ACCEPT_ADDRESS_BYTES];
        this.threadMask = address.family() == Address.Family.FD ? Long.lowestOneBit(mask) : mask;
        table.insert(fd, this, cb, 1, threadMask, 0);
        int tid = Long.numberOfTrailingZeros(threadMask);
        table.wantRecv(fd, p.loop(tid).context());
    }

    /** ACC-1..5: accept until EAGAIN or {@link #MAX_ACCEPT}; runs on a loop thread of the bind. */
    private void onIo(int lfd, ThreadContext ctx) {
        if (lfd != fd || closed) {
            return;
        }
        int max = address.family() == Address.Family.FD ? 1 : MAX_ACCEPT;
        PollLoop loop = pollers.loop(ctx.tid);
        for (int i = 0; i < max; i++) {
            // ACC-1: reserve before accepting, never accept-then-close.
            if (limits != null && !limits.reserve(frontend)) {
                pause(ctx);
                return;
            }
            int cfd;
            try {
                byte[] ab = address.family() == Address.Family.UNIX ? null : addrBufs[ctx.tid];
                cfd = Sockets.accept(lfd, ab);
            } catch (SysException e) {
                if (limits != null) {
                    limits.unreserve(frontend);
                }
                // ACC-2: EMFILE / ENFILE / ECONNABORTED: try again at the next event.
                return;
            }
            if (cfd == Sockets.ACCEPT_AGAIN) {
                // ACC-3
                if (limits != null) {
                    limits.unreserve(frontend);
                }
                table.cantRecv(lfd);
                return;
            }
            // ACC-4
            accepted.incrementAndGet();
            loop.activity().inc(Activity.ACCEPTED);
            if (limits != null) {
                limits.accepted(frontend);
            }
            // ACC-5: the sink owns cfd from here.
            sink.accepted(this, cfd, ctx);
        }
    }

    /** LIM-3: stop polling, then re-check (a release between our reserve and the stop must not be lost). */
    private void pause(ThreadContext ctx) {
        if (paused.compareAndSet(false, true)) {
            limits.paused();
            table.stopRecv(fd);
            table.updtFdPolling(fd, ctx);
        }
        if (limits.hasRoom(frontend)) {
            resume(ctx);
        }
    }

    /** LIM-4: runs on any loop thread; wins the paused flag once, then re-subscribes from a thread of the bind. */
    void resume(ThreadContext ctx) {
        if (closed || !paused.compareAndSet(true, false)) {
            return;
        }
        if ((threadMask & ctx.ltidBit) != 0) {
            table.mayRecv(fd);
            table.wantRecv(fd, ctx);
        } else {
            PollLoop l = pollers.loop(Long.numberOfTrailingZeros(threadMask));
            l.execute(() -> {
                if (!closed) {
                    table.mayRecv(fd);
                    table.wantRecv(fd, l.context());
                }
            });
        }
    }

    /**
     * Runs on any thread: stops accepting (graceful stop): the fd is deleted on a loop thread of the bind. Already
     * accepted connections are not touched.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (table == null) {
            closeQuietly();
            return;
        }
        PollLoop l = pollers.loop(Long.numberOfTrailingZeros(threadMask));
        l.execute(() -> {
            if (table.owner(fd) == this) {
                table.delete(fd, l.context());
            }
            if (address.family() == Address.Family.UNIX) {
                try {
                    Files.deleteIfExists(Path.of(address.path()));
                } catch (java.io.IOException ignored) {
                    // NOTE: a leftover socket file is replaced at the next start.
                }
            }
        });
    }

    /** Runs on any thread: true once {@link #close()} ran on the loop (the fd left the table). */
    public boolean isDeleted() {
        return closed && (table == null || table.owner(fd) != this);
    }

    /** Runs on any thread: true while paused on a limit. */
    public boolean isPaused() {
        return paused.get();
    }

    /** Runs on any thread: true once {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Runs on any thread: the frontend, null for a stats socket. */
    public FrontendRt frontend() {
        return frontend;
    }

    /** Runs on any thread: the bind's name (address text). */
    public String name() {
        return name;
    }

    /** Runs on any thread: the configured address. */
    public Address address() {
        return address;
    }

    /** Runs on any thread: the listening fd. */
    public int fd() {
        return fd;
    }

    /** Runs on any thread: the bound port (0 for UNIX sockets). */
    public int localPort() {
        return localPort;
    }

    /** Runs on any thread: the threads of the bind (ltid bits of group 1). */
    public long threadMask() {
        return threadMask;
    }

    /** Runs on any thread: connections accepted. */
    public long acceptedCount() {
        return accepted.get();
    }

    /** Runs on any thread: the connection limits, null for the stats socket. */
    public Limits limits() {
        return limits;
    }

    /** Runs on any thread: {@code FdState} flags of the fd (diagnostics). */
    public String describeState() {
        return table == null ? "-" : FdState.describe(table.state(fd));
    }
}
