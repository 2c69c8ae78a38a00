package io.sluice.core.h1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RepliesTest {

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void rawErrorsAreByteExact() {
        assertThat(s(HttpErrors.raw(400))).isEqualTo("HTTP/1.1 400 Bad request\r\nContent-length: 90\r\n"
                + "Cache-Control: no-cache\r\nConnection: close\r\nContent-Type: text/html\r\n\r\n"
                + "<html><body><h1>400 Bad request</h1>\nYour browser sent an invalid request.\n</body></html>\n");
        assertThat(s(HttpErrors.raw(503))).isEqualTo("HTTP/1.1 503 Service Unavailable\r\nContent-length: 107\r\n"
                + "Cache-Control: no-cache\r\nContent-Type: text/html\r\n\r\n"
                + "<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n"
                + "</body></html>\n");
        assertThat(s(HttpErrors.raw(408))).startsWith("HTTP/1.1 408 Request Time-out\r\nContent-length: 110\r\n")
                .contains("Connection: close\r\n");
        assertThat(s(HttpErrors.raw(431))).isEqualTo(s(HttpErrors.raw(500)));
    }

    @Test
    void everyContentLengthMatchesItsBody() {
        for (int code : HttpErrors.CODES) {
            String raw = s(HttpErrors.raw(code));
            int sep = raw.indexOf("\r\n\r\n");
            String body = raw.substring(sep + 4);
            int cl = Integer.parseInt(raw.replaceAll("(?s).*Content-length: (\\d+).*", "$1"));
            assertThat(body.length()).as("status %d", code).isEqualTo(cl);
            assertThat(raw).startsWith("HTTP/1.1 " + code + " ");
        }
    }

    /** The deliberately broken variant: a body one byte short must be caught by the same check. */
    @Test
    void lengthCheckCatchesATruncatedTemplate() {
        String raw = s(HttpErrors.raw(502));
        String broken = raw.substring(0, raw.length() - 1);
        int sep = broken.indexOf("\r\n\r\n");
        assertThat(broken.length() - sep - 4).isNotEqualTo(107);
    }

    @Test
    void streamLevelRepliesAreReserialisedLowerCase() {
        PreparedReply r = HttpErrors.reply(403);
        assertThat(r.render(PreparedReply.CONN_NONE, false)).isEqualTo("HTTP/1.1 403 Forbidden\r\n"
                + "content-length: 93\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n"
                + "<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n</body></html>\n");
        PreparedReply bad = HttpErrors.reply(400);
        assertThat(bad.closes()).isTrue();
        assertThat(bad.render(PreparedReply.CONN_CLOSE, true)).isEqualTo("HTTP/1.1 400 Bad request\r\n"
                + "content-length: 90\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n"
                + "connection: close\r\n\r\n");
        assertThat(HttpErrors.reply(503).render(PreparedReply.CONN_KEEP_ALIVE, false))
                .contains("content-type: text/html\r\nconnection: keep-alive\r\n\r\n<html>");
    }

    @Test
    void returnReplyHasLengthAndTypeOnlyWithBody() {
        assertThat(Replies.compileReturn(200, "text/plain", "hi\n".getBytes(StandardCharsets.US_ASCII))
                .render(PreparedReply.CONN_NONE, false))
                .isEqualTo("HTTP/1.1 200 OK\r\ncontent-length: 3\r\ncontent-type: text/plain\r\n\r\nhi\n");
        assertThat(Replies.compileReturn(404, "text/plain", null).render(PreparedReply.CONN_NONE, false))
                .isEqualTo("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n");
    }

    private static H1Parser request(String raw) {
        byte[] b = Wire.unescape(raw);
        H1Parser p = H1Parser.withDefaults();
        p.beginRequest(Wire.direct(b), 0);
        assertThat(p.parse(b.length)).isEqualTo(H1Parser.DONE);
        return p;
    }

    private static String redirect(int code, int type, String target, boolean dropQuery, boolean slash, String req) {
        ByteBuffer out = ByteBuffer.allocate(512);
        int n = Replies.writeRedirect(out, code, type, Wire.ascii(target), dropQuery, slash, request(req),
                PreparedReply.CONN_NONE);
        return n <= 0 ? "n=" + n : new String(out.array(), 0, n, StandardCharsets.ISO_8859_1);
    }

    @Test
    void redirectsFollowHaproxyHeaders() {
        assertThat(redirect(302, Replies.REDIRECT_LOCATION, "/", false, false, "GET /x HTTP/1.1\\r\\n\\r\\n"))
                .isEqualTo("HTTP/1.1 302 Found\r\ncontent-length: 0\r\nlocation: /\r\ncache-control: no-cache\r\n\r\n");
        assertThat(redirect(301, Replies.REDIRECT_PREFIX, "https://b.example", false, false,
                "GET /a?q=1 HTTP/1.1\\r\\n\\r\\n")).isEqualTo(
                "HTTP/1.1 301 Moved Permanently\r\ncontent-length: 0\r\nlocation: https://b.example/a?q=1\r\n\r\n");
        assertThat(redirect(308, Replies.REDIRECT_PREFIX, "/new", true, true, "GET /a?q=1 HTTP/1.1\\r\\n\\r\\n"))
                .contains("location: /new/a/\r\n").startsWith("HTTP/1.1 308 Permanent Redirect\r\n");
        assertThat(redirect(303, Replies.REDIRECT_SCHEME, "https", false, false,
                "GET /p HTTP/1.1\\r\\nHost: h.example\\r\\n\\r\\n")).isEqualTo("HTTP/1.1 303 See Other\r\n"
                + "content-length: 0\r\nlocation: https://h.example/p\r\ncache-control: no-cache\r\n\r\n");
        assertThat(redirect(307, Replies.REDIRECT_SCHEME, "https", false, false, "GET /p HTTP/1.1\\r\\n\\r\\n"))
                .isEqualTo("n=0");
        ByteBuffer tiny = ByteBuffer.allocate(10);
        assertThat(Replies.writeRedirect(tiny, 302, Replies.REDIRECT_LOCATION, Wire.ascii("/"), false, false,
                request("GET / HTTP/1.1\\r\\n\\r\\n"), PreparedReply.CONN_NONE)).isEqualTo(-1);
        assertThat(tiny.position()).isZero();
    }

    @Test
    void errorfileIsValidatedAtLoad() throws Exception {
        byte[] ok = Wire.ascii("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\nConnection: close\r\n"
                + "Content-Type: text/plain\r\n\r\ndown");
        PreparedReply r = ErrorFile.parse(503, ok, "503.http", 15360);
        assertThat(r.render(PreparedReply.CONN_NONE, false)).isEqualTo("HTTP/1.1 503 Service Unavailable\r\n"
                + "content-length: 4\r\ncontent-type: text/plain\r\n\r\ndown");
        assertThat(r.closes()).isTrue();
        assertThat(ErrorFile.parse(503, new byte[0], "empty", 15360)).isNull();
        assertThatThrownBy(() -> ErrorFile.parse(503, Wire.ascii("HTTP/1.1 503 X\r\nContent-Length: 9\r\n\r\nab"),
                "f", 15360)).hasMessageContaining("content-length 9 but the body has 2 bytes");
        assertThatThrownBy(() -> ErrorFile.parse(503, Wire.ascii("<html>oops</html>\n\n"), "f", 15360))
                .hasMessageContaining("invalid HTTP response");
        assertThatThrownBy(() -> ErrorFile.parse(503, Wire.ascii("HTTP/1.1 503 X\r\nA: b\r\n"), "f", 15360))
                .hasMessageContaining("incomplete");
        assertThatThrownBy(() -> ErrorFile.parse(418, ok, "f", 15360)).hasMessageContaining("not handled");
        assertThatThrownBy(() -> ErrorFile.parse(503, Wire.ascii("HTTP/1.1 503 X\r\nTransfer-Encoding: chunked"
                + "\r\n\r\n0\r\n\r\n"), "f", 15360)).hasMessageContaining("chunked");
        assertThatThrownBy(() -> ErrorFile.parse(503, ok, "f", 10)).hasMessageContaining("larger than");
    }
}
