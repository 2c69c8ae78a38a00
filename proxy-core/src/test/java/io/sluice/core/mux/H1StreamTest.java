package io.sluice.core.mux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.sluice.core.h1.H1Parser;

/** The h1s body paths over h1c buffers (no fd: bytes are handed to the connections with receive()). */
class H1StreamTest {

    private static H1Connection conn() {
        H1Connection c = new H1Connection(null);
        c.attachBuffers(ByteBuffer.allocateDirect(256), ByteBuffer.allocateDirect(256));
        return c;
    }

    private static void feed(H1Connection c, String s) {
        c.receive(ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String output(H1Connection c) {
        ByteBuffer o = c.out().duplicate();
        byte[] b = new byte[o.position() - c.olo()];
        o.get(c.olo(), b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static H1Stream request(H1Connection front, String head) {
        H1Stream s = new H1Stream(101, 256, 64);
        s.beginRequest(front);
        feed(front, head);
        assertThat(s.parseHead(front)).isEqualTo(H1Parser.DONE);
        s.headForwarded(front);
        return s;
    }

    @Test
    void aContentLengthBodyIsForwardedAsReceivedAcrossReads() {
        H1Connection front = conn();
        H1Connection back = conn();
        H1Stream req = request(front, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nhello");
        assertThat(req.forwardBody(front, back, true)).isEqualTo(5);
        assertThat(req.done()).isFalse();
        assertThat(front.avail()).isZero();
        assertThat(front.hi()).isZero(); // an emptied input restarts at 0 while the body goes on
        feed(front, "worldGET /next");
        assertThat(req.forwardBody(front, back, true)).isEqualTo(5);
        assertThat(req.done()).isTrue();
        assertThat(output(back)).isEqualTo("helloworld");
        // The pipelined request stays unconsumed, after the body.
        assertThat(front.avail()).isEqualTo("GET /next".length());
    }

    @Test
    void aChunkedBodyWithTrailersIsDrainedAndTheNextRequestKept() {
        H1Connection front = conn();
        H1Stream req = request(front, "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab");
        assertThat(req.drainBody(front)).isPositive();
        assertThat(req.done()).isFalse();
        feed(front, "c\r\n0\r\nX-T: 1\r\n\r\nGET / HTTP/1.1\r\n");
        assertThat(req.drainBody(front)).isPositive();
        assertThat(req.done()).isTrue();
        assertThat(front.avail()).isEqualTo("GET / HTTP/1.1\r\n".length());
        assertThat(req.drainBody(front)).isZero();
    }

    @Test
    void badChunkFramingWhileDrainingIsAnError() {
        H1Connection front = conn();
        H1Stream req = request(front, "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
        feed(front, "zz\r\nabc\r\n");
        assertThat(req.drainBody(front)).isEqualTo(H1Stream.FWD_ERROR);
    }

    @Test
    void aCloseDelimitedResponseEndsAtTheServersFin() {
        H1Connection back = conn();
        H1Connection front = conn();
        H1Stream res = new H1Stream(101, 256, 64);
        res.beginResponse(back, 0);
        feed(back, "HTTP/1.0 200 OK\r\n\r\nbody");
        assertThat(res.parseHead(back)).isEqualTo(H1Parser.DONE);
        res.headForwarded(back);
        assertThat(res.forwardBody(back, front, false)).isEqualTo(4);
        assertThat(res.done()).isFalse();
        back.eof(true);
        assertThat(res.forwardBody(back, front, false)).isZero();
        assertThat(res.done()).isTrue();
        assertThat(output(front)).isEqualTo("body");
        // A request body never ends at a FIN: the stream decides what a client close means.
        H1Stream req = request(front, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\na");
        front.eof(true);
        assertThat(req.forwardBody(front, back, true)).isEqualTo(1);
        assertThat(req.forwardBody(front, back, true)).isZero();
        assertThat(req.done()).isFalse();
    }

    @Test
    void compactMovesTheUnconsumedBytesToTheStart() {
        H1Connection c = conn();
        feed(c, "abcdef");
        c.pos(4);
        c.compact();
        assertThat(c.pos()).isZero();
        assertThat(c.hi()).isEqualTo(2);
        assertThat(c.in().get(0)).isEqualTo((byte) 'e');
    }
}
