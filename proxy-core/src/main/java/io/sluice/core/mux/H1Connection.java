package io.sluice.core.mux;

import static io.sluice.fdtable.FdState.FD_EV_READY_R;
import static io.sluice.fdtable.FdState.FD_EV_READY_W;

import java.nio.ByteBuffer;

import io.sluice.fdtable.FdTable;
import io.sluice.fdtable.ThreadContext;
import io.sluice.poller.sys.FdIo;
import io.sluice.poller.sys.Sockets;
import io.sluice.poller.sys.SysException;

/**
 * One side of an HTTP/1 connection (HAProxy's {@code h1c}): the fd, its input buffer ({@code [pos, hi)} not yet
 * consumed), its output buffer ({@code [olo, out.position())} not yet written), end-of-input and shut-write
 * flags, byte counters and the connection's idle/keep-alive state (H1C steps in the package documentation).
 * A front and a back instance belong to each pooled {@code HttpStream}; every method runs on the loop thread that
 * owns the stream, and nothing here allocates after construction.
 */
public final class H1Connection {
    /** No fd (released, or a back side not connected yet). */
    public static final int H1C_ST_NONE = 0;
    /** Front: accepted, no byte of a first request yet (HAProxy's embryonic connection). */
    public static final int H1C_ST_EMBRYONIC = 1;
    /** Front: between two transactions, waiting for the next request (WAIT_NEXT_REQ); back: kept, idle. */
    public static final int H1C_ST_IDLE = 2;
    /** A transaction runs on the connection. */
    public static final int H1C_ST_RUNNING = 3;
    /** Front: a reply was sent before the request body ended; the rest of the body is read and dropped. */
    public static final int H1C_ST_DRAINING = 4;
    /** The connection will close once its output is flushed. */
    public static final int H1C_ST_CLOSING = 5;

    /** {@link #flush}: nothing was written. */
    public static final int IO_NONE = 0;
    /** {@link #flush}/{@link #read}: bytes moved (or the end of input was seen). */
    public static final int IO_PROGRESS = 1;
    /** {@link #flush}: the write failed; the peer is gone. */
    public static final int IO_ERROR = -1;

    private final FdTable table;
    private int fd = -1;
    private ByteBuffer in;
    private int pos;
    private int hi;
    private ByteBuffer out;
    private int olo;
    private boolean eof;
    private boolean shutW;
    private long bytesOut;
    private int state = H1C_ST_NONE;

    /** Runs on the owner thread: a connection side bound to {@code table} (no fd, no buffers yet). */
    public H1Connection(FdTable table) {
        this.table = table;
    }

    /** Runs on the owner thread: takes the two buffers of a new session (H1C-1). */
    public void attachBuffers(ByteBuffer input, ByteBuffer output) {
        in = input;
        out = output;
        out.clear();
        pos = hi = olo = 0;
        eof = shutW = false;
        bytesOut = 0;
    }

    /** Runs on the owner thread: gives the buffers back (the caller returns them to its pool). */
    public void detachBuffers() {
        in = out = null;
    }

    /** Runs on the owner thread: the fd is now {@code f} in state {@code st} (input flags reset). */
    public void bind(int f, int st) {
        fd = f;
        state = st;
        eof = false;
        shutW = false;
    }

    /**
     * Runs on the owner thread: H1C-6: deletes the fd (if any) from the table and forgets every buffered byte of
     * this side (a closed connection keeps nothing).
     */
    public void close(ThreadContext ctx) {
        int f = fd;
        if (f >= 0) {
            fd = -1;
            table.delete(f, ctx);
        }
        state = H1C_ST_NONE;
        if (out != null) {
            out.clear();
        }
        olo = 0;
        pos = hi = 0;
        eof = false;
        shutW = false;
    }

    /**
     * Runs on the owner thread: H1C-6 for a failed connect attempt: the fd is deleted, but the output (the request
     * that was never sent) is kept for the next attempt.
     */
    public void dropFd(ThreadContext ctx) {
        int f = fd;
        if (f >= 0) {
            fd = -1;
            table.delete(f, ctx);
        }
        state = H1C_ST_NONE;
        pos = hi = 0;
        eof = false;
        shutW = false;
    }

    /** Runs on the owner thread: the fd, -1 when none. */
    public int fd() {
        return fd;
    }

    /** Runs on the owner thread: an fd is bound. */
    public boolean hasFd() {
        return fd >= 0;
    }

    /** Runs on the owner thread: H1C_ST_* state. */
    public int state() {
        return state;
    }

    /** Runs on the owner thread: sets the H1C_ST_* state. */
    public void state(int st) {
        state = st;
    }

    /** Runs on the owner thread: the input buffer. */
    public ByteBuffer in() {
        return in;
    }

    /** Runs on the owner thread: the output buffer (bytes to send are [{@link #olo()}, position)). */
    public ByteBuffer out() {
        return out;
    }

    /** Runs on the owner thread: first unconsumed input byte. */
    public int pos() {
        return pos;
    }

    /** Runs on the owner thread: consumes input up to {@code p} (an empty input restarts at 0 when asked). */
    public void pos(int p) {
        pos = p;
    }

    /** Runs on the owner thread: end of valid input. */
    public int hi() {
        return hi;
    }

    /** Runs on the owner thread: unconsumed input bytes. */
    public int avail() {
        return hi - pos;
    }

    /** Runs on the owner thread: the input buffer is full. */
    public boolean inFull() {
        return hi == in.capacity();
    }

