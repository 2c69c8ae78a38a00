package io.sluice.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid server responses (reference §3–4): the client gets HAProxy's 502 page, the event is
 * logged {@code PH--} with no response time ({@code SH--} when the server closed without a byte),
 * the broken server connection is dropped, and the next client is served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerResponseTest {

    private HttpFixture fx;

    @BeforeAll
    void start() throws Exception {
        fx = HttpFixture.start("", "", "", "");
    }

    @AfterAll
    void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    static Stream<Arguments> invalid() {
        StringBuilder many = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < 101; i++) {
            many.append("X-").append(i).append(": v\r\n");
        }
        many.append("Content-Length: 2\r\n\r\nok");
        return Stream.of(
                Arguments.of("garbage status line", "FOO BAR\r\n\r\n", "PH"),
                Arguments.of("HTTP/0.9-style answer", "hello\r\n", "PH"),
                Arguments.of("lower-case version", "http/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "PH"),
                Arguments.of("non-digit status", "HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\nok", "PH"),
                Arguments.of("two different Content-Lengths",
                        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!", "PH"),
                Arguments.of("T-E gzip, chunked",
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", "PH"),
                Arguments.of("header larger than the buffer",
                        "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(20_000) + "\r\nContent-Length: 2\r\n\r\nok", "PH"),
                Arguments.of("space before the colon", "HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok", "PH"),
                // HAProxy 3.0 rejects NUL in a value; the local HAProxy 2.6 accepts it.
                Arguments.of("NUL in a header value", "HTTP/1.1 200 OK\r\nX: a\0b\r\nContent-Length: 2\r\n\r\nok",
                        "PH"),
                Arguments.of("101 header lines", many.toString(), "PH"),
                Arguments.of("closed without a byte", "", "SH"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    @Timeout(30)
    void invalidResponseGets502(String name, String raw, String flags) throws Exception {
        String path = "/bad-" + Math.abs(name.hashCode());
        fx.app.canned.put(path, raw.getBytes(StandardCharsets.ISO_8859_1));
        int cport;
        try (HttpWire c = new HttpWire(fx.fe)) {
            cport = c.localPort();
            HttpWire.Response r = c.send("GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals(502, r.status());
            assertEquals(HttpFixture.BODY_502, r.body());
            assertEquals("107", r.headers().get("content-length"));
            assertEquals("no-cache", r.headers().get("cache-control"));
            assertEquals("text/html", r.headers().get("content-type"));
        }
        fx.awaitLogOf(cport, "fe app/s1 \\d+/\\d+/\\d+/-1/\\d+ 502 \\d+ - - " + flags
                + "-- \\d+/\\d+/\\d+/\\d+/0 0/0 \"GET " + path + " HTTP/1\\.1\"");
        fx.assertNextClientServed();
    }

    /**
     * A response whose body ends early (server close before its Content-Length): the client
     * connection is closed rather than left waiting, and the stream ends {@code SD--}.
     */
    @Test
    @Timeout(30)
    void responseTruncatedByTheServerClosesTheClient() throws Exception {
        fx.app.canned.put("/truncated", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"
                .getBytes(StandardCharsets.ISO_8859_1));
        int cport;
        try (HttpWire c = new HttpWire(fx.fe)) {
            cport = c.localPort();
            c.send("GET /truncated HTTP/1.1\r\nHost: t\r\n\r\n");
            HttpWire.Ending e = c.readToEnd();
            assertFalse(e.text().contains("abcd"), e.text());
        }
        fx.awaitLogOf(cport, "fe app/s1 \\d+/\\d+/\\d+/\\d+/\\d+ 200 \\d+ - - SD-- .*\"GET /truncated HTTP/1\\.1\"");
        fx.assertNextClientServed();
    }

    /** The checker: a valid canned answer is not taken for a 502 (the broken variant of the check). */
    @Test
    @Timeout(30)
    void checkerRejectsAValidAnswer() throws Exception {
        fx.app.canned.put("/fine", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
        try (HttpWire c = new HttpWire(fx.fe)) {
            HttpWire.Response r = c.send("GET /fine HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertThrows(AssertionError.class, () -> assertEquals(502, r.status()));
            assertEquals("ok", r.body());
        }
    }
}
