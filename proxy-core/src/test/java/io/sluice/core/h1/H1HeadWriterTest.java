package io.sluice.core.h1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class H1HeadWriterTest {

    private static H1Parser parse(String raw, boolean response) {
        byte[] b = Wire.unescape(raw);
        H1Parser p = H1Parser.withDefaults();
        if (response) {
            p.beginResponse(Wire.direct(b), 0, 0);
        } else {
            p.beginRequest(Wire.direct(b), 0);
        }
        assertThat(p.parse(b.length)).isEqualTo(H1Parser.DONE);
        return p;
    }

    private static String text(ByteBuffer out, int n) {
        byte[] b = new byte[n];
        out.flip();
        out.get(b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void requestIsRewrittenWithEditsForwardforAndConnectionMode() {
        H1Parser p = parse("GET /a HTTP/1.1\\r\\nHost: h\\r\\nConnection: keep-alive, Upgrade-Insecure\\r\\n"
                + "X-Drop: 1\\r\\nX-Set: old\\r\\nX-Fold: a\\r\\n b\\r\\nContent-Length: 005\\r\\n\\r\\n", false);
        H1HeadWriter.deleteAll(p.headers(), Wire.ascii("x-drop"));
        H1HeadWriter.deleteAll(p.headers(), Wire.ascii("x-set"));
        AddedHeaders add = new AddedHeaders(1024);
        assertThat(add.add(Wire.ascii("x-set"), Wire.ascii("new"))).isTrue();
        ByteBuffer out = ByteBuffer.allocate(1024);
        int n = H1HeadWriter.writeRequest(out, p, add, Wire.ascii("10.0.0.1"), PreparedReply.CONN_CLOSE);
        assertThat(text(out, n)).isEqualTo("GET /a HTTP/1.1\r\nhost: h\r\nconnection: Upgrade-Insecure\r\n"
                + "x-fold: a   b\r\ncontent-length: 5\r\nx-set: new\r\nx-forwarded-for: 10.0.0.1\r\n"
                + "connection: close\r\n\r\n");
    }

    @Test
    void http10KeepAliveAndDroppedLengthOn204() {
        H1Parser p = parse("GET / HTTP/1.0\\r\\nConnection: Keep-Alive\\r\\n\\r\\n", false);
        ByteBuffer out = ByteBuffer.allocate(256);
        int n = H1HeadWriter.writeRequest(out, p, null, null,
                ConnectionPolicy.backHeader(p.flags(), false, false));
        assertThat(text(out, n)).isEqualTo("GET / HTTP/1.0\r\nconnection: keep-alive\r\n\r\n");
        H1Parser r = parse("HTTP/1.1 204 No Content\\r\\nContent-Length: 0\\r\\nServer: s\\r\\n\\r\\n", true);
        out = ByteBuffer.allocate(256);
        n = H1HeadWriter.writeResponse(out, r, null, PreparedReply.CONN_NONE);
        assertThat(text(out, n)).isEqualTo("HTTP/1.1 204 No Content\r\nserver: s\r\n\r\n");
        out = ByteBuffer.allocate(8);
        assertThat(H1HeadWriter.writeResponse(out, r, null, PreparedReply.CONN_NONE)).isEqualTo(-1);
        assertThat(out.position()).isZero();
    }

    @Test
    void addedHeadersRemoveAndOverflow() {
        AddedHeaders a = new AddedHeaders(40);
        assertThat(a.add(Wire.ascii("a"), Wire.ascii("1"))).isTrue();
        assertThat(a.add(Wire.ascii("bb"), Wire.ascii("2"))).isTrue();
        a.remove(Wire.ascii("a"));
        assertThat(a.size()).isEqualTo("bb: 2\r\n".length());
        assertThat(a.add(Wire.ascii("c"), Wire.ascii("x".repeat(40)))).isFalse();
    }

    @Test
    void connectionModesFollowHaproxy() {
        int req11 = parse("GET / HTTP/1.1\\r\\n\\r\\n", false).flags();
        int req10 = parse("GET / HTTP/1.0\\r\\n\\r\\n", false).flags();
        int req10ka = parse("GET / HTTP/1.0\\r\\nConnection: keep-alive\\r\\n\\r\\n", false).flags();
        int res11 = parse("HTTP/1.1 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n", true).flags();
        int resClose = parse("HTTP/1.1 200 OK\\r\\n\\r\\n", true).flags();
        assertThat(ConnectionPolicy.frontClosesOnRequest(req11)).isFalse();
        assertThat(ConnectionPolicy.frontClosesOnRequest(req10)).isTrue();
        assertThat(ConnectionPolicy.frontClosesOnRequest(req10ka)).isFalse();
        assertThat(ConnectionPolicy.frontClosesOnResponse(req11, res11, false, ConnectionPolicy.MODE_KAL)).isFalse();
        assertThat(ConnectionPolicy.frontClosesOnResponse(req11, resClose, false, ConnectionPolicy.MODE_KAL))
                .isTrue();
        assertThat(ConnectionPolicy.frontClosesOnResponse(req11, res11, false, ConnectionPolicy.MODE_CLO)).isTrue();
        assertThat(ConnectionPolicy.frontClosesOnResponse(req11, res11, true, ConnectionPolicy.MODE_KAL)).isTrue();
        assertThat(ConnectionPolicy.frontHeader(req10ka, res11, false, false))
                .isEqualTo(PreparedReply.CONN_KEEP_ALIVE);
        assertThat(ConnectionPolicy.frontHeader(req11, res11, true, false)).isEqualTo(PreparedReply.CONN_CLOSE);
        assertThat(ConnectionPolicy.frontHeader(req11, res11, false, false)).isEqualTo(PreparedReply.CONN_NONE);
        assertThat(ConnectionPolicy.backClosesOnRequest(false, false, ConnectionPolicy.MODE_SCL,
                ConnectionPolicy.MODE_KAL)).isTrue();
        assertThat(ConnectionPolicy.backClosesOnRequest(false, false, ConnectionPolicy.MODE_CLO,
                ConnectionPolicy.MODE_KAL)).isFalse();
        assertThat(ConnectionPolicy.backClosesOnResponse(resClose)).isTrue();
        assertThat(ConnectionPolicy.backHeader(req11, true, false)).isEqualTo(PreparedReply.CONN_CLOSE);
        assertThat(ConnectionPolicy.backHeader(req11, true, true)).isEqualTo(PreparedReply.CONN_NONE);
    }

    @Test
    void teIsReducedToTrailersAndContinueIsExact() {
        H1Parser p = parse("GET / HTTP/1.1\\r\\nTE: gzip, Trailers\\r\\nX: 1\\r\\n\\r\\n", false);
        ByteBuffer out = ByteBuffer.allocate(256);
        int n = H1HeadWriter.writeRequest(out, p, null, null, PreparedReply.CONN_NONE);
        assertThat(text(out, n)).isEqualTo("GET / HTTP/1.1\r\nte: trailers\r\nx: 1\r\n\r\n");
        H1Parser q = parse("GET / HTTP/1.1\\r\\nTE: gzip\\r\\n\\r\\n", false);
        out = ByteBuffer.allocate(256);
        n = H1HeadWriter.writeRequest(out, q, null, null, PreparedReply.CONN_NONE);
        assertThat(text(out, n)).isEqualTo("GET / HTTP/1.1\r\n\r\n");
        assertThat(Replies.CONTINUE_100.render(PreparedReply.CONN_NONE, false))
                .isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        H1Parser bad = H1Parser.withDefaults();
        byte[] b = Wire.ascii("GET / HTTP/1.1\r\nA : b\r\n\r\n");
        bad.beginRequest(Wire.direct(b), 0);
        bad.parse(b.length);
        assertThat(TermFlags.describe(bad.errorTermFlags())).isEqualTo("PR");
    }
}
