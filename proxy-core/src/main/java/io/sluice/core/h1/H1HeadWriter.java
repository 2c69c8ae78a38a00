package io.sluice.core.h1;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

/**
 * Serialises a parsed head for the other side: the start line (requests: {@code METHOD URI
 * HTTP/1.1}, or the original version below 1.1; responses: {@code HTTP/1.1 code reason}), the live
 * header lines in their order with lower-case names, the rule edits ({@link #deleteAll} and
 * {@link AddedHeaders}), {@code x-forwarded-for}, and the {@code connection} header of the mode.
 * {@code connection} headers are rewritten without their close/keep-alive tokens (dropped when
 * nothing remains); {@code te} is reduced to {@code trailers} or dropped; on 1xx and 204 responses
 * C-L and T-E are dropped. Runs on the loop thread that
 * owns both buffers; allocates nothing.
 */
public final class H1HeadWriter {

    /**
     * Thrown (preallocated, never filled) when the output lacks room; every writer catches it and
     * restores the position. NOTE: shared between threads, harmless because it carries no state.
     */
    static final BufferOverflowException OVERFLOW = new BufferOverflowException();

    private static final byte[] HTTP11 = HeaderTable.bytes("HTTP/1.1");
    private static final byte[] COLON_SP = HeaderTable.bytes(": ");
    private static final byte[] CONNECTION = HeaderTable.bytes("connection");
    private static final byte[] XFF = HeaderTable.bytes("x-forwarded-for: ");
    private static final byte[] CLOSE = HeaderTable.bytes("close");
    private static final byte[] KEEP_ALIVE = HeaderTable.bytes("keep-alive");
    private static final byte[] TRAILERS = HeaderTable.bytes("trailers");
    private static final byte[] TE_TRAILERS = HeaderTable.bytes("te: trailers\r\n");

    private H1HeadWriter() {
    }

    /** Marks every live header named {@code lowerName} deleted ({@code del-header}, first half of set). */
    public static int deleteAll(HeaderTable h, byte[] lowerName) {
        int n = 0;
        for (int i = h.find(lowerName, 0); i >= 0; i = h.find(lowerName, i + 1)) {
            h.delete(i);
            n++;
        }
        return n;
    }

    /**
     * Writes the request head of {@code req} to {@code out}.
     *
     * @param added extra header lines from rules (may be null)
     * @param xffValue the client address for {@code option forwardfor}, null when off
     * @param connHeader a {@code PreparedReply.CONN_*} value
     * @return bytes written, or -1 when {@code out} lacks room (position restored)
     */
    public static int writeRequest(ByteBuffer out, H1Parser req, AddedHeaders added, byte[] xffValue,
                                   int connHeader) {
        return writeRequest(out, req, added, XFF, xffValue, connHeader);
    }

    /**
     * Writes the request head of {@code req} to {@code out}, with {@code xffName} ({@code "<name>: "}, lower case)
     * as the forwardfor header's name; otherwise as {@link #writeRequest(ByteBuffer, H1Parser, AddedHeaders, byte[],
     * int)}.
     */
    public static int writeRequest(ByteBuffer out, H1Parser req, AddedHeaders added, byte[] xffName, byte[] xffValue,
                                   int connHeader) {
        int start = out.position();
        ByteBuffer in = req.buffer();
        try {
            copy(in, req.methodStart(), req.methodEnd(), out);
            out.put((byte) ' ');
            copy(in, req.uriStart(), req.uriEnd(), out);
            out.put((byte) ' ');
            if ((req.flags() & H1Flags.H1_MF_VER_11) != 0) {
                out.put(HTTP11);
            } else {
                copy(in, req.versionStart(), req.versionEnd(), out);
            }
            out.put(PreparedReply.CRLF);
            headers(out, req, false);
            if (added != null) {
                added.writeTo(out);
            }
            if (xffValue != null) {
                out.put(xffName).put(xffValue).put(PreparedReply.CRLF);
            }
            end(out, connHeader);
        } catch (BufferOverflowException e) {
            out.position(start);
            return -1;
        }
        return out.position() - start;
    }

