package io.sluice.core.h1;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A reply compiled at start (error page, errorfile, {@code http-request return}, redirect
 * without per-request parts): the status line and headers as bytes, without the connection
 * header, and the body. The runtime copies it into an output buffer with the connection header
 * of the chosen mode ({@link #write}). Immutable; usable from any thread.
 */
public final class PreparedReply {

    /** No {@code connection} header is emitted. */
    public static final int CONN_NONE = 0;
    /** {@code connection: keep-alive} is emitted (HTTP/1.0 keep-alive client). */
    public static final int CONN_KEEP_ALIVE = 1;
    /** {@code connection: close} is emitted (closing an HTTP/1.1 client). */
    public static final int CONN_CLOSE = 2;

    static final byte[] CONNECTION_KEEP_ALIVE = ascii("connection: keep-alive\r\n");
    static final byte[] CONNECTION_CLOSE = ascii("connection: close\r\n");
    static final byte[] CRLF = ascii("\r\n");

    private final int status;
    private final byte[] head;
    private final byte[] body;
    private final boolean closes;

    /**
     * @param status the status code
     * @param head the status line and header lines, each ending with CRLF, without the empty line
     * @param body the body (may be empty)
     * @param closes true when the reply always closes the client connection (400, 408)
     */
    public PreparedReply(int status, byte[] head, byte[] body, boolean closes) {
        this.status = status;
        this.head = head.clone();
        this.body = body.clone();
        this.closes = closes;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The status code. */
    public int status() {
        return status;
    }

    /** True when HAProxy closes the connection after this reply (its template says close). */
    public boolean closes() {
        return closes;
    }

    /** Body length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    /** Bytes {@link #write} needs at most. */
    public int maxLength() {
        return head.length + CONNECTION_KEEP_ALIVE.length + CRLF.length + body.length;
    }

    /**
     * Writes the reply at {@code out}'s position; runs on the loop thread owning {@code out}.
     *
     * @param connHeader {@link #CONN_NONE}, {@link #CONN_KEEP_ALIVE} or {@link #CONN_CLOSE}
     * @param headRequest true to skip the body (reply to HEAD; content-length kept)
     * @return the number of bytes written, or -1 when {@code out} lacks room (nothing written)
     */
    public int write(ByteBuffer out, int connHeader, boolean headRequest) {
        byte[] conn = connHeader == CONN_CLOSE ? CONNECTION_CLOSE
                : connHeader == CONN_KEEP_ALIVE ? CONNECTION_KEEP_ALIVE : null;
        int len = head.length + (conn == null ? 0 : conn.length) + CRLF.length + (headRequest ? 0 : body.length);
        if (out.remaining() < len) {
            return -1;
        }
        out.put(head);
        if (conn != null) {
            out.put(conn);
        }
        out.put(CRLF);
        if (!headRequest) {
            out.put(body);
        }
        return len;
    }

    /** Test/debug helper: the bytes {@link #write} produces, as ISO-8859-1 text (allocates). */
    public String render(int connHeader, boolean headRequest) {
        ByteBuffer b = ByteBuffer.allocate(maxLength());
        write(b, connHeader, headRequest);
        return new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1);
    }
}
