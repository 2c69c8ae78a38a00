package io.sluice.core.h1;

import java.nio.ByteBuffer;

/**
 * Builders for the replies HAProxy generates at the stream level: {@code http-request return}
 * (compiled once, {@link #compileReturn}) and redirects ({@link #writeRedirect}, per request:
 * location, prefix + path, or scheme + host + path). Status lines use HAProxy's standard reasons.
 * Compilation runs at start; {@link #writeRedirect} runs on the loop thread owning the buffers and
 * allocates nothing.
 */
public final class Replies {

    /** {@code redirect location}. */
    public static final int REDIRECT_LOCATION = 0;
    /** {@code redirect prefix}. */
    public static final int REDIRECT_PREFIX = 1;
    /** {@code redirect scheme}. */
    public static final int REDIRECT_SCHEME = 2;

    /** The interim reply HAProxy sends itself when it must wait for the body of an Expect request. */
    public static final PreparedReply CONTINUE_100 = new PreparedReply(100,
            PreparedReply.ascii("HTTP/1.1 100 Continue\r\n"), new byte[0], false);

    private static final byte[] CONTENT_LENGTH_0 = PreparedReply.ascii("content-length: 0\r\n");
    private static final byte[] LOCATION = PreparedReply.ascii("location: ");
    private static final byte[] NO_CACHE = PreparedReply.ascii("cache-control: no-cache\r\n");
    private static final byte[] SCHEME_SEP = PreparedReply.ascii("://");
    private static final byte[][] REDIRECT_LINES = new byte[9][];

    static {
        for (int code : new int[] {301, 302, 303, 307, 308}) {
            REDIRECT_LINES[code - 300] = PreparedReply.ascii("HTTP/1.1 " + code + " " + reason(code) + "\r\n");
        }
    }

    private Replies() {
    }

    /** HAProxy's standard reason phrase for {@code status} ({@code http_get_reason}). */
    public static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 102 -> "Processing";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 203 -> "Non-Authoritative Information";
            case 204 -> "No Content";
            case 205 -> "Reset Content";
            case 206 -> "Partial Content";
            case 300 -> "Multiple Choices";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 305 -> "Use Proxy";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 407 -> "Proxy Authentication Required";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Payload Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Requested range unsatisfiable";
            case 417 -> "Expectation failed";
            case 418 -> "I'm a teapot";
            case 421 -> "Misdirected Request";
            case 422 -> "Unprocessable Content";
            case 425 -> "Too Early";
            case 426 -> "Upgrade Required";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 451 -> "Unavailable For Legal Reasons";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "Other";
        };
    }

    /**
     * Compiles {@code http-request return status <status> [content-type <ct>] [string|file <body>]}:
     * the standard reason, {@code content-length} always, {@code content-type} only with a body.
     */
    public static PreparedReply compileReturn(int status, String contentType, byte[] body) {
        byte[] b = body == null ? new byte[0] : body;
        StringBuilder sb = new StringBuilder();
        sb.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        sb.append("content-length: ").append(b.length).append("\r\n");
        if (b.length > 0 && contentType != null) {
            sb.append("content-type: ").append(contentType).append("\r\n");
        }
        return new PreparedReply(status, PreparedReply.ascii(sb.toString()), b, false);
    }

    /**
     * Writes a redirect reply for the request {@code req} (a parser holding a complete request
     * head); runs on the loop thread owning both buffers. Headers, in HAProxy's order:
     * {@code content-length: 0}, {@code location}, {@code cache-control: no-cache} for 302/303/307,
     * then the connection header of the mode; no body.
     *
     * @param type {@link #REDIRECT_LOCATION}, {@link #REDIRECT_PREFIX} or {@link #REDIRECT_SCHEME}
     * @param target the location, prefix or scheme bytes
     * @param dropQuery the {@code drop-query} option
     * @param appendSlash the {@code append-slash} option (with drop-query)
     * @return bytes written; 0 when the rule does not apply (scheme redirect without Host); -1
     *         when {@code out} lacks room (its position is then restored)
     */
    public static int writeRedirect(ByteBuffer out, int code, int type, byte[] target, boolean dropQuery,
                                    boolean appendSlash, H1Parser req, int connHeader) {
        ByteBuffer in = req.buffer();
        int start = out.position();
        int ps = req.uriStart();
        int pe = req.uriEnd();
        if ((req.flags() & H1Flags.H1_MF_ABS_URI) != 0) {
            ps = req.authorityEnd;
            if (ps == pe) {
                ps = pe; // empty path: "/" is written below
            }
        }
        if (dropQuery) {
            for (int i = ps; i < pe; i++) {
                if (in.get(i) == '?') {
                    pe = i;
                    break;
                }
            }
        }
        int host = -1;
        if (type == REDIRECT_SCHEME) {
            host = req.headers().findId(HeaderTable.ID_HOST, 0);
            if (host < 0) {
                return 0;
            }
        }
        try {
            out.put(REDIRECT_LINES[code - 300]);
            out.put(CONTENT_LENGTH_0);
            out.put(LOCATION);
            if (type == REDIRECT_LOCATION) {
                out.put(target);
            } else {
                if (type == REDIRECT_SCHEME) {
                    out.put(target).put(SCHEME_SEP);
                    copy(in, req.headers().valueStart(host), req.headers().valueEnd(host), out);
                } else if (!(target.length == 1 && target[0] == '/')) {
                    out.put(target); // HAProxy omits a prefix of exactly "/"
                }
                if (ps == pe) {
                    out.put((byte) '/');
                } else {
                    copy(in, ps, pe, out);
                    if (dropQuery && appendSlash && in.get(pe - 1) != '/') {
                        out.put((byte) '/');
                    }
                }
            }
            out.put(PreparedReply.CRLF);
            if (code == 302 || code == 303 || code == 307) {
                out.put(NO_CACHE);
            }
            if (connHeader == PreparedReply.CONN_CLOSE) {
                out.put(PreparedReply.CONNECTION_CLOSE);
            } else if (connHeader == PreparedReply.CONN_KEEP_ALIVE) {
                out.put(PreparedReply.CONNECTION_KEEP_ALIVE);
            }
            out.put(PreparedReply.CRLF);
        } catch (java.nio.BufferOverflowException e) {
            out.position(start);
            return -1;
        }
        return out.position() - start;
    }

    /** Bulk copy of {@code in[s, e)} to {@code out}'s position (a memory copy for direct buffers). */
    static void copy(ByteBuffer in, int s, int e, ByteBuffer out) {
        int len = e - s;
        int at = out.position();
        if (out.limit() - at < len) {
            throw H1HeadWriter.OVERFLOW;
        }
        out.put(at, in, s, len);
        out.position(at + len);
    }
}
