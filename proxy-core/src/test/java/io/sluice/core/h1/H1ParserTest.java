package io.sluice.core.h1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Details the corpus does not show: spans, in-place rewriting, limits, offsets, pipelining. */
class H1ParserTest {

    private static H1Parser parse(String escaped) {
        byte[] b = Wire.unescape(escaped);
        H1Parser p = H1Parser.withDefaults();
        p.beginRequest(Wire.direct(b), 0);
        p.parse(b.length);
        return p;
    }

    private static String span(H1Parser p, int s, int e) {
        return HeaderTable.ascii(p.buffer(), s, e);
    }

    @Test
    void requestLineSpansAndLowerCasedNames() {
        H1Parser p = parse("\\r\\nPOST  /a?b=1\\tHTTP/1.1\\r\\nHOST: h\\r\\nX-Mixed-Case:  v  \\r\\n\\r\\n");
        assertThat(p.isDone()).isTrue();
        assertThat(span(p, p.methodStart(), p.methodEnd())).isEqualTo("POST");
        assertThat(p.method()).isEqualTo(H1Parser.METH_POST);
        assertThat(span(p, p.uriStart(), p.uriEnd())).isEqualTo("/a?b=1");
        assertThat(span(p, p.versionStart(), p.versionEnd())).isEqualTo("HTTP/1.1");
        assertThat(span(p, p.methodStart(), p.startLineEnd())).isEqualTo("POST  /a?b=1\tHTTP/1.1");
        assertThat(p.headers().nameString(0)).isEqualTo("host");
        assertThat(p.headers().nameString(1)).isEqualTo("x-mixed-case");
        assertThat(p.headers().valueString(1)).isEqualTo("v");
        assertThat(p.headLength()).isEqualTo(Wire.unescape("\\r\\nPOST  /a?b=1\\tHTTP/1.1\\r\\nHOST: h\\r\\n"
                + "X-Mixed-Case:  v  \\r\\n\\r\\n").length);
    }

    @Test
    void obsFoldIsUnfoldedInPlace() {
        H1Parser p = parse("GET / HTTP/1.1\\r\\nX: a\\r\\n\\tb \\r\\n  c\\r\\nY:\\r\\n d\\r\\n\\r\\n");
        assertThat(p.headers().valueString(0)).isEqualTo("a  \tb     c");
        assertThat(p.headers().valueString(1)).isEqualTo("d");
    }

    @Test
    void duplicateContentLengthIsKeptOnceWithoutLeadingZeros() {
        H1Parser p = parse("POST / HTTP/1.1\\r\\nContent-Length: 007, 7\\r\\nContent-Length: 7\\r\\n\\r\\n");
        assertThat(p.contentLength()).isEqualTo(7);
        assertThat(p.headers().valueString(0)).isEqualTo("7");
        assertThat(p.headers().isDeleted(1)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"100, 1", "101, -1"})
    void headerCountLimit(int lines, int result) {
        StringBuilder sb = new StringBuilder("GET / HTTP/1.1\\r\\n");
        for (int i = 0; i < lines; i++) {
            sb.append("X-").append(i).append(": v\\r\\n");
        }
        H1Parser p = parse(sb.append("\\r\\n").toString());
        assertThat(p.isDone() ? 1 : -1).isEqualTo(result);
        if (result < 0) {
            assertThat(p.error()).isEqualTo(H1Error.TOO_MANY_HEADERS);
            assertThat(p.errorStatus()).isEqualTo(400);
        }
    }

    @Test
    void completeHeadOverBufsizeMinusMaxrewriteFails() {
        String big = "x".repeat(15_400);
        H1Parser p = parse("GET / HTTP/1.1\\r\\nX: " + big + "\\r\\n\\r\\n");
        assertThat(p.error()).isEqualTo(H1Error.HEAD_TOO_LARGE);
        assertThat(p.errorStatus()).isEqualTo(400);
        H1Parser ok = parse("GET / HTTP/1.1\\r\\nX: " + "x".repeat(15_000) + "\\r\\n\\r\\n");
        assertThat(ok.isDone()).isTrue();
    }

