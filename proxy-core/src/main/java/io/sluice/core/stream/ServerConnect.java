package io.sluice.core.stream;

import static io.sluice.fdtable.FdState.FD_EV_ERR_RW;
import static io.sluice.fdtable.FdState.FD_EV_READY_W;
import static io.sluice.fdtable.FdState.FD_POLL_ERR;
import static io.sluice.fdtable.FdState.FD_POLL_HUP;

import java.net.InetSocketAddress;

import io.sluice.fdtable.FdTable;
import io.sluice.fdtable.IoCallback;
import io.sluice.fdtable.ThreadContext;
import io.sluice.poller.sys.FdIo;
import io.sluice.poller.sys.Sockets;
import io.sluice.poller.sys.SysException;

/**
 * The connect attempt shared by {@link TcpStream} (SES-2/3) and {@link HttpStream} (HS-7/8): one socket, one
 * non-blocking connect, the fd inserted for the calling loop thread only, and the reading of an attempt's outcome
 * once the poller reports the fd. Seed 002's rule lives in the callers: only the outcome wakes the stream, and a
 * failed fd is deleted before the next attempt, which runs from the stream's task.
 */
final class ServerConnect {
    /** {@link #attempt}: connected at once; the fd is in the table. */
    static final int CONNECTED = 0;
    /** {@link #attempt}: in progress; the fd is in the table and subscribed for send. */
    static final int IN_PROGRESS = 1;
    /** {@link #attempt}: no socket could be created (a local resource error, HAProxy's {@code R} flag). */
    static final int NO_SOCKET = 2;
    /** {@link #attempt}: refused at once; the fd never entered the table and is closed. */
    static final int REFUSED = 3;

    /** {@link #outcome}: the event was not about the connect (no write readiness nor error yet). */
    static final int PENDING = 0;
    /** {@link #outcome}: connected. */
    static final int OK = 1;
    /** {@link #outcome}: failed (SO_ERROR set, or unreadable). */
    static final int FAILED = 2;

    private ServerConnect() {
    }

    /**
     * Runs on the stream's loop thread: starts one connect to {@code addr}. On CONNECTED or IN_PROGRESS the new fd is
     * stored in {@code fds[slot]} and inserted with {@code owner}/{@code cb} for this thread; otherwise
     * {@code fds[slot]} is -1. The caller arms its connect timeout.
     */
    static int attempt(InetSocketAddress addr, int[] fds, int slot, Object owner, IoCallback cb, FdTable table,
                       ThreadContext ctx) {
        int sfd;
        try {
            sfd = Sockets.socketTcp(addr);
        } catch (SysException e) {
            fds[slot] = -1;
            return NO_SOCKET;
        }
        try {
            Sockets.setTcpNoDelay(sfd, true);
            boolean done = Sockets.connect(sfd, addr);
            fds[slot] = sfd;
            table.insert(sfd, owner, cb, ctx.tgid, ctx.ltidBit, 0);
            if (done) {
                return CONNECTED;
            }
            table.wantSend(sfd, ctx);
            return IN_PROGRESS;
        } catch (SysException e) {
            // Immediate refusal: the fd never entered the table.
            try {
                FdIo.close(sfd);
            } catch (SysException ignored) {
                // NOTE: the number is released anyway.
            }
            fds[slot] = -1;
            return REFUSED;
        }
    }

    /** Runs on the fd's loop thread: the outcome of the attempt on {@code fd} after the poller reported it. */
    static int outcome(FdTable table, int fd) {
        int st = table.state(fd);
        if ((st & (FD_EV_READY_W | FD_EV_ERR_RW | FD_POLL_ERR | FD_POLL_HUP)) == 0) {
            return PENDING;
        }
        int err;
        try {
            err = Sockets.soError(fd);
        } catch (SysException e) {
            err = e.errno() == 0 ? -1 : e.errno();
        }
        return err == 0 ? OK : FAILED;
    }
}
