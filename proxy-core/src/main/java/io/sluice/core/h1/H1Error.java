package io.sluice.core.h1;

/**
 * Why the H1 parser or the body decoder rejected a message, with the status HAProxy 3.0 answers
 * for a request ({@link #requestStatus}); a response error is always a 502 to the client. Pure
 * constants; usable from any thread.
 */
public enum H1Error {
    /** No error. */
    NONE(0),
    /** The request line is malformed (bad method, URI or separator). */
    BAD_REQUEST_LINE(400),
    /** The {@code PRI} method (an H2 preface; Sluice has no H2 mux, HAProxy's stream answers 400). */
    PRI_METHOD(400),
    /** The version is not {@code HTTP/d.d}. */
    BAD_VERSION(400),
    /** A request line without a version (HTTP/0.9). */
    HTTP09(400),
    /** The URI form does not fit the method (CONNECT/authority/asterisk rules), or is empty. */
    BAD_URI_FORM(400),
    /** The status line of a response is malformed. */
    BAD_STATUS_LINE(400),
    /** A header name is empty or holds a non-token character (including a space before the colon). */
    BAD_HEADER_NAME(400),
    /** A header line has no colon. */
    NO_COLON(400),
    /** A NUL byte in a header value. */
    NUL_IN_VALUE(400),
    /** A CR not followed by LF. */
    BARE_CR(400),
    /** More than {@code tune.http.maxhdr - 1} header lines. */
    TOO_MANY_HEADERS(400),
    /** The header block does not fit the buffer (3.0 answers 400; 3.1+ 414/431). */
    HEAD_TOO_LARGE(400),
    /** A Content-Length element is empty, signed, not digits or overflows. */
    BAD_CONTENT_LENGTH(400),
    /** Content-Length values differ. */
    DIFFERENT_CONTENT_LENGTH(400),
    /** {@code chunked} twice, a coding after chunked, or chunked not last in a request. */
    BAD_TRANSFER_ENCODING(400),
    /** A request coding other than chunked before a final chunked ({@code gzip, chunked}). */
    UNKNOWN_TRANSFER_CODING(422),
    /** Two Host headers with different values, or a Host that contradicts the URI's authority. */
    HOST_CONFLICT(400),
    /** HTTP/1.0 GET/HEAD/DELETE with a body. */
    PAYLOAD_ON_10(413),
    /** A WebSocket upgrade without a 24-character Sec-WebSocket-Key. */
    BAD_WEBSOCKET_KEY(400),
    /** A chunk size line is malformed or too large, or the CRLF after the data is missing. */
    BAD_CHUNK(400),
    /** A trailer line is malformed. */
    BAD_TRAILER(400),
    /** The peer closed before the announced body length was received. */
    TRUNCATED_BODY(400);

    /** The status answered to a client for this error in a request. */
    public final int requestStatus;

    H1Error(int requestStatus) {
        this.requestStatus = requestStatus;
    }
}
