package io.sluice.core.h1;

import static io.sluice.core.h1.H1Chars.isHex;
import static io.sluice.core.h1.H1Chars.isSpHt;
import static io.sluice.core.h1.H1Chars.isToken;

import java.nio.ByteBuffer;

/**
 * The streaming body framer of one message: Content-Length counting, HAProxy's strict chunked
 * decoder (size, extensions, data CRLF, trailers), or close-delimited. It validates and measures
 * the bytes the mux forwards as they are (never buffering the body) and stops exactly at the end
 * of the message, so pipelined bytes that follow are left for the next head. Resumable at any
 * byte boundary (CHK-1..CHK-6 below). Owned by one connection's loop thread; allocates nothing.
 */
public final class H1BodyDecoder {

    /** More body bytes are expected. */
    public static final int MORE = 0;
    /** The message body (and trailers) ended. */
    public static final int DONE = 1;
    /** The framing is invalid; see {@link #error()}. */
    public static final int ERROR = -1;

    /** Largest chunk size HAProxy accepts: 13 hex digits (2^52 − 1). */
    static final int MAX_CHUNK_SIZE_DIGITS = 13;

    private static final int M_NONE = 0;
    private static final int M_LENGTH = 1;
    private static final int M_CHUNKED = 2;
    private static final int M_CLOSE = 3;

    private static final int S_SIZE_FIRST = 0;
    private static final int S_SIZE = 1;
    private static final int S_SIZE_WS = 2;
    private static final int S_EXT = 3;
    private static final int S_SIZE_LF = 4;
    private static final int S_DATA = 5;
    private static final int S_DATA_CR = 6;
    private static final int S_DATA_LF = 7;
    private static final int S_TRL_START = 8;
    private static final int S_TRL_END_LF = 9;
    private static final int S_TRL_NAME = 10;
    private static final int S_TRL_VALUE = 11;
    private static final int S_TRL_VALUE_LF = 12;

    private final int maxTrailers;
    private final int maxTrailerBytes;

    private int mode;
    private int state;
    private int result;
    private long remaining;
    private int digits;
    private long payload;
    private long consumed;
    private int trailers;
    private int trailerBytes;
    private int feedStart;
    private H1Error error = H1Error.NONE;
    private long errorOffset = -1;

    /** Builds a decoder with the trailer limits of the header parser; any thread, at start. */
    public H1BodyDecoder(int maxhdr, int maxHeadBytes) {
        this.maxTrailers = maxhdr - 1;
        this.maxTrailerBytes = maxHeadBytes;
    }

    /** A decoder with HAProxy's defaults (101 headers, 16384 − 1024 bytes). */
    public static H1BodyDecoder withDefaults() {
        return new H1BodyDecoder(101, 16384 - 1024);
    }

    /**
     * Starts the body of a message whose head {@code parser} just parsed; owning loop thread.
     * Bodyless messages (and C-L 0) are DONE at once.
     */
    public void begin(H1Parser parser) {
        begin(parser.flags(), parser.contentLength());
    }

    /** Starts a body from an {@link H1Flags} word and its Content-Length; owning loop thread. */
    public void begin(int flags, long contentLength) {
        // Every field starts afresh: the decoder is reused by the next message (and the next
        // client of a reused session), so a chunk size left by a failed body must not carry over.
        state = S_SIZE_FIRST;
        result = MORE;
        remaining = 0;
        payload = 0;
        consumed = 0;
        digits = 0;
        trailers = 0;
        trailerBytes = 0;
        error = H1Error.NONE;
        errorOffset = -1;
        if ((flags & H1Flags.H1_MF_BODYLESS) != 0) {
            mode = M_NONE;
            result = DONE;
        } else if ((flags & H1Flags.H1_MF_CHNK) != 0) {
            mode = M_CHUNKED;
        } else if ((flags & H1Flags.H1_MF_CLEN) != 0) {
            mode = M_LENGTH;
            remaining = contentLength;
            result = contentLength == 0 ? DONE : MORE;
        } else if ((flags & H1Flags.H1_MF_UNTIL_CLOSE) != 0) {
            mode = M_CLOSE;
        } else {
            mode = M_NONE;
            result = DONE;
        }
    }

    /**
     * Consumes body bytes in {@code [pos, limit)} of {@code buf}; owning loop thread.
     *
     * @return the index after the last byte that belongs to this body (== {@code limit} unless the
     *         body ended or failed before it)
     */
    public int feed(ByteBuffer buf, int pos, int limit) {
        int start = pos;
        feedStart = pos;
        if (result == MORE) {
            if (mode == M_LENGTH) {
                long n = Math.min(remaining, limit - pos);
                pos += (int) n;
                remaining -= n;
                payload += n;
                if (remaining == 0) {
                    result = DONE;
                }
            } else if (mode == M_CLOSE) {
                payload += limit - pos;
                pos = limit;
            } else if (mode == M_CHUNKED) {
                pos = chunked(buf, pos, limit);
            }
        }
        consumed += pos - start;
        return pos;
    }

    /** The peer closed its side: close-delimited bodies end, others are truncated. Owning thread. */
    public int onEof() {
        if (result == MORE) {
            if (mode == M_CLOSE) {
                result = DONE;
            } else {
                error = H1Error.TRUNCATED_BODY;
                errorOffset = consumed;
                result = ERROR;
            }
        }
        return result;
    }

