package io.sluice.core.stats;

import static io.sluice.fdtable.FdState.FD_EV_READY_R;
import static io.sluice.fdtable.FdState.FD_EV_READY_W;

import java.nio.ByteBuffer;

import io.sluice.core.cli.CliSession;
import io.sluice.fdtable.FdTable;
import io.sluice.fdtable.IoCallback;
import io.sluice.fdtable.ThreadContext;
import io.sluice.poller.PollLoop;
import io.sluice.poller.Task;
import io.sluice.poller.Ticks;
import io.sluice.poller.sys.FdIo;
import io.sluice.poller.sys.Sockets;
import io.sluice.poller.sys.SysException;

/**
 * One stats-socket connection: moves bytes between its fd and a {@link CliSession} on the accepting loop thread
 * (CLI-T steps in the package documentation). Cold path: it allocates its buffers per connection.
 */
final class CliConn {
    private final int fd;
    private final FdTable table;
    private final PollLoop loop;
    private final CliSession session;
    private final ByteBuffer in = ByteBuffer.allocateDirect(16384);
    private final ByteBuffer out = ByteBuffer.allocateDirect(16384);
    private final Task timer;
    private final long timeoutMs;
    private final java.util.function.Consumer<Throwable> onError;
    private boolean inputClosed;
    private boolean closed;

    CliConn(int fd, PollLoop loop, CliSession session, long timeoutMs, java.util.function.Consumer<Throwable> onError) {
        this.fd = fd;
        this.onError = onError;
        this.loop = loop;
        this.table = loop.pollers().fdTable();
        this.session = session;
        this.timeoutMs = timeoutMs;
        this.out.limit(0);
        this.timer = new Task(loop, (self, c, s) -> {
            if (!closed && Ticks.isExpired(((Task) self).expire, Ticks.now())) {
                close();
                return null;
            }
            return closed ? null : self;
        }, this);
    }

    /** Runs on the owner thread: registers the fd and starts reading. */
    void start(ThreadContext ctx) {
        IoCallback cb = (f, c) -> {
            try {
                onIo();
            } catch (RuntimeException e) {
                // NOTE: the poller would survive the exception, but the connection would stay open with a
                // half-parsed command; close it instead.
                onError.accept(e);
                close();
            }
        };
        table.insert(fd, this, cb, ctx.tgid, ctx.ltidBit, 0);
        table.wantRecv(fd, ctx);
        rearm();
    }

    private void rearm() {
        timer.expire = Ticks.add(Ticks.now(), timeoutMs);
        if (Ticks.isSet(timer.expire)) {
            timer.schedule(timer.expire);
        }
    }

    /** CLI-T-1..4: read, feed, write, close when the session says so; runs on the owner thread. */
    private void onIo() {
        if (closed) {
            return;
        }
        try {
            boolean progress;
            do {
                progress = false;
                // CLI-T-1: flush output.
                while (true) {
                    if (!out.hasRemaining()) {
                        out.clear();
                        session.writeTo(out);
                        out.flip();
                        if (!out.hasRemaining()) {
                            break;
                        }
                    }
                    if ((table.state(fd) & FD_EV_READY_W) == 0) {
                        break;
                    }
                    int n = FdIo.write(fd, out, out.position(), out.limit());
                    if (n <= 0) {
                        table.cantSend(fd);
                        break;
                    }
                    out.position(out.position() + n);
                    progress = true;
                }
                // CLI-T-2: read and feed while the session takes input.
                if (!inputClosed && (table.state(fd) & FD_EV_READY_R) != 0 && in.position() < in.capacity()) {
                    int n = FdIo.read(fd, in, in.position(), in.capacity());
                    if (n > 0) {
                        in.position(in.position() + n);
                        progress = true;
                        rearm();
                    } else if (n == FdIo.EOF) {
                        inputClosed = true;
                        progress = true;
                    } else {
                        table.cantRecv(fd);
                    }
                }
                if (in.position() > 0) {
                    in.flip();
                    int took = session.onInput(in);
                    in.compact();
                    progress |= took > 0;
                }
                if (inputClosed && in.position() == 0) {
                    session.onInputClosed();
                }
            } while (progress && !session.wantsClose());
            // CLI-T-3: close once the session is done and everything was written.
            if ((session.wantsClose() || (inputClosed && !session.hasOutput())) && !out.hasRemaining()) {
                close();
                return;
            }
            // CLI-T-4: subscriptions.
            if (out.hasRemaining() || session.hasOutput()) {
                table.wantSend(fd, loop.context());
            } else {
                table.stopSend(fd);
            }
            if (!inputClosed) {
                table.wantRecv(fd, loop.context());
            } else {
                table.stopRecv(fd);
            }
        } catch (SysException e) {
            close();
        }
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Sockets.shutdown(fd, false, true);
        } catch (SysException ignored) {
            // NOTE: peer gone.
        }
        table.delete(fd, loop.context());
        timer.kill();
    }
}
