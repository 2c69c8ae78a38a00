package io.sluice.core.h1;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Test helpers: escaped wire text to bytes, and a parse driven whole or byte by byte. */
final class Wire {

    private Wire() {
    }

    /** Decodes {@code \r \n \t \0 \\ \xHH} escapes. */
    static byte[] unescape(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '0' -> out.write(0);
                case '\\' -> out.write('\\');
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("bad escape \\" + n);
            }
        }
        return out.toByteArray();
    }

    static ByteBuffer direct(byte[] b) {
        ByteBuffer bb = ByteBuffer.allocateDirect(b.length + 16);
        bb.put(b);
        return bb;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The observable outcome of parsing one message head (and its body when the head is valid). */
    record Outcome(int result, int status, H1Error error, int errorOffset, int flags, long contentLength,
                   String headers, int headLength, int bodyResult, long bodyConsumed, H1Error bodyError) {
        /** The verdict in corpus form: {@code 200} when accepted, else the status. */
        int verdict() {
            if (result == H1Parser.ERROR) {
                return status;
            }
            if (result == H1Parser.NEED_MORE) {
                return 0;
            }
            if (bodyResult == H1BodyDecoder.ERROR) {
                return (flags & H1Flags.H1_MF_RESP) != 0 ? 502 : bodyError.requestStatus;
            }
            return 200;
        }
    }

    /** Parses {@code raw} as a request, feeding {@code step} bytes at a time (0 = all at once). */
    static Outcome parseRequest(byte[] raw, int step) {
        return parse(raw, step, false, 0);
    }

    /** Parses {@code raw} as a response to a request with {@code requestFlags}. */
    static Outcome parseResponse(byte[] raw, int step, int requestFlags) {
        return parse(raw, step, true, requestFlags);
    }

    /**
     * Like {@link #parseRequest} but the message starts at offset 9 of the buffer and, after every
     * incomplete read, the bytes are moved (to offset 0, then back to 9...) and the parser relocated.
     */
    static Outcome parseRequestCompacting(byte[] raw, int step) {
        return parse(raw, step, false, 0, true);
    }

    private static Outcome parse(byte[] raw, int step, boolean response, int reqFlags) {
        return parse(raw, step, response, reqFlags, false);
    }

    private static Outcome parse(byte[] raw, int step, boolean response, int reqFlags, boolean compact) {
        int base = compact ? 9 : 0;
        ByteBuffer b = ByteBuffer.allocateDirect(raw.length + 16 + base);
        b.position(base);
        b.put(raw);
        H1Parser p = H1Parser.withDefaults();
        if (response) {
            p.beginResponse(b, base, reqFlags);
        } else {
            p.beginRequest(b, base);
        }
        int r = H1Parser.NEED_MORE;
        int limit = base;
        int end = base + raw.length;
        int inc = step == 0 ? raw.length : step;
        while (limit < end) {
            limit = Math.min(end, limit + inc);
            r = p.parse(limit);
            if (r != H1Parser.NEED_MORE) {
                break;
            }
            if (compact) {
                // move the message (and what follows) between offsets 9 and 0 at every read
                int to = base == 0 ? 9 : 0;
                int len = end - base;
                byte[] tmp = new byte[len];
                b.get(base, tmp, 0, len);
                b.put(to, tmp, 0, len);
                p.relocate(to - base);
                limit += to - base;
                end += to - base;
                base = to;
            }
        }
        StringBuilder hs = new StringBuilder();
        int bodyResult = H1BodyDecoder.MORE;
        long consumed = 0;
        H1Error be = H1Error.NONE;
        if (r == H1Parser.DONE) {
            HeaderTable h = p.headers();
            for (int i = 0; i < h.count(); i++) {
                if (!h.isDeleted(i)) {
                    hs.append(h.nameString(i)).append('=').append(h.valueString(i)).append(';');
                }
            }
            H1BodyDecoder d = H1BodyDecoder.withDefaults();
            d.begin(p);
            int pos = p.headEnd();
            while (pos < end && d.result() == H1BodyDecoder.MORE) {
                int lim = Math.min(end, pos + inc);
                pos = d.feed(b, pos, lim);
            }
            if (d.result() == H1BodyDecoder.MORE && response) {
                d.onEof();
            }
            bodyResult = d.result();
            consumed = d.consumedBytes();
            be = d.error();
        }
        return new Outcome(r, p.errorStatus(), p.error(), p.errorOffset(), p.flags(), p.contentLength(),
                hs.toString(), p.headLength(), bodyResult, consumed, be);
    }
}
