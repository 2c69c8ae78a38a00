package io.sluice.core.h1;

import static io.sluice.core.h1.H1Chars.isDigit;
import static io.sluice.core.h1.H1Chars.isSpHt;
import static io.sluice.core.h1.H1Chars.isToken;
import static io.sluice.core.h1.H1Chars.isVer;
import static io.sluice.core.h1.H1Flags.H1_MF_ABS_URI;
import static io.sluice.core.h1.H1Flags.H1_MF_METH_CONNECT;
import static io.sluice.core.h1.H1Flags.H1_MF_METH_HEAD;
import static io.sluice.core.h1.H1Flags.H1_MF_RESP;
import static io.sluice.core.h1.H1Flags.H1_MF_VER_11;

import java.nio.ByteBuffer;

/**
 * The incremental HTTP/1 message-head parser (start line + header block) of one connection side,
 * with HAProxy 3.0's default (non-relaxed) rules; see {@code package-info} for the rule list.
 *
 * <p>Use: {@link #beginRequest} or {@link #beginResponse} at the first byte of a message, then
 * {@link #parse(int)} after each read with the buffer's current fill level. The parser works line
 * by line (PARSE-1): a line is examined once, when its LF has arrived, so it can be resumed at any
 * byte boundary and gives the same verdict whatever the read sizes. Header names are lower-cased
 * in place and obs-folds are unfolded in place (their CR and LF become spaces), as HAProxy does.
 * The bytes from the message start must stay where they are until {@link #DONE} or {@link #ERROR},
 * unless the mux moves them and calls {@link #relocate(int)} (compaction of the input buffer).
 *
 * <p>Owned by one connection's loop thread; allocates nothing after construction.
 */
public final class H1Parser {

    /** {@link #parse} result: the head is incomplete; call again when more bytes arrived. */
    public static final int NEED_MORE = 0;
    /** {@link #parse} result: the head is complete and valid; see {@link #headLength()}. */
    public static final int DONE = 1;
    /** {@link #parse} result: the message is invalid; see {@link #error()} and {@link #status()}. */
    public static final int ERROR = -1;

    /** Method ids ({@link #method()}): anything not listed below. */
    public static final int METH_OTHER = 0;
    /** GET. */
    public static final int METH_GET = 1;
    /** HEAD. */
    public static final int METH_HEAD = 2;
    /** POST. */
    public static final int METH_POST = 3;
    /** PUT. */
    public static final int METH_PUT = 4;
    /** DELETE. */
    public static final int METH_DELETE = 5;
    /** OPTIONS. */
    public static final int METH_OPTIONS = 6;
    /** CONNECT. */
    public static final int METH_CONNECT = 7;
    /** TRACE. */
    public static final int METH_TRACE = 8;
    /** PATCH. */
    public static final int METH_PATCH = 9;

    private static final int PH_START = 0;
    private static final int PH_HEADERS = 1;
    private static final int PH_DONE = 2;
    private static final int PH_ERROR = 3;

    private final HeaderTable headers;
    private final int maxHeadBytes;
    private final int bufferBytes;
    private final H1HeaderRules rules = new H1HeaderRules(this);

    private ByteBuffer buf;
    private int msgStart;
    private int lineStart;
    private int scan;
    private int phase;
    private int startLineEnd;
    int flags;
    long contentLength;
    private H1Error error;
    private int errorPos;
    private int headEnd;
    private int method;
    private int methodStart;
    private int methodEnd;
    int uriStart;
    int uriEnd;
    private int versionStart;
    private int versionEnd;
    private int status;
    private int reasonStart;
    private int reasonEnd;
    int authorityStart;
    int authorityEnd;
    int defaultPort;

    /**
     * Builds a parser with HAProxy's limits; runs at start on any thread.
     *
     * @param maxhdr {@code tune.http.maxhdr} (101: at most 100 header lines plus the end marker)
     * @param bufsize {@code tune.bufsize} (16384): an incomplete head filling this many bytes fails
     * @param maxrewrite {@code tune.maxrewrite} (1024): a complete head must fit bufsize − maxrewrite
     */
    public H1Parser(int maxhdr, int bufsize, int maxrewrite) {
        this.headers = new HeaderTable(maxhdr - 1);
        this.bufferBytes = bufsize;
        this.maxHeadBytes = bufsize - maxrewrite;
    }