    private int chunked(ByteBuffer b, int pos, int limit) {
        while (pos < limit) {
            if (state == S_DATA) {
                // CHK-3: data bytes are skipped in bulk.
                long n = Math.min(remaining, limit - pos);
                pos += (int) n;
                remaining -= n;
                payload += n;
                if (remaining == 0) {
                    state = S_DATA_CR;
                }
                continue;
            }
            int c = b.get(pos);
            switch (state) {
                case S_SIZE_FIRST:
                case S_SIZE:
                    // CHK-1: one to 13 hex digits.
                    if (isHex(c)) {
                        if (++digits > MAX_CHUNK_SIZE_DIGITS) {
                            return fail(H1Error.BAD_CHUNK, pos);
                        }
                        remaining = (remaining << 4) | H1Chars.hexValue(c);
                        state = S_SIZE;
                        break;
                    }
                    if (state == S_SIZE_FIRST) {
                        return fail(H1Error.BAD_CHUNK, pos);
                    }
                    state = S_SIZE_WS;
                    continue;
                case S_SIZE_WS:
                    // CHK-2: optional blanks, an optional extension, then CRLF (a bare LF fails).
                    if (isSpHt(c)) {
                        break;
                    }
                    if (c == ';') {
                        state = S_EXT;
                    } else if (c == '\r') {
                        state = S_SIZE_LF;
                    } else {
                        return fail(H1Error.BAD_CHUNK, pos);
                    }
                    break;
                case S_EXT:
                    if (c == '\r') {
                        state = S_SIZE_LF;
                    } else if (c == '\n' || c == 0) {
                        return fail(H1Error.BAD_CHUNK, pos);
                    }
                    break;
                case S_SIZE_LF:
                    if (c != '\n') {
                        return fail(H1Error.BAD_CHUNK, pos);
                    }
                    digits = 0;
                    state = remaining == 0 ? S_TRL_START : S_DATA;
                    break;
                case S_DATA_CR:
                    // CHK-4: the data is followed by exactly CRLF.
                    if (c != '\r') {
                        return fail(H1Error.BAD_CHUNK, pos);
                    }
                    state = S_DATA_LF;
                    break;
                case S_DATA_LF:
                    if (c != '\n') {
                        return fail(H1Error.BAD_CHUNK, pos);
                    }
                    state = S_SIZE_FIRST;
                    break;
                default:
                    int r = trailer(c, pos);
                    if (r != MORE) {
                        return r == DONE ? pos + 1 : pos;
                    }
                    break;
            }
            pos++;
        }
        return pos;
    }

    /** CHK-5: trailers are header lines with the head's limits; an empty line ends the message. */
    private int trailer(int c, int pos) {
        if (++trailerBytes > maxTrailerBytes) {
            fail(H1Error.BAD_TRAILER, pos);
            return ERROR;
        }
        switch (state) {
            case S_TRL_START:
                if (c == '\r') {
                    state = S_TRL_END_LF;
                    return MORE;
                }
                if (c == '\n') {
                    result = DONE; // CHK-6: the message ends here; what follows is the next message.
                    return DONE;
                }
                if (++trailers > maxTrailers || !isToken(c)) {
                    fail(H1Error.BAD_TRAILER, pos);
                    return ERROR;
                }
                state = S_TRL_NAME;
                return MORE;
            case S_TRL_END_LF:
                if (c != '\n') {
                    fail(H1Error.BAD_TRAILER, pos);
                    return ERROR;
                }
                result = DONE;
                return DONE;
            case S_TRL_NAME:
                if (c == ':') {
                    state = S_TRL_VALUE;
                } else if (!isToken(c)) {
                    fail(H1Error.BAD_TRAILER, pos);
                    return ERROR;
                }
                return MORE;
            case S_TRL_VALUE:
                if (c == '\r') {
                    state = S_TRL_VALUE_LF;
                } else if (c == '\n') {
                    state = S_TRL_START;
                } else if (c == 0) {
                    fail(H1Error.BAD_TRAILER, pos);
                    return ERROR;
                }
                return MORE;
            case S_TRL_VALUE_LF:
                if (c != '\n') {
                    fail(H1Error.BAD_TRAILER, pos);
                    return ERROR;
                }
                state = S_TRL_START;
                return MORE;
            default:
                throw new IllegalStateException("chunk state " + state);
        }
    }

    private int fail(H1Error e, int pos) {
        error = e;
        errorOffset = consumed + (pos - feedStart);
        result = ERROR;
        return pos;
    }

    /** {@link #MORE}, {@link #DONE} or {@link #ERROR}. */
    public int result() {
        return result;
    }

    /** The framing error, {@link H1Error#NONE} if none. */
    public H1Error error() {
        return error;
    }

    /** Payload bytes seen (chunk data, C-L or close-delimited bytes; framing excluded). */
    public long payloadBytes() {
        return payload;
    }

    /** Body bytes consumed so far, framing included. */
    public long consumedBytes() {
        return consumed;
    }

    /** The offending byte's offset from the body start (for {@code show errors}); -1 if none. */
    public long errorOffset() {
        return errorOffset;
    }

    /** True when the body is close-delimited. */
    public boolean untilClose() {
        return mode == M_CLOSE;
    }
}