    @Test
    void incompleteHeadFillingTheBufferFails() {
        byte[] b = Wire.ascii("GET /" + "a".repeat(16_400));
        H1Parser p = H1Parser.withDefaults();
        p.beginRequest(Wire.direct(b), 0);
        assertThat(p.parse(16_383)).isEqualTo(H1Parser.NEED_MORE);
        assertThat(p.parse(16_384)).isEqualTo(H1Parser.ERROR);
        assertThat(p.error()).isEqualTo(H1Error.HEAD_TOO_LARGE);
        assertThat(p.errorOffset()).isEqualTo(16_384);
    }

    @Test
    void errorOffsetPointsAtTheOffendingByte() {
        H1Parser p = parse("GET / HTTP/1.1\\r\\nHost: h\\r\\nBad Name: v\\r\\n\\r\\n");
        assertThat(p.error()).isEqualTo(H1Error.BAD_HEADER_NAME);
        assertThat(p.errorOffset()).isEqualTo("GET / HTTP/1.1\r\nHost: h\r\nBad".length());
        H1Parser n = parse("GET / HTTP/1.1\\r\\nX: a\\0\\r\\n\\r\\n");
        assertThat(n.errorOffset()).isEqualTo("GET / HTTP/1.1\r\nX: a".length());
    }

    @Test
    void errorIsReportedAsSoonAsTheBadLineArrives() {
        byte[] b = Wire.ascii("GET / HTTP/1.1\r\nX : v\r\n");
        H1Parser p = H1Parser.withDefaults();
        p.beginRequest(Wire.direct(b), 0);
        assertThat(p.parse(b.length)).isEqualTo(H1Parser.ERROR);
    }

    @Test
    void pipelinedRequestsAreParsedOneAfterTheOther() {
        byte[] b = Wire.ascii("POST /1 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /2 HTTP/1.1\r\n\r\n"
                + "POST /3 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\nGET /4 HTTP/1.0\r\n\r\n");
        ByteBuffer buf = Wire.direct(b);
        H1Parser p = H1Parser.withDefaults();
        H1BodyDecoder d = H1BodyDecoder.withDefaults();
        int pos = 0;
        StringBuilder uris = new StringBuilder();
        while (pos < b.length) {
            p.beginRequest(buf, pos);
            assertThat(p.parse(b.length)).isEqualTo(H1Parser.DONE);
            uris.append(span(p, p.uriStart(), p.uriEnd()));
            d.begin(p);
            pos = d.feed(buf, p.headEnd(), b.length);
            assertThat(d.result()).isEqualTo(H1BodyDecoder.DONE);
        }
        assertThat(uris.toString()).isEqualTo("/1/2/3/4");
    }

    @Test
    void responseBodyRules() {
        Wire.Outcome head = Wire.parseResponse(Wire.ascii("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n"), 0,
                H1Flags.H1_MF_METH_HEAD);
        assertThat(head.flags() & H1Flags.H1_MF_BODYLESS).isNotZero();
        Wire.Outcome connect = Wire.parseResponse(Wire.ascii("HTTP/1.1 200 OK\r\n\r\n"), 0,
                H1Flags.H1_MF_METH_CONNECT);
        assertThat(connect.flags() & H1Flags.H1_MF_BODYLESS).isNotZero();
        Wire.Outcome sw = Wire.parseResponse(Wire.ascii("HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\n"
                + "Upgrade: websocket\r\n\r\n"), 0, 0);
        assertThat(sw.flags() & (H1Flags.H1_MF_BODYLESS | H1Flags.H1_MF_UPGRADE))
                .isEqualTo(H1Flags.H1_MF_BODYLESS | H1Flags.H1_MF_UPGRADE);
        assertThat(ConnectionPolicy.validSwitchingProtocols(0, sw.flags())).isFalse();
        assertThat(ConnectionPolicy.validSwitchingProtocols(H1Flags.H1_MF_CONN_UPG, sw.flags())).isTrue();
    }

