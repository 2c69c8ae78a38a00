package io.sluice.core.h1;

import static io.sluice.core.h1.H1Chars.isDigit;
import static io.sluice.core.h1.H1Chars.isSpHt;
import static io.sluice.core.h1.H1Flags.H1_MF_BODYLESS;
import static io.sluice.core.h1.H1Flags.H1_MF_CHNK;
import static io.sluice.core.h1.H1Flags.H1_MF_CLEN;
import static io.sluice.core.h1.H1Flags.H1_MF_CONN_CLO;
import static io.sluice.core.h1.H1Flags.H1_MF_CONN_KAL;
import static io.sluice.core.h1.H1Flags.H1_MF_CONN_UPG;
import static io.sluice.core.h1.H1Flags.H1_MF_EXPECT_100;
import static io.sluice.core.h1.H1Flags.H1_MF_FORCE_CLOSE;
import static io.sluice.core.h1.H1Flags.H1_MF_HOST;
import static io.sluice.core.h1.H1Flags.H1_MF_METH_CONNECT;
import static io.sluice.core.h1.H1Flags.H1_MF_METH_HEAD;
import static io.sluice.core.h1.H1Flags.H1_MF_RESP;
import static io.sluice.core.h1.H1Flags.H1_MF_TE_OTHER;
import static io.sluice.core.h1.H1Flags.H1_MF_UNTIL_CLOSE;
import static io.sluice.core.h1.H1Flags.H1_MF_UPGRADE;
import static io.sluice.core.h1.H1Flags.H1_MF_UPG_WEBSOCKET;
import static io.sluice.core.h1.H1Flags.H1_MF_VER_11;
import static io.sluice.core.h1.H1Flags.H1_MF_XFER_ENC;
import static io.sluice.core.h1.H1Flags.H1_MF_XFER_LEN;

import java.nio.ByteBuffer;

/**
 * The checks HAProxy runs once a head is complete (RULE-1..RULE-9 in {@code package-info}):
 * Content-Length lists and duplicates, Transfer-Encoding codings, C-L beside T-E, Connection
 * tokens, Upgrade/WebSocket, Expect, Host de-duplication and conflicts, and the body length. Runs
 * on the parser's loop thread; allocates nothing.
 */
final class H1HeaderRules {

    private static final byte[] CHUNKED = HeaderTable.bytes("chunked");
    private static final byte[] CLOSE = HeaderTable.bytes("close");
    private static final byte[] KEEP_ALIVE = HeaderTable.bytes("keep-alive");
    private static final byte[] UPGRADE = HeaderTable.bytes("upgrade");
    private static final byte[] WEBSOCKET = HeaderTable.bytes("websocket");
    private static final byte[] CONTINUE = HeaderTable.bytes("100-continue");

    private final H1Parser p;
    private boolean teChunkedSeen;

    H1HeaderRules(H1Parser parser) {
        this.p = parser;
    }

