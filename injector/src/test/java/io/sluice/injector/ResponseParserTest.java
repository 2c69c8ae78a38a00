package io.sluice.injector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The response head parser and the chunked decoder, including heads and chunks split anywhere. */
class ResponseParserTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void parsesStatusFramingAndConnectionMode() {
        ResponseParser p = new ResponseParser();
        byte[] r = b("HTTP/1.1 200 OK\r\nContent-Length: 12\r\nConnection: keep-alive\r\n\r\nhello world!");
        assertThat(p.parseHead(r, 0, r.length)).isEqualTo(r.length - 12);
        assertThat(p.status).isEqualTo(200);
        assertThat(p.contentLength).isEqualTo(12);
        assertThat(p.chunked).isFalse();
        assertThat(p.close).isFalse();

        byte[] c = b("HTTP/1.1 302 Found\r\nconnection: Close\r\nLocation: /\r\n\r\n");
        assertThat(p.parseHead(c, 0, c.length)).isEqualTo(c.length);
        assertThat(p.status).isEqualTo(302);
        assertThat(p.close).isTrue();
        assertThat(p.contentLength).isEqualTo(ResponseParser.NO_LENGTH);

        byte[] old = b("HTTP/1.0 204 No Content\n\n");
        assertThat(p.parseHead(old, 0, old.length)).isEqualTo(old.length);
        assertThat(p.close).as("HTTP/1.0 closes by default").isTrue();

        byte[] te = b("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n");
        assertThat(p.parseHead(te, 0, te.length)).isEqualTo(te.length);
        assertThat(p.chunked).isTrue();
        assertThat(p.contentLength).as("chunked wins over Content-Length").isEqualTo(ResponseParser.NO_LENGTH);
    }

    @Test
    void incompleteHeadsNeedMoreAtEverySplitPoint() {
        ResponseParser p = new ResponseParser();
        byte[] r = b("HTTP/1.1 200 OK\r\nServer: x\r\nContent-Length: 3\r\n\r\n");
        for (int n = 0; n < r.length; n++) {
            assertThat(p.parseHead(r, 0, n)).as("first %d bytes", n).isEqualTo(ResponseParser.NEED_MORE);
        }
        assertThat(p.parseHead(r, 0, r.length)).isEqualTo(r.length);
    }

    @Test
    void malformedHeadsAreRejected() {
        ResponseParser p = new ResponseParser();
        for (String bad : new String[] {"HTTX/1.1 200 OK\r\n\r\n", "HTTP/1.2 200 OK\r\n\r\n", "HTTP/1.1 099 x\r\n\r\n",
            "HTTP/1.1 600 x\r\n\r\n", "HTTP/1.1 2x0 x\r\n\r\n", "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n", "garbage"}) {
            byte[] r = b(bad);
            assertThat(p.parseHead(r, 0, r.length)).as(bad).isEqualTo(ResponseParser.MALFORMED);
        }
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailersSplitAnywhere() {
        byte[] body = b("5;name=v\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-T: 1\r\n\r\n");
        for (int split = 0; split < body.length; split++) {
            ResponseParser p = new ResponseParser();
            byte[] head = b("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            p.parseHead(head, 0, head.length);
            int r1 = p.feedChunked(body, 0, split);
            assertThat(r1).isEqualTo(split);
            assertThat(p.chunkedDone()).isFalse();
            int r2 = p.feedChunked(body, split, body.length);
            assertThat(r2).as("split at %d", split).isEqualTo(body.length);
            assertThat(p.chunkedDone()).isTrue();
        }
    }

    @Test
    void badChunkSizesAreRejected() {
        for (String bad : new String[] {"zz\r\n", "\r\n", "5\r\nhelloXX", "5\r\nhello\r\n0\r\n\rX"}) {
            ResponseParser p = new ResponseParser();
            byte[] head = b("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            p.parseHead(head, 0, head.length);
            byte[] r = b(bad);
            assertThat(p.feedChunked(r, 0, r.length)).as(bad).isEqualTo(ResponseParser.MALFORMED);
        }
    }

    /**
     * The deliberately broken variant: h1load's own framing, where a keep-alive response without Content-Length has
     * an empty body. Returns the number of body bytes it believes the response has.
     */
    private static long brokenBodyLength(ResponseParser p) {
        return p.contentLength < 0 ? 0 : p.contentLength;
    }

    @Test
    void checkerCatchesTheEmptyBodyVariantOnCloseDelimitedResponses() {
        // The check used by the close-delimited integration test: every byte sent belongs to the response.
        byte[] r = b("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nthe body ends with the connection\n");
        ResponseParser p = new ResponseParser();
        int head = p.parseHead(r, 0, r.length);
        long leftoverBroken = r.length - head - brokenBodyLength(p);
        assertThat(leftoverBroken).as("the broken variant leaves body bytes over (a protocol error)").isPositive();
        assertThat(p.contentLength).as("ours reads until close").isEqualTo(ResponseParser.NO_LENGTH);
    }
}