    /** A parser with HAProxy's default limits (101, 16384, 1024); any thread. */
    public static H1Parser withDefaults() {
        return new H1Parser(101, 16384, 1024);
    }

    /** Starts a request head at absolute index {@code start} of {@code buffer}; owning loop thread. */
    public void beginRequest(ByteBuffer buffer, int start) {
        begin(buffer, start, 0);
    }

    /**
     * Starts a response head; {@code requestFlags} are the flags of the request it answers (HEAD
     * and CONNECT change the body rules). Owning loop thread.
     */
    public void beginResponse(ByteBuffer buffer, int start, int requestFlags) {
        begin(buffer, start, H1_MF_RESP | (requestFlags & (H1_MF_METH_HEAD | H1_MF_METH_CONNECT)));
    }

    private void begin(ByteBuffer buffer, int start, int initialFlags) {
        buf = buffer;
        msgStart = start;
        lineStart = start;
        scan = start;
        phase = PH_START;
        flags = initialFlags;
        contentLength = -1;
        error = H1Error.NONE;
        errorPos = -1;
        headEnd = -1;
        method = METH_OTHER;
        methodStart = methodEnd = uriStart = uriEnd = versionStart = versionEnd = start;
        reasonStart = reasonEnd = start;
        authorityStart = authorityEnd = -1;
        defaultPort = 0;
        status = 0;
        headers.reset(buffer);
    }

    /**
     * Parses what arrived up to absolute index {@code limit} (exclusive); owning loop thread.
     *
     * @return {@link #NEED_MORE}, {@link #DONE} or {@link #ERROR}
     */
    public int parse(int limit) {
        while (phase < PH_DONE) {
            // PARSE-1: find the next LF; a line is only examined once it is complete.
            int lf = H1Scan.findLf(buf, scan, limit);
            if (lf < 0) {
                scan = limit;
                // PARSE-2: an incomplete head that filled the buffer can never complete.
                if (limit - msgStart >= bufferBytes) {
                    return fail(H1Error.HEAD_TOO_LARGE, limit);
                }
                return NEED_MORE;
            }
            scan = lf + 1;
            int end = lf > lineStart && buf.get(lf - 1) == '\r' ? lf - 1 : lf;
            if (phase == PH_START) {
                startLine(lineStart, end);
            } else {
                headerLine(lineStart, end);
            }
            lineStart = lf + 1;
            if (phase == PH_DONE) {
                headEnd = lf + 1;
                // PARSE-3: the complete head must fit bufsize - maxrewrite (HAProxy's HTX room).
                if (headEnd - msgStart > maxHeadBytes) {
                    return fail(H1Error.HEAD_TOO_LARGE, headEnd);
                }
                rules.finish();
            }
        }
        return phase == PH_DONE ? DONE : ERROR;
    }

    /**
     * The caller moved the message's bytes by {@code delta} inside the same buffer (e.g. compacted
     * it to make room: {@code delta = -messageStart()}); every stored offset follows. Owning loop
     * thread, between two {@link #parse} calls.
     */
    public void relocate(int delta) {
        msgStart += delta;
        lineStart += delta;
        scan += delta;
        startLineEnd += delta;
        methodStart += delta;
        methodEnd += delta;
        uriStart += delta;
        uriEnd += delta;
        versionStart += delta;
        versionEnd += delta;
        reasonStart += delta;
        reasonEnd += delta;
        if (authorityStart >= 0) {
            authorityStart += delta;
            authorityEnd += delta;
        }
        if (headEnd >= 0) {
            headEnd += delta;
        }
        if (errorPos >= 0) {
            errorPos += delta;
        }
        headers.relocate(delta);
    }

    /** Records the first error at absolute index {@code pos}; returns {@link #ERROR}. */
    int fail(H1Error e, int pos) {
        if (phase != PH_ERROR) {
            phase = PH_ERROR;
            error = e;
            errorPos = pos;
        }
        return ERROR;
    }

