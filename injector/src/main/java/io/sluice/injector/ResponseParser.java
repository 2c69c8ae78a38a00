package io.sluice.injector;

/**
 * Incremental HTTP/1.x response parser of one connection: the head (status line and headers) and the chunked body.
 *
 * <p>One instance belongs to one connection and is reused for every response; it never allocates. All methods run on
 * the connection's worker thread. The head is parsed from a contiguous array ({@link #parseHead} returns
 * {@link #NEED_MORE} until the empty line is there, the caller keeps the partial head); the chunked body is decoded
 * as it streams ({@link #feedChunked}). The rules follow h1load: the status line must read {@code HTTP/1.x NNN},
 * {@code Connection: close} (or HTTP/1.0 without keep-alive) asks for a close, any {@code Transfer-Encoding} with
 * {@code chunked} selects the chunked decoder, and the last {@code Content-Length} wins. Unlike h1load, a head split
 * over several reads is accepted, chunk extensions and trailers are skipped, and a body without framing is read
 * until the server closes.
 */
final class ResponseParser {
    /** {@link #parseHead} result: the empty line ending the head is not there yet. */
    static final int NEED_MORE = -1;
    /** {@link #parseHead}/{@link #feedChunked} result: the bytes are not a valid response. */
    static final int MALFORMED = -2;

    /** Content-length sentinel: no Content-Length header. */
    static final long NO_LENGTH = -1;
    /** Largest accepted Content-Length or chunk size (keeps the arithmetic far from overflow). */
    private static final long MAX_SIZE = 1L << 60;

    // Chunked decoder states.
    private static final int CH_SIZE = 0;        // reading hex digits of a chunk size
    private static final int CH_EXT = 1;         // skipping a chunk extension up to LF
    private static final int CH_SIZE_LF = 2;     // CR seen after the size, LF expected
    private static final int CH_DATA = 3;        // chunkRemain bytes of data left
    private static final int CH_DATA_CR = 4;     // CRLF after the data expected
    private static final int CH_DATA_LF = 5;     // LF after the data's CR expected
    private static final int CH_TRAILER = 6;     // at the start of a trailer line (or of the final empty line)
    private static final int CH_TRAILER_LINE = 7; // inside a trailer line, up to LF
    private static final int CH_TRAILER_LF = 8;  // CR of the final empty line seen, LF expected
    private static final int CH_DONE = 9;        // final empty line consumed

    /** Status code of the last head parsed (100..599). */
    int status;
    /** Minor version of the last head parsed (0 or 1). */
    int minorVersion;
    /** The last head asked for a chunked body. */
    boolean chunked;
    /** Content-Length of the last head, or {@link #NO_LENGTH}. */
    long contentLength;
    /** The last head asked to close the connection after the response. */
    boolean close;

    private int chunkState;
    private long chunkRemain;
    private int sizeDigits;

    /** Runs on the worker thread: parses a head starting at {@code b[off]}; the bytes after the head are ignored. */
    int parseHead(byte[] b, int off, int end) {
        status = 0;
        chunked = false;
        contentLength = NO_LENGTH;
        close = false;
        final byte[] proto = {'H', 'T', 'T', 'P', '/', '1', '.'};
        int avail = end - off;
        for (int i = 0; i < proto.length && i < avail; i++) {
            if (b[off + i] != proto[i]) {
                return MALFORMED;
            }
        }
        if (avail < 13) {
            return NEED_MORE;
        }
        int ver = b[off + 7] - '0';
        if (ver < 0 || ver > 1 || b[off + 8] != ' ') {
            return MALFORMED;
        }
        byte c12 = b[off + 12];
        if (c12 != ' ' && c12 != '\r' && c12 != '\n') {
            return MALFORMED;
        }
        int st = 0;
        for (int i = 9; i < 12; i++) {
            int d = b[off + i] - '0';
            if (d < 0 || d > 9) {
                return MALFORMED;
            }
            st = st * 10 + d;
        }
        if (st < 100 || st > 599) {
            return MALFORMED;
        }
        boolean doClose = ver == 0;
        boolean te = false;
        long cl = NO_LENGTH;
        int p = off + 12;
        while (true) {
            // skip to the end of the current line
            while (true) {
                if (p == end) {
                    return NEED_MORE;
                }
                if (b[p] == '\n') {
                    break;
                }
                p++;
            }
            int hdr = ++p;
            while (true) {
                if (p == end) {
                    return NEED_MORE;
                }
                if (b[p] == ':' || b[p] == '\n') {
                    break;
                }
                p++;
            }
            if (b[hdr] == '\n' || (p > hdr && b[hdr] == '\r' && b[hdr + 1] == '\n')) {
                p++; // end of head: p is just after the LF of the empty line
                break;
            }
            if (b[p] != ':') {
                return MALFORMED; // a header line without a colon
            }
            int col = p;
            while (true) {
                if (p == end) {
                    return NEED_MORE;
                }
                if (b[p] == '\r' || b[p] == '\n') {
                    break;
                }
                p++;
            }
            int eol = p;
            int nameLen = col - hdr;
            if (nameLen == 10 && matches(b, hdr, "connection")) {
                for (int v = col + 1; v < eol; v++) {
                    if (v + 5 <= eol && matches(b, v, "close")) {
                        doClose = true;
                    } else if (v + 10 <= eol && matches(b, v, "keep-alive")) {
                        doClose = false;
                    }
                }
            } else if (nameLen == 17 && matches(b, hdr, "transfer-encoding")) {
                for (int v = col + 1; v + 7 <= eol; v++) {
                    if (matches(b, v, "chunked")) {
                        te = true;
                    }
                }
                if (!te) {
                    doClose = true; // an encoding we cannot frame: the body ends with the connection
                }
            } else if (nameLen == 14 && matches(b, hdr, "content-length")) {
                int v = col + 1;
                while (v < eol && (b[v] == ' ' || b[v] == '\t')) {
                    v++;
                }
                long n = 0;
                int digits = 0;
                while (v < eol && b[v] >= '0' && b[v] <= '9') {
                    n = n * 10 + (b[v] - '0');
                    if (n > MAX_SIZE) {
                        return MALFORMED;
                    }
                    v++;
                    digits++;
                }
                if (digits == 0) {
                    return MALFORMED;
                }
                cl = n;
            }
        }
        status = st;
        minorVersion = ver;
        chunked = te;
        contentLength = te ? NO_LENGTH : cl;
        close = doClose;
        chunkState = CH_SIZE;
        chunkRemain = 0;
        sizeDigits = 0;
        return p - off;
    }