    /** Writes the response head of {@code res} to {@code out}; same contract as {@link #writeRequest}. */
    public static int writeResponse(ByteBuffer out, H1Parser res, AddedHeaders added, int connHeader) {
        int start = out.position();
        ByteBuffer in = res.buffer();
        try {
            out.put(HTTP11).put((byte) ' ');
            int st = res.status();
            out.put((byte) ('0' + st / 100 % 10)).put((byte) ('0' + st / 10 % 10)).put((byte) ('0' + st % 10));
            out.put((byte) ' ');
            copy(in, res.reasonStart(), res.reasonEnd(), out);
            out.put(PreparedReply.CRLF);
            headers(out, res, (st >= 100 && st < 200) || st == 204);
            if (added != null) {
                added.writeTo(out);
            }
            end(out, connHeader);
        } catch (BufferOverflowException e) {
            out.position(start);
            return -1;
        }
        return out.position() - start;
    }

    private static void headers(ByteBuffer out, H1Parser p, boolean dropLength) {
        HeaderTable h = p.headers();
        ByteBuffer in = h.buffer();
        for (int i = 0; i < h.count(); i++) {
            if (h.isDeleted(i)) {
                continue;
            }
            byte id = h.id(i);
            if (dropLength && (id == HeaderTable.ID_CONTENT_LENGTH || id == HeaderTable.ID_TRANSFER_ENCODING)) {
                continue;
            }
            if (id == HeaderTable.ID_CONNECTION) {
                connectionTokens(out, in, h.valueStart(i), h.valueEnd(i));
                continue;
            }
            if (id == HeaderTable.ID_TE) {
                // TE on output is reduced to "trailers" or dropped.
                if (H1HeaderRules.hasToken(in, h.valueStart(i), h.valueEnd(i), TRAILERS)) {
                    out.put(TE_TRAILERS);
                }
                continue;
            }
            copy(in, h.nameStart(i), h.nameEnd(i), out);
            out.put(COLON_SP);
            copy(in, h.valueStart(i), h.valueEnd(i), out);
            out.put(PreparedReply.CRLF);
        }
    }

    /** RULE-4 on output: a connection header keeps its tokens other than close and keep-alive. */
    private static void connectionTokens(ByteBuffer out, ByteBuffer in, int s, int e) {
        boolean first = true;
        int q = s;
        while (q < e) {
            int c = in.get(q);
            if (c == ' ' || c == '\t' || c == ',') {
                q++;
                continue;
            }
            int ws = q;
            while (q < e && in.get(q) != ',') {
                q++;
            }
            int we = q;
            while (we > ws && (in.get(we - 1) == ' ' || in.get(we - 1) == '\t')) {
                we--;
            }
            boolean drop = (we - ws == CLOSE.length && HeaderTable.regionEquals(in, ws, CLOSE, true))
                    || (we - ws == KEEP_ALIVE.length && HeaderTable.regionEquals(in, ws, KEEP_ALIVE, true));
            if (drop) {
                continue;
            }
            if (first) {
                out.put(CONNECTION).put(COLON_SP);
                first = false;
            } else {
                out.put((byte) ',').put((byte) ' ');
            }
            copy(in, ws, we, out);
        }
        if (!first) {
            out.put(PreparedReply.CRLF);
        }
    }

    private static void end(ByteBuffer out, int connHeader) {
        if (connHeader == PreparedReply.CONN_CLOSE) {
            out.put(PreparedReply.CONNECTION_CLOSE);
        } else if (connHeader == PreparedReply.CONN_KEEP_ALIVE) {
            out.put(PreparedReply.CONNECTION_KEEP_ALIVE);
        }
        out.put(PreparedReply.CRLF);
    }

    /** Bulk copy of {@code in[s, e)} to {@code out}'s position (a memory copy for direct buffers). */
    static void copy(ByteBuffer in, int s, int e, ByteBuffer out) {
        int len = e - s;
        int at = out.position();
        if (out.limit() - at < len) {
            throw OVERFLOW;
        }
        out.put(at, in, s, len);
        out.position(at + len);
    }
}