    private void startLine(int s, int e) {
        if (s == e) {
            return; // PARSE-4: leading empty lines (CRLF or LF) before the start line are skipped.
        }
        for (int i = s; i < e; i++) {
            if (buf.get(i) == '\r') {
                fail(H1Error.BARE_CR, i);
                return;
            }
        }
        if ((flags & H1_MF_RESP) != 0) {
            statusLine(s, e);
        } else {
            requestLine(s, e);
        }
        if (phase == PH_START) {
            startLineEnd = e;
            phase = PH_HEADERS;
        }
    }

    private void requestLine(int s, int e) {
        int p = s;
        while (p < e && isToken(buf.get(p))) {
            p++;
        }
        if (p == s) {
            fail(H1Error.BAD_REQUEST_LINE, p);
            return;
        }
        methodStart = s;
        methodEnd = p;
        if (p == e) {
            fail(H1Error.HTTP09, p);
            return;
        }
        if (!isSpHt(buf.get(p))) {
            fail(H1Error.BAD_REQUEST_LINE, p);
            return;
        }
        while (p < e && isSpHt(buf.get(p))) {
            p++;
        }
        uriStart = p;
        while (p < e && !isSpHt(buf.get(p))) {
            int c = buf.get(p) & 0xff;
            if (c < 0x21 || c > 0x7e || c == '#') {
                fail(H1Error.BAD_REQUEST_LINE, p);
                return;
            }
            p++;
        }
        uriEnd = p;
        while (p < e && isSpHt(buf.get(p))) {
            p++;
        }
        if (uriEnd == uriStart || p == e) {
            fail(uriEnd == uriStart ? H1Error.BAD_URI_FORM : H1Error.HTTP09, p);
            return;
        }
        versionStart = p;
        while (p < e) {
            if (!isVer(buf.get(p))) {
                fail(H1Error.BAD_VERSION, p);
                return;
            }
            p++;
        }
        versionEnd = e;
        if (!strictVersion(versionStart, versionEnd, true)) {
            fail(H1Error.BAD_VERSION, versionStart);
            return;
        }
        method = H1Scan.identifyMethod(buf, methodStart, methodEnd);
        if (method == METH_OTHER && methodEnd - methodStart == 3
                && HeaderTable.regionEquals(buf, methodStart, H1Scan.PRI, false)) {
            fail(H1Error.PRI_METHOD, methodStart);
            return;
        }
        if (method == METH_HEAD) {
            flags |= H1_MF_METH_HEAD;
        } else if (method == METH_CONNECT) {
            flags |= H1_MF_METH_CONNECT;
        }
        uriForm();
    }

    /** PARSE-5: the URI form must fit the method (origin, asterisk, absolute, authority). */
    private void uriForm() {
        int first = buf.get(uriStart);
        int len = uriEnd - uriStart;
        if (method == METH_CONNECT) {
            if (first == '/' || H1Scan.schemeEnd(buf, uriStart, uriEnd) > 0
                    || !H1HeaderRules.hasPort(buf, uriStart, uriEnd)) {
                fail(H1Error.BAD_URI_FORM, uriStart);
                return;
            }
            authorityStart = uriStart;
            authorityEnd = uriEnd;
            return;
        }
        if (first == '/') {
            return;
        }
        if (first == '*') {
            if (len != 1 || (method != METH_OPTIONS && method != METH_OTHER)) {
                fail(H1Error.BAD_URI_FORM, uriStart);
            }
            return;
        }
        int se = H1Scan.schemeEnd(buf, uriStart, uriEnd);
        if (se < 0) {
            fail(H1Error.BAD_URI_FORM, uriStart);
            return;
        }
        flags |= H1_MF_ABS_URI;
        int a = se + 3;
        int ae = a;
        while (ae < uriEnd) {
            int c = buf.get(ae);
            if (c == '/' || c == '?') {
                break;
            }
            ae++;
        }
        authorityStart = a;
        authorityEnd = ae;
        int schemeLen = se - uriStart;
        defaultPort = schemeLen == 5 ? 443 : schemeLen == 4 ? 80 : 0;
    }