    /** Runs every post-parse rule; records a failure in the parser. */
    void finish() {
        HeaderTable h = p.headers();
        ByteBuffer b = h.buffer();
        boolean resp = (p.flags & H1_MF_RESP) != 0;
        teChunkedSeen = false;
        int host = -1;
        int wsKeyLen = -1;
        int n = h.count();
        for (int i = 0; i < n; i++) {
            switch (h.id(i)) {
                case HeaderTable.ID_CONTENT_LENGTH:
                    if (!contentLength(h, b, i)) {
                        return;
                    }
                    break;
                case HeaderTable.ID_TRANSFER_ENCODING:
                    if (!transferEncoding(b, h.valueStart(i), h.valueEnd(i), resp)) {
                        p.fail(H1Error.BAD_TRANSFER_ENCODING, h.valueStart(i));
                        return;
                    }
                    break;
                case HeaderTable.ID_CONNECTION:
                    connectionTokens(b, h.valueStart(i), h.valueEnd(i));
                    break;
                case HeaderTable.ID_UPGRADE:
                    p.flags |= H1_MF_UPGRADE;
                    if (hasToken(b, h.valueStart(i), h.valueEnd(i), WEBSOCKET)) {
                        p.flags |= H1_MF_UPG_WEBSOCKET;
                    }
                    break;
                case HeaderTable.ID_EXPECT:
                    if (!resp && h.valueEquals(i, CONTINUE, true)) {
                        p.flags |= H1_MF_EXPECT_100;
                    }
                    break;
                case HeaderTable.ID_HOST:
                    if (resp) {
                        break;
                    }
                    // RULE-5: identical Host values collapse; different ones are a 400.
                    if (host < 0) {
                        host = i;
                        p.flags |= H1_MF_HOST;
                    } else if (sameValue(h, b, host, i)) {
                        h.delete(i);
                    } else {
                        p.fail(H1Error.HOST_CONFLICT, h.nameStart(i));
                        return;
                    }
                    break;
                case HeaderTable.ID_SEC_WEBSOCKET_KEY:
                    wsKeyLen = h.valueEnd(i) - h.valueStart(i);
                    break;
                default:
                    break;
            }
        }
        int f = p.flags;
        // RULE-2: the last coding of a request must be chunked; another coding before it is a 422.
        if ((f & H1_MF_XFER_ENC) != 0) {
            if (!resp && (f & H1_MF_CHNK) == 0) {
                p.fail(H1Error.BAD_TRANSFER_ENCODING, h.valueStart(h.findId(HeaderTable.ID_TRANSFER_ENCODING, 0)));
                return;
            }
            if ((f & H1_MF_TE_OTHER) != 0) {
                p.fail(H1Error.UNKNOWN_TRANSFER_CODING, h.valueStart(h.findId(HeaderTable.ID_TRANSFER_ENCODING, 0)));
                return;
            }
            // RULE-3: C-L beside T-E is deleted and the connection closes after the transaction.
            if ((f & H1_MF_CLEN) != 0) {
                for (int i = 0; i < n; i++) {
                    if (h.id(i) == HeaderTable.ID_CONTENT_LENGTH) {
                        h.delete(i);
                    }
                }
                f = (f & ~H1_MF_CLEN) | H1_MF_FORCE_CLOSE;
                p.contentLength = -1;
            }
            if ((f & H1_MF_VER_11) == 0) {
                f |= H1_MF_FORCE_CLOSE;
            }
        }
        p.flags = f;
        if (resp) {
            responseLength();
        } else {
            requestChecks(h, b, host, wsKeyLen);
        }
    }

    /** RULE-1: every element of every C-L header is the same decimal; duplicates collapse. */
    private boolean contentLength(HeaderTable h, ByteBuffer b, int i) {
        int q = h.valueStart(i);
        int e = h.valueEnd(i);
        long value = -1;
        int firstDigits = -1;
        int firstEnd = -1;
        while (true) {
            while (q < e && isSpHt(b.get(q))) {
                q++;
            }
            if (q == e || !isDigit(b.get(q))) {
                p.fail(H1Error.BAD_CONTENT_LENGTH, q);
                return false;
            }
            int ds = q;
            long v = 0;
            while (q < e && isDigit(b.get(q))) {
                int d = b.get(q) - '0';
                if (v > (Long.MAX_VALUE - d) / 10) {
                    p.fail(H1Error.BAD_CONTENT_LENGTH, q);
                    return false;
                }
                v = v * 10 + d;
                q++;
            }
            int de = q;
            while (q < e && isSpHt(b.get(q))) {
                q++;
            }
            if (q < e && b.get(q) != ',') {
                p.fail(H1Error.BAD_CONTENT_LENGTH, q);
                return false;
            }
            if (value >= 0 && v != value) {
                p.fail(H1Error.DIFFERENT_CONTENT_LENGTH, ds);
                return false;
            }
            if (value < 0) {
                value = v;
                while (ds < de - 1 && b.get(ds) == '0') {
                    ds++; // leading zeros are dropped
                }
                firstDigits = ds;
                firstEnd = de;
            }
            if (q == e) {
                break;
            }
            q++;
        }
        if ((p.flags & H1_MF_CLEN) != 0) {
            if (p.contentLength != value) {
                p.fail(H1Error.DIFFERENT_CONTENT_LENGTH, h.valueStart(i));
                return false;
            }
            h.delete(i);
            return true;
        }
        p.flags |= H1_MF_CLEN;
        p.contentLength = value;
        h.setValue(i, firstDigits, firstEnd);
        return true;
    }