    /** Runs on the owner thread: drops all input (consumed or not) and restarts at offset 0. */
    public void resetInput() {
        pos = hi = 0;
    }

    /** Runs on the owner thread: first unwritten output byte. */
    public int olo() {
        return olo;
    }

    /** Runs on the owner thread: output bytes wait to be sent. */
    public boolean outPending() {
        return out.position() > olo;
    }

    /** Runs on the owner thread: free room at the end of the output buffer. */
    public int outRoom() {
        return out.capacity() - out.position();
    }

    /** Runs on the owner thread: forgets pending output (an error page replaces it). */
    public void clearOutput() {
        out.clear();
        olo = 0;
    }

    /** Runs on the owner thread: the peer closed its write side (read returned 0) or the read failed. */
    public boolean eof() {
        return eof;
    }

    /** Runs on the owner thread: marks the input as ended (no more reads: a closing reply, a drop). */
    public void eof(boolean e) {
        eof = e;
    }

    /** Runs on the owner thread: our write side is shut (tunnel half-close). */
    public boolean shutW() {
        return shutW;
    }

    /** Runs on the owner thread: bytes written to this side since the session started. */
    public long bytesOut() {
        return bytesOut;
    }

    /** Runs on the owner thread: H1C-2: moves the unconsumed input to offset 0. */
    public void compact() {
        if (pos == 0) {
            return;
        }
        int n = hi - pos;
        if (n > 0) {
            in.clear();
            in.put(0, in, pos, n);
        }
        pos = 0;
        hi = n;
    }

    /**
     * Runs on the owner thread: H1C-3: reads while the fd is ready and the buffer has room; when the buffer is full
     * and {@code mayCompact}, first moves the unconsumed bytes to the start. Returns the number of bytes read (0
     * none), with {@link #eof()} set on a FIN or a read error; {@code -1} if only the FIN was seen.
     */
    public int read(boolean mayCompact) {
        if (fd < 0 || eof) {
            return 0;
        }
        if (hi == in.capacity() && pos > 0 && mayCompact) {
            compact();
        }
        int total = 0;
        boolean fin = false;
        while (!eof && hi < in.capacity() && (table.state(fd) & FD_EV_READY_R) != 0) {
            int n;
            try {
                n = FdIo.read(fd, in, hi, in.capacity());
            } catch (SysException e) {
                n = FdIo.EOF;
            }
            if (n > 0) {
                hi += n;
                total += n;
            } else if (n == FdIo.EOF) {
                eof = true;
                fin = true;
            } else {
                table.cantRecv(fd);
            }
        }
        return total > 0 ? total : fin ? -1 : 0;
    }

    /**
     * Runs on the owner thread: H1C-4: writes the output while the fd is ready; an emptied buffer restarts at 0.
     * Returns IO_PROGRESS, IO_NONE or IO_ERROR (the caller ends the session).
     */
    public int flush() {
        if (fd < 0 || out.position() == olo) {
            return IO_NONE;
        }
        int r = IO_NONE;
        while (out.position() > olo && (table.state(fd) & FD_EV_READY_W) != 0) {
            int n;
            try {
                n = FdIo.write(fd, out, olo, out.position());
            } catch (SysException e) {
                return IO_ERROR;
            }
            if (n > 0) {
                olo += n;
                bytesOut += n;
                r = IO_PROGRESS;
            } else {
                table.cantSend(fd);
            }
        }
        if (out.position() == olo) {
            out.clear();
            olo = 0;
        }
        return r;
    }

    /**
     * Runs on the owner thread: copies up to {@code n} unconsumed input bytes as they are to {@code dst}'s output
     * (tunnel); returns the count.
     */
    public int copyRawTo(H1Connection dst) {
        ByteBuffer o = dst.out;
        int n = Math.min(o.capacity() - o.position(), hi - pos);
        if (n <= 0) {
            return 0;
        }
        o.put(o.position(), in, pos, n);
        o.position(o.position() + n);
        pos += n;
        if (pos == hi) {
            pos = hi = 0;
        }
        return n;
    }

    /**
     * Runs on the owner thread: appends bytes received elsewhere (a connection handed over with data already read)
     * to the input, as many as fit; returns the count.
     */
    public int receive(ByteBuffer src) {
        int n = Math.min(src.remaining(), in.capacity() - hi);
        in.put(hi, src, src.position(), n);
        src.position(src.position() + n);
        hi += n;
        return n;
    }

    /** Runs on the owner thread: drops unconsumed input (draining a body nobody wants); returns the count. */
    public int discard() {
        int n = hi - pos;
        pos = hi = 0;
        return n;
    }

    /** Runs on the owner thread: H1C-5: shuts our write side (FIN to the peer) once. */
    public void shutdownWrite() {
        if (shutW) {
            return;
        }
        shutW = true;
        try {
            Sockets.shutdown(fd, false, true);
        } catch (SysException ignored) {
            // NOTE: the peer is gone; its read side reports it.
        }
    }

    /**
     * Runs on the owner thread: H1C-7: polls for reads while {@code wantRead} and the buffer has room, for writes
     * while output waits.
     */
    public void subscribe(ThreadContext ctx, boolean wantRead) {
        if (fd < 0) {
            return;
        }
        if (wantRead && !eof && hi < in.capacity()) {
            table.wantRecv(fd, ctx);
        } else {
            table.stopRecv(fd);
        }
        if (out.position() > olo) {
            table.wantSend(fd, ctx);
        } else {
            table.stopSend(fd);
        }
    }
}