    private boolean strictVersion(int s, int e, boolean requireHttp) {
        if (e - s != 8 || buf.get(s + 4) != '/' || !isDigit(buf.get(s + 5)) || buf.get(s + 6) != '.'
                || !isDigit(buf.get(s + 7))) {
            return false;
        }
        if (requireHttp && !(buf.get(s) == 'H' && buf.get(s + 1) == 'T' && buf.get(s + 2) == 'T'
                && buf.get(s + 3) == 'P')) {
            return false;
        }
        int major = buf.get(s + 5) - '0';
        int minor = buf.get(s + 7) - '0';
        if (major > 1 || (major == 1 && minor >= 1)) {
            flags |= H1_MF_VER_11;
        }
        return true;
    }

    private void statusLine(int s, int e) {
        int p = s;
        while (p < e && isVer(buf.get(p))) {
            p++;
        }
        if (p == e || !isSpHt(buf.get(p)) || !strictVersion(s, p, false)) {
            fail(H1Error.BAD_STATUS_LINE, p);
            return;
        }
        versionStart = s;
        versionEnd = p;
        while (p < e && isSpHt(buf.get(p))) {
            p++;
        }
        int cs = p;
        int code = 0;
        while (p < e && isDigit(buf.get(p)) && p - cs < 9) {
            code = code * 10 + buf.get(p) - '0';
            p++;
        }
        if (p == cs || (p < e && !isSpHt(buf.get(p)))) {
            fail(H1Error.BAD_STATUS_LINE, p);
            return;
        }
        status = code;
        while (p < e && isSpHt(buf.get(p))) {
            p++;
        }
        reasonStart = p;
        reasonEnd = e;
    }

    private void headerLine(int s, int e) {
        if (s == e) {
            phase = PH_DONE; // PARSE-6: the empty line ends the head.
            return;
        }
        int first = buf.get(s);
        if (isSpHt(first)) {
            obsFold(s, e);
            return;
        }
        int p = s;
        while (p < e) {
            int c = buf.get(p);
            if (c == ':') {
                break;
            }
            if (!isToken(c)) {
                fail(c == '\r' ? H1Error.BARE_CR : H1Error.BAD_HEADER_NAME, p);
                return;
            }
            if (c >= 'A' && c <= 'Z') {
                buf.put(p, (byte) (c + 32));
            }
            p++;
        }
        if (p == s) {
            fail(H1Error.BAD_HEADER_NAME, p);
            return;
        }
        if (p == e) {
            fail(H1Error.NO_COLON, p);
            return;
        }
        int ne = p++;
        while (p < e && isSpHt(buf.get(p))) {
            p++;
        }
        int vs = p;
        int ve = valueEnd(p, e);
        if (ve < 0) {
            return;
        }
        if (!headers.add(s, ne, vs, ve)) {
            fail(H1Error.TOO_MANY_HEADERS, s);
        }
    }

    /** Checks value bytes [p, e) and returns the end after trimming blanks, or -1 after a failure. */
    private int valueEnd(int p, int e) {
        int i = p;
        // PARSE-7: eight bytes at a time while no word holds a NUL or a CR (the zero-byte test is
        // exact about existence whatever the byte order; the exact byte is found below).
        while (i + 8 <= e && !H1Scan.hasNulOrCr(buf.getLong(i))) {
            i += 8;
        }
        for (; i < e; i++) {
            int c = buf.get(i);
            if (c == 0) {
                fail(H1Error.NUL_IN_VALUE, i);
                return -1;
            }
            if (c == '\r') {
                fail(H1Error.BARE_CR, i);
                return -1;
            }
        }
        int ve = e;
        while (ve > p && isSpHt(buf.get(ve - 1))) {
            ve--;
        }
        return ve;
    }