    /** RULE-2: walks the codings; false on chunked twice or (request) a coding after chunked. */
    private boolean transferEncoding(ByteBuffer b, int s, int e, boolean resp) {
        p.flags |= H1_MF_XFER_ENC;
        for (long t = nextToken(b, s, e); t >= 0; t = nextToken(b, (int) t, e)) {
            int ws = (int) (t >>> 32);
            int we = (int) t;
            p.flags &= ~H1_MF_CHNK;
            if (we - ws == CHUNKED.length && HeaderTable.regionEquals(b, ws, CHUNKED, true)) {
                if (teChunkedSeen) {
                    return false;
                }
                teChunkedSeen = true;
                p.flags |= H1_MF_CHNK;
            } else {
                if (!resp && teChunkedSeen) {
                    return false;
                }
                p.flags |= H1_MF_TE_OTHER;
            }
        }
        return true;
    }

    /** RULE-4: the close / keep-alive / upgrade tokens, case-insensitive, across all headers. */
    private void connectionTokens(ByteBuffer b, int s, int e) {
        if (hasToken(b, s, e, CLOSE)) {
            p.flags |= H1_MF_CONN_CLO;
        }
        if (hasToken(b, s, e, KEEP_ALIVE)) {
            p.flags |= H1_MF_CONN_KAL;
        }
        if (hasToken(b, s, e, UPGRADE)) {
            p.flags |= H1_MF_CONN_UPG;
        }
    }