    /** Runs on the worker thread: true once {@link #feedChunked} has consumed the final empty line. */
    boolean chunkedDone() {
        return chunkState == CH_DONE;
    }

    /**
     * Runs on the worker thread: decodes chunked body bytes {@code b[off..end)}; returns the offset of the first byte
     * not consumed (less than {@code end} only once the body is complete) or {@link #MALFORMED}.
     */
    int feedChunked(byte[] b, int off, int end) {
        int p = off;
        while (p < end) {
            switch (chunkState) {
                case CH_DATA: {
                    long n = Math.min(chunkRemain, end - p);
                    p += (int) n;
                    chunkRemain -= n;
                    if (chunkRemain == 0) {
                        chunkState = CH_DATA_CR;
                    }
                    break;
                }
                case CH_SIZE: {
                    byte c = b[p++];
                    int d = hex(c);
                    if (d >= 0) {
                        chunkRemain = (chunkRemain << 4) + d;
                        if (chunkRemain > MAX_SIZE) {
                            return MALFORMED;
                        }
                        sizeDigits++;
                    } else if (sizeDigits == 0) {
                        return MALFORMED;
                    } else if (c == '\r') {
                        chunkState = CH_SIZE_LF;
                    } else if (c == '\n') {
                        sizeDone();
                    } else if (c == ';' || c == ' ' || c == '\t') {
                        chunkState = CH_EXT;
                    } else {
                        return MALFORMED;
                    }
                    break;
                }
                case CH_EXT:
                    if (b[p++] == '\n') {
                        sizeDone();
                    }
                    break;
                case CH_SIZE_LF:
                    if (b[p++] != '\n') {
                        return MALFORMED;
                    }
                    sizeDone();
                    break;
                case CH_DATA_CR: {
                    byte c = b[p++];
                    if (c == '\r') {
                        chunkState = CH_DATA_LF;
                    } else if (c == '\n') {
                        startSize();
                    } else {
                        return MALFORMED;
                    }
                    break;
                }
                case CH_DATA_LF:
                    if (b[p++] != '\n') {
                        return MALFORMED;
                    }
                    startSize();
                    break;
                case CH_TRAILER: {
                    byte c = b[p++];
                    if (c == '\r') {
                        chunkState = CH_TRAILER_LF;
                    } else if (c == '\n') {
                        chunkState = CH_DONE;
                        return p;
                    } else {
                        chunkState = CH_TRAILER_LINE;
                    }
                    break;
                }
                case CH_TRAILER_LINE:
                    if (b[p++] == '\n') {
                        chunkState = CH_TRAILER;
                    }
                    break;
                case CH_TRAILER_LF:
                    if (b[p++] != '\n') {
                        return MALFORMED;
                    }
                    chunkState = CH_DONE;
                    return p;
                default: // CH_DONE
                    return p;
            }
        }
        return p;
    }

    private void startSize() {
        chunkState = CH_SIZE;
        chunkRemain = 0;
        sizeDigits = 0;
    }

    private void sizeDone() {
        chunkState = chunkRemain == 0 ? CH_TRAILER : CH_DATA;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int l = c | 0x20;
        if (l >= 'a' && l <= 'f') {
            return l - 'a' + 10;
        }
        return -1;
    }

    /** Case-insensitive match of the ASCII lower-case {@code word} at {@code b[at]} (the caller checks the bounds). */
    private static boolean matches(byte[] b, int at, String word) {
        for (int i = 0; i < word.length(); i++) {
            if ((b[at + i] | 0x20) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
