package io.sluice.core.h1;

import static io.sluice.core.h1.H1Chars.isDigit;
import static io.sluice.core.h1.H1Parser.METH_OTHER;

import java.nio.ByteBuffer;

/**
 * The byte scans of {@link H1Parser}: word-wise LF search and NUL/CR check (SWAR, eight bytes a
 * read), method identification, URI scheme detection. Stateless; runs on the parser's loop thread
 * and allocates nothing.
 */
final class H1Scan {

    static final byte[][] METHODS = {
        null, HeaderTable.bytes("GET"), HeaderTable.bytes("HEAD"), HeaderTable.bytes("POST"),
        HeaderTable.bytes("PUT"), HeaderTable.bytes("DELETE"), HeaderTable.bytes("OPTIONS"),
        HeaderTable.bytes("CONNECT"), HeaderTable.bytes("TRACE"), HeaderTable.bytes("PATCH"),
    };

    static final byte[] PRI = HeaderTable.bytes("PRI");
    static final long LF_WORD = 0x0a0a0a0a0a0a0a0aL;
    static final long CR_WORD = 0x0d0d0d0d0d0d0d0dL;
    static final long ONES_WORD = 0x0101010101010101L;
    static final long HIGH_BITS_WORD = 0x8080808080808080L;

    private H1Scan() {
    }

    /**
     * PARSE-1: index of the first LF in [from, limit), or -1. Eight bytes at a time (SWAR): the
     * word is read little-endian so that the lowest flagged byte is the first LF in memory order
     * (the borrow of the zero-byte test only runs towards later bytes, so it cannot flag an
     * earlier one falsely).
     */
    static int findLf(ByteBuffer buf, int from, int limit) {
        int i = from;
        boolean bigEndian = buf.order() == java.nio.ByteOrder.BIG_ENDIAN;
        while (i + 8 <= limit) {
            long w = buf.getLong(i);
            if (bigEndian) {
                w = Long.reverseBytes(w);
            }
            long x = w ^ LF_WORD;
            long t = (x - ONES_WORD) & ~x & HIGH_BITS_WORD;
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
            i += 8;
        }
        for (; i < limit; i++) {
            if (buf.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** PARSE-7: true when one of the eight bytes of {@code w} is NUL or CR (exact about existence). */
    static boolean hasNulOrCr(long w) {
        long cr = w ^ CR_WORD;
        return (((w - ONES_WORD) & ~w & HIGH_BITS_WORD) | ((cr - ONES_WORD) & ~cr & HIGH_BITS_WORD)) != 0;
    }

    /** Index of the ':' of a {@code scheme://} prefix of the URI, or -1. */
    static int schemeEnd(ByteBuffer buf, int uriStart, int uriEnd) {
        int p = uriStart;
        while (p < uriEnd) {
            int c = buf.get(p);
            boolean alpha = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
            if (alpha || (p > uriStart && (isDigit(c) || c == '+' || c == '-' || c == '.'))) {
                p++;
                continue;
            }
            break;
        }
        if (p > uriStart && p + 2 < uriEnd && buf.get(p) == ':' && buf.get(p + 1) == '/'
                && buf.get(p + 2) == '/') {
            return p;
        }
        return -1;
    }

    /** The {@code H1Parser.METH_*} id of the method bytes [s, e) (case-sensitive). */
    static int identifyMethod(ByteBuffer buf, int s, int e) {
        for (int m = 1; m < METHODS.length; m++) {
            byte[] n = METHODS[m];
            if (n.length == e - s && HeaderTable.regionEquals(buf, s, n, false)) {
                return m;
            }
        }
        return METH_OTHER;
    }
}