    /** True when the comma list [s, e) holds {@code token} (case-insensitive, blanks trimmed). */
    static boolean hasToken(ByteBuffer b, int s, int e, byte[] token) {
        for (long t = nextToken(b, s, e); t >= 0; t = nextToken(b, (int) t, e)) {
            int ws = (int) (t >>> 32);
            if ((int) t - ws == token.length && HeaderTable.regionEquals(b, ws, token, true)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the first token of the comma list [from, e) as {@code start << 32 | end}, blanks and empty elements
     * skipped, or -1 when none is left; the next token is searched from {@code end} (only blanks and the comma lie
     * between it and the next element). Runs on the parsing thread; allocates nothing.
     */
    static long nextToken(ByteBuffer b, int from, int e) {
        int q = from;
        while (q < e) {
            int c = b.get(q);
            if (isSpHt(c) || c == ',') {
                q++;
                continue;
            }
            int ws = q;
            while (q < e && b.get(q) != ',') {
                q++;
            }
            int we = q;
            while (we > ws && isSpHt(b.get(we - 1))) {
                we--;
            }
            return ((long) ws << 32) | we;
        }
        return -1;
    }

    private static boolean sameValue(HeaderTable h, ByteBuffer b, int i, int j) {
        int len = h.valueEnd(i) - h.valueStart(i);
        if (len != h.valueEnd(j) - h.valueStart(j)) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (HeaderTable.lower(b.get(h.valueStart(i) + k)) != HeaderTable.lower(b.get(h.valueStart(j) + k))) {
                return false;
            }
        }
        return true;
    }

    /** RULE-7: the body length of a response (bodyless statuses, chunked, C-L, else until close). */
    private void responseLength() {
        int f = p.flags;
        int st = p.status();
        boolean bodyless = (f & H1_MF_METH_HEAD) != 0 || (st >= 100 && st < 200) || st == 204 || st == 304
                || ((f & H1_MF_METH_CONNECT) != 0 && st >= 200 && st < 300);
        if (bodyless) {
            f |= H1_MF_BODYLESS | H1_MF_XFER_LEN;
        } else if ((f & H1_MF_CHNK) != 0) {
            f |= H1_MF_XFER_LEN;
        } else if ((f & H1_MF_CLEN) != 0) {
            f |= H1_MF_XFER_LEN | (p.contentLength == 0 ? H1_MF_BODYLESS : 0);
        } else {
            f |= H1_MF_UNTIL_CLOSE;
        }
        if (st != 101) {
            f &= ~(H1_MF_UPGRADE | H1_MF_UPG_WEBSOCKET);
        }
        p.flags = f;
    }

    /** RULE-6/8/9: request body length, HTTP/1.0 payload, WebSocket key, Host vs authority. */
    private void requestChecks(HeaderTable h, ByteBuffer b, int host, int wsKeyLen) {
        int f = p.flags;
        if ((f & H1_MF_METH_CONNECT) != 0) {
            // A CONNECT has no body whatever it says: its C-L and T-E lines are dropped too, or the
            // server would take the first tunnel bytes for a body the proxy never framed.
            f = (f & ~(H1_MF_CHNK | H1_MF_CLEN)) | H1_MF_BODYLESS | H1_MF_XFER_LEN;
            p.contentLength = -1;
            for (int i = 0, n = h.count(); i < n; i++) {
                if (h.id(i) == HeaderTable.ID_CONTENT_LENGTH || h.id(i) == HeaderTable.ID_TRANSFER_ENCODING) {
                    h.delete(i);
                }
            }
        } else if ((f & H1_MF_CHNK) != 0) {
            f |= H1_MF_XFER_LEN;
        } else if ((f & H1_MF_CLEN) != 0) {
            f |= H1_MF_XFER_LEN | (p.contentLength == 0 ? H1_MF_BODYLESS : 0);
        } else {
            f |= H1_MF_XFER_LEN | H1_MF_BODYLESS;
        }
        p.flags = f;
        boolean hasBody = (f & H1_MF_BODYLESS) == 0;
        int m = p.method();
        if (hasBody && (f & H1_MF_VER_11) == 0
                && (m == H1Parser.METH_GET || m == H1Parser.METH_HEAD || m == H1Parser.METH_DELETE)) {
            p.fail(H1Error.PAYLOAD_ON_10, p.methodStart());
            return;
        }
        if ((f & (H1_MF_CONN_UPG | H1_MF_UPG_WEBSOCKET)) == (H1_MF_CONN_UPG | H1_MF_UPG_WEBSOCKET)
                && wsKeyLen != 24) {
            p.fail(H1Error.BAD_WEBSOCKET_KEY, p.headers().valueStart(p.headers().findId(HeaderTable.ID_UPGRADE, 0)));
            return;
        }
        if (hasBody && (f & H1_MF_CONN_UPG) != 0) {
            p.flags &= ~(H1_MF_CONN_UPG | H1_MF_UPGRADE | H1_MF_UPG_WEBSOCKET);
        }
        if (host >= 0 && p.authorityStart >= 0
                && !sameAuthority(b, p.authorityStart, p.authorityEnd, h.valueStart(host), h.valueEnd(host),
                        p.defaultPort)) {
            p.fail(H1Error.HOST_CONFLICT, h.nameStart(host));
        }
    }

    /** True when [s, e) ends with {@code :digits} (an explicit port, IPv6 brackets respected). */
    static boolean hasPort(ByteBuffer b, int s, int e) {
        int colon = portColon(b, s, e);
        return colon >= 0 && colon + 1 < e;
    }

    private static int portColon(ByteBuffer b, int s, int e) {
        int q = e;
        while (q > s && isDigit(b.get(q - 1))) {
            q--;
        }
        return q > s && b.get(q - 1) == ':' ? q - 1 : -1;
    }

    /**
     * RULE-9: the URI's authority and the Host value name the same host and port, a missing port
     * standing for {@code defaultPort} (80/443; for CONNECT either may be omitted).
     */
    static boolean sameAuthority(ByteBuffer b, int as, int ae, int hs, int he, int defaultPort) {
        int ac = portColon(b, as, ae);
        int hc = portColon(b, hs, he);
        int aHostEnd = ac < 0 ? ae : ac;
        int hHostEnd = hc < 0 ? he : hc;
        if (aHostEnd - as != hHostEnd - hs) {
            return false;
        }
        for (int k = 0; k < aHostEnd - as; k++) {
            if (HeaderTable.lower(b.get(as + k)) != HeaderTable.lower(b.get(hs + k))) {
                return false;
            }
        }
        long ap = ac < 0 ? defaultPort : port(b, ac + 1, ae);
        long hp = hc < 0 ? defaultPort : port(b, hc + 1, he);
        if (defaultPort == 0 && (ac < 0 || hc < 0)) {
            long explicit = ac < 0 ? hp : ap;
            return ac < 0 && hc < 0 || explicit == 80 || explicit == 443;
        }
        return ap == hp;
    }

    private static long port(ByteBuffer b, int s, int e) {
        long v = 0;
        for (int q = s; q < e && v < 1_000_000; q++) {
            v = v * 10 + b.get(q) - '0';
        }
        return v;
    }
}