    /** PARSE-7: an obs-fold continuation joins the previous value; its CR and LF become spaces. */
    private void obsFold(int s, int e) {
        int n = headers.count();
        if (n == 0) {
            fail(H1Error.BAD_HEADER_NAME, s);
            return;
        }
        int p = s;
        while (p < e && isSpHt(buf.get(p))) {
            p++;
        }
        int ve = valueEnd(p, e);
        if (ve < 0 || ve == p) {
            return;
        }
        int last = n - 1;
        int vs = headers.valueStart(last);
        int prevEnd = headers.valueEnd(last);
        if (vs == prevEnd) {
            headers.setValue(last, p, ve);
            return;
        }
        // HAProxy turns the fold's CR and LF into spaces and keeps every blank around them as it is
        // (h1.c, H1_MSG_HDR_L2_LWS: only the bytes before the continuation's first blank change).
        for (int i = prevEnd; i < p; i++) {
            int c = buf.get(i);
            if (c == '\r' || c == '\n') {
                buf.put(i, (byte) ' ');
            }
        }
        headers.extendLastValue(ve);
    }

    // ---- accessors (owning loop thread) ----

    /** The header table of the current message. */
    public HeaderTable headers() {
        return headers;
    }

    /** The buffer being parsed. */
    public ByteBuffer buffer() {
        return buf;
    }

    /** The {@link H1Flags} word. */
    public int flags() {
        return flags;
    }

    /** The body length from Content-Length, or -1 when the message has no C-L framing. */
    public long contentLength() {
        return contentLength;
    }

    /** The error, {@link H1Error#NONE} when none. */
    public H1Error error() {
        return error;
    }

    /** The status to answer: the error's request status, 502 for any response error, 0 if no error. */
    public int errorStatus() {
        if (error == H1Error.NONE) {
            return 0;
        }
        return (flags & H1_MF_RESP) != 0 ? 502 : error.requestStatus;
    }

    /**
     * The termination flags of a parse error for the log: {@code PR} for a request (the mux turns
     * it into {@code CR} when the client closed or failed first), {@code PH} for a response; 0 when
     * there is no error.
     */
    public int errorTermFlags() {
        if (error == H1Error.NONE) {
            return 0;
        }
        return TermFlags.of(TermFlags.SF_ERR_PRXCOND, isResponse() ? TermFlags.SF_FINST_H : TermFlags.SF_FINST_R);
    }

    /** The offset of the offending byte from the message start (for {@code show errors}), or -1. */
    public int errorOffset() {
        return errorPos < 0 ? -1 : errorPos - msgStart;
    }

    /** Absolute index of the message's first byte. */
    public int messageStart() {
        return msgStart;
    }

    /** Bytes of the head (start line, headers, empty line, and any skipped blank lines); -1 until DONE. */
    public int headLength() {
        return headEnd < 0 ? -1 : headEnd - msgStart;
    }

    /** Absolute index just after the head (where the body starts); -1 until DONE. */
    public int headEnd() {
        return headEnd;
    }

    /** The method id ({@code METH_*}). */
    public int method() {
        return method;
    }

    /** Method span start. */
    public int methodStart() {
        return methodStart;
    }

    /** Method span end (exclusive). */
    public int methodEnd() {
        return methodEnd;
    }

    /** URI span start. */
    public int uriStart() {
        return uriStart;
    }

    /** URI span end (exclusive). */
    public int uriEnd() {
        return uriEnd;
    }

    /** Version span start. */
    public int versionStart() {
        return versionStart;
    }

    /** Version span end (exclusive). */
    public int versionEnd() {
        return versionEnd;
    }

    /** End of the start line (exclusive, before CR/LF): request line for {@code %r} is [methodStart, this). */
    public int startLineEnd() {
        return startLineEnd;
    }

    /** The response status code (0 for requests). */
    public int status() {
        return status;
    }

    /** Reason span start (responses). */
    public int reasonStart() {
        return reasonStart;
    }

    /** Reason span end (responses, exclusive). */
    public int reasonEnd() {
        return reasonEnd;
    }

    /** True when the message is a response. */
    public boolean isResponse() {
        return (flags & H1_MF_RESP) != 0;
    }

    /** True when the message head is complete and valid. */
    public boolean isDone() {
        return phase == PH_DONE;
    }
}
