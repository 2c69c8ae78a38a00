package io.sluice.core.http;

import java.nio.ByteBuffer;

import io.sluice.core.h1.HeaderTable;

/**
 * One ACL expression compiled for matching: the fetch, the method, and the patterns as bytes,
 * integer ranges or networks. Immutable after {@link AclCompiler} built it; {@link #matches} runs
 * on any loop thread with that thread's {@link HttpMatchContext} and allocates nothing.
 */
final class CompiledAcl {

    static final int F_PATH = 1;
    static final int F_URL = 2;
    static final int F_METHOD = 3;
    static final int F_HDR = 4;
    static final int F_SRC = 5;
    static final int F_DST_PORT = 6;
    static final int F_SRC_PORT = 7;
    static final int F_TRUE = 8;
    static final int F_FALSE = 9;

    static final int M_STR = 1;
    static final int M_BEG = 2;
    static final int M_END = 3;
    static final int M_SUB = 4;
    static final int M_REG = 5;
    static final int M_INT = 6;
    static final int M_IP = 7;
    static final int M_FOUND = 8;

    final int fetch;
    final int match;
    final boolean ignoreCase;
    final byte[] hdrName;
    final byte[][] patterns;
    final int[] regexIds;
    final long[] intLow;
    final long[] intHigh;
    final byte[][] netAddr;
    final int[] netBits;

    CompiledAcl(int fetch, int match, boolean ignoreCase, byte[] hdrName, byte[][] patterns, int[] regexIds,
                long[] intLow, long[] intHigh, byte[][] netAddr, int[] netBits) {
        this.fetch = fetch;
        this.match = match;
        this.ignoreCase = ignoreCase;
        this.hdrName = hdrName;
        this.patterns = patterns;
        this.regexIds = regexIds;
        this.intLow = intLow;
        this.intHigh = intHigh;
        this.netAddr = netAddr;
        this.netBits = netBits;
    }

    boolean matches(HttpMatchContext c) {
        switch (fetch) {
            case F_TRUE:
                return true;
            case F_FALSE:
                return false;
            case F_DST_PORT:
                return intMatch(c.dstPort);
            case F_SRC_PORT:
                return intMatch(c.srcPort);
            case F_SRC:
                return ipMatch(c.src, c.srcLen);
            case F_METHOD:
                return bytesMatch(c, c.request.buffer(), c.request.methodStart(), c.request.methodEnd());
            case F_URL:
                return bytesMatch(c, c.request.buffer(), c.request.uriStart(), c.request.uriEnd());
            case F_PATH: {
                int s = c.pathStart();
                return bytesMatch(c, c.request.buffer(), s, c.pathEnd(s));
            }
            case F_HDR:
                return headerMatch(c);
            default:
                return false;
        }
    }

    /** hdr(name): every occurrence, each comma-separated value trimmed, is a sample. */
    private boolean headerMatch(HttpMatchContext c) {
        HeaderTable h = c.request.headers();
        ByteBuffer b = h.buffer();
        for (int i = h.find(hdrName, 0); i >= 0; i = h.find(hdrName, i + 1)) {
            if (match == M_FOUND) {
                return true;
            }
            int q = h.valueStart(i);
            int e = h.valueEnd(i);
            while (true) {
                int ws = q;
                while (q < e && b.get(q) != ',') {
                    q++;
                }
                int we = q;
                while (ws < we && (b.get(ws) == ' ' || b.get(ws) == '\t')) {
                    ws++;
                }
                while (we > ws && (b.get(we - 1) == ' ' || b.get(we - 1) == '\t')) {
                    we--;
                }
                if (bytesMatch(c, b, ws, we)) {
                    return true;
                }
                if (q >= e) {
                    break;
                }
                q++;
            }
        }
        return false;
    }

    private boolean bytesMatch(HttpMatchContext c, ByteBuffer b, int s, int e) {
        if (match == M_FOUND) {
            return true;
        }
        int len = e - s;
        for (int k = 0; k < patterns.length; k++) {
            byte[] p = patterns[k];
            switch (match) {
                case M_STR:
                    if (len == p.length && eq(b, s, p)) {
                        return true;
                    }
                    break;
                case M_BEG:
                    if (len >= p.length && eq(b, s, p)) {
                        return true;
                    }
                    break;
                case M_END:
                    if (len >= p.length && eq(b, e - p.length, p)) {
                        return true;
                    }
                    break;
                case M_SUB:
                    for (int off = s; off + p.length <= e; off++) {
                        if (eq(b, off, p)) {
                            return true;
                        }
                    }
                    break;
                case M_REG:
                    if (c.matchers[regexIds[k]].reset(c.seq.aim(b, s, e)).find()) {
                        return true;
                    }
                    break;
                default:
                    return false;
            }
        }
        return false;
    }

    private boolean eq(ByteBuffer b, int off, byte[] p) {
        for (int k = 0; k < p.length; k++) {
            int x = b.get(off + k);
            int y = p[k];
            if (x != y && (!ignoreCase || lower(x) != y)) {
                return false;
            }
        }
        return true;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    private boolean intMatch(long v) {
        for (int k = 0; k < intLow.length; k++) {
            if (v >= intLow[k] && v <= intHigh[k]) {
                return true;
            }
        }
        return false;
    }

    private boolean ipMatch(byte[] addr, int len) {
        for (int k = 0; k < netAddr.length; k++) {
            byte[] n = netAddr[k];
            byte[] a = addr;
            int alen = len;
            int off = 0;
            if (n.length == 4 && len == 16 && isMapped(addr)) {
                off = 12; // ::ffff:a.b.c.d matches IPv4 networks
                alen = 4;
            }
            if (n.length != alen) {
                continue;
            }
            int bits = netBits[k];
            boolean ok = true;
            for (int i = 0; ok && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                ok = ((a[off + i] ^ n[i]) & mask) == 0;
            }
            if (ok) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }
}