    @Test
    void truncatedBodiesFailAtEof() {
        H1BodyDecoder d = H1BodyDecoder.withDefaults();
        d.begin(H1Flags.H1_MF_CLEN | H1Flags.H1_MF_XFER_LEN, 10);
        ByteBuffer b = Wire.direct(Wire.ascii("12345"));
        assertThat(d.feed(b, 0, 5)).isEqualTo(5);
        assertThat(d.onEof()).isEqualTo(H1BodyDecoder.ERROR);
        assertThat(d.error()).isEqualTo(H1Error.TRUNCATED_BODY);
        assertThat(d.errorOffset()).isEqualTo(5);
        H1BodyDecoder c = H1BodyDecoder.withDefaults();
        c.begin(H1Flags.H1_MF_UNTIL_CLOSE, -1);
        c.feed(b, 0, 5);
        assertThat(c.onEof()).isEqualTo(H1BodyDecoder.DONE);
        assertThat(c.payloadBytes()).isEqualTo(5);
    }

    @Test
    void chunkErrorOffsetCountsFromTheBodyStart() {
        H1BodyDecoder d = H1BodyDecoder.withDefaults();
        d.begin(H1Flags.H1_MF_CHNK | H1Flags.H1_MF_XFER_LEN, -1);
        ByteBuffer b = Wire.direct(Wire.ascii("XX3\r\nabcQ"));
        d.feed(b, 2, 6);
        d.feed(b, 6, 10);
        assertThat(d.result()).isEqualTo(H1BodyDecoder.ERROR);
        assertThat(d.errorOffset()).isEqualTo(6);
        assertThat(H1Flags.describe(H1Flags.H1_MF_CHNK | H1Flags.H1_MF_VER_11)).isEqualTo("CHNK|VER_11");
    }

    /** The 8-byte LF search must find the first LF whatever the bytes around it (0x0b, 0x8a, 0x09...). */
    @Test
    void wordWiseLfSearchMatchesByteWise() {
        java.util.Random rnd = new java.util.Random(42);
        byte[] alphabet = {'a', 0x0b, (byte) 0x8a, 0x09, 0x01, (byte) 0xff, (byte) 0x80, 0x7f, ' '};
        for (int round = 0; round < 300; round++) {
            StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\n");
            int n = 1 + rnd.nextInt(6);
            String[] values = new String[n];
            for (int h = 0; h < n; h++) {
                StringBuilder v = new StringBuilder("v");
                int len = rnd.nextInt(20);
                for (int k = 0; k < len; k++) {
                    v.append((char) (alphabet[rnd.nextInt(alphabet.length)] & 0xff));
                }
                v.append('v');
                values[h] = v.toString();
                sb.append("x").append(h).append(": ").append(values[h]).append(rnd.nextBoolean() ? "\r\n" : "\n");
            }
            byte[] raw = Wire.ascii(sb.append("\r\n").toString());
            Wire.Outcome whole = Wire.parseRequest(raw, 0);
            assertThat(Wire.parseRequest(raw, 1)).isEqualTo(whole);
            assertThat(whole.result()).isEqualTo(H1Parser.DONE);
            StringBuilder expect = new StringBuilder();
            for (int h = 0; h < n; h++) {
                expect.append('x').append(h).append('=').append(values[h]).append(';');
            }
            assertThat(whole.headers()).isEqualTo(expect.toString());
        }
    }

    /** The word-wise NUL/CR check must stop at the first bad byte wherever it sits in a word. */
    @Test
    void wordWiseValueCheckFindsTheFirstBadByte() {
        java.util.Random rnd = new java.util.Random(7);
        for (int round = 0; round < 300; round++) {
            int len = 1 + rnd.nextInt(40);
            char[] v = new char[len];
            for (int k = 0; k < len; k++) {
                v[k] = (char) ('a' + rnd.nextInt(26));
            }
            int bad = rnd.nextInt(len);
            v[bad] = rnd.nextBoolean() ? '\0' : '\r';
            if (bad == len - 1) {
                v[bad] = '\0'; // a CR right before LF would be a valid line end
            }
            String head = "GET / HTTP/1.1\r\nX: a";
            byte[] raw = Wire.ascii(head + new String(v) + "\r\n\r\n");
            Wire.Outcome whole = Wire.parseRequest(raw, 0);
            assertThat(Wire.parseRequest(raw, 1)).isEqualTo(whole);
            assertThat(whole.errorOffset()).isEqualTo(head.length() + bad);
            assertThat(whole.error()).isIn(H1Error.NUL_IN_VALUE, H1Error.BARE_CR);
        }
    }
}
