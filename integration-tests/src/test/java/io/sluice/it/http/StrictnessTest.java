package io.sluice.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The strictness list end to end, with HAProxy 3.0's answers (DESIGN.md §5, reference §4):
 * every rejected request gets HAProxy's exact error text, the client connection is then closed with
 * a FIN, the origin receives nothing, the event has its httplog line ({@code PR--},
 * {@code "<BADREQ>"}), and a new client is served. The cases HAProxy accepts (T-E with C-L,
 * identical C-Ls, obs-fold, no Host, control characters in a value) are forwarded, well framed.
 * One proxy process serves every case, one client connection per case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictnessTest {

    /**
     * The log line of a mux-level error: no timers but Ta, no server, no request line. HAProxy logs
     * {@code %B} 0 here (reference §6, and HAProxy 2.6 does); Sluice logs the size of the reply, a
     * difference reported to the log's owner, so the byte count is not pinned yet.
     */
    static final String MUX_ERROR_LOG = "fe fe/<NOSRV> -1/-1/-1/-1/\\d+ %d \\d+ - - PR-- \\d+/\\d+/\\d+/\\d+/0 0/0 "
            + "\"<BADREQ>\"";

    /**
     * One case: the request bytes, and either the exact reply with {@code resetAllowed} (the proxy
     * could not read the request whole, so the kernel may reset after the reply), or a check of
     * what the origin received for an accepted request.
     */
    record Case(String name, String wire, String reply, int status, boolean resetAllowed,
            Consumer<MiniHttpServer.Seen> accepted, boolean closeAfter) {
        @Override
        public String toString() {
            return name;
        }
    }

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

    static Case reject400(String name, String wire) {
        return new Case(name, wire, HttpFixture.RAW_400, 400, false, null, true);
    }

    static Case reject400Unread(String name, String wire) {
        return new Case(name, wire, HttpFixture.RAW_400, 400, true, null, true);
    }

    static Case accept(String name, String wire, boolean closeAfter, Consumer<MiniHttpServer.Seen> check) {
        return new Case(name, wire, null, 200, false, check, closeAfter);
    }

    static String headers(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("X-H").append(i).append(": v\r\n");
        }
        return sb.toString();
    }

    static Stream<Case> cases() {
        List<Case> l = new ArrayList<>();
        // DESIGN §5 / reference §4 "T-E together with C-L": C-L deleted, chunked processed, close after.
        l.add(accept("C-L with T-E: chunked wins, C-L deleted, closed after",
                "POST /s-clte HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "3\r\nabc\r\n0\r\n\r\n", true, s -> {
                    assertNull(s.headers.get("content-length"), "C-L forwarded with T-E");
                    assertEquals("chunked", s.headers.get("transfer-encoding"));
                    assertEquals("abc", s.bodyText());
                }));
        l.add(reject400("two different Content-Lengths",
                "POST /s-cl2 HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"));
        l.add(reject400("Content-Length list with different values",
                "POST /s-cl56 HTTP/1.1\r\nHost: t\r\nContent-Length: 5, 6\r\n\r\nhello!"));
        l.add(accept("identical duplicate Content-Lengths merged",
                "POST /s-cl55 HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", false,
                s -> {
                    assertEquals("5", s.headers.get("content-length"), "one Content-Length header forwarded");
                    assertEquals("hello", s.bodyText());
                }));
        l.add(reject400("T-E gzip alone (not chunked last)",
                "POST /s-gzip HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n"));
        l.add(reject400("T-E chunked, identity (coding after chunked)",
                "POST /s-ci HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"));
        l.add(new Case("T-E gzip, chunked -> 422",
                "POST /s-gc HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
                HttpFixture.RAW_422, 422, false, null, true));
        l.add(reject400("NUL in a header value", "GET /s-nul HTTP/1.1\r\nHost: t\r\nX-A: a\0b\r\n\r\n"));
        l.add(reject400("bare CR in a header value", "GET /s-cr HTTP/1.1\r\nHost: t\r\nX-A: a\rb\r\n\r\n"));
        l.add(reject400("bare CR ending the request line", "GET /s-crl HTTP/1.1\rHost: t\r\n\r\n"));
        l.add(reject400("control character in the URI", "GET /s-\u0001ctl HTTP/1.1\r\nHost: t\r\n\r\n"));
        l.add(reject400("DEL in the URI", "GET /s-\u007fdel HTTP/1.1\r\nHost: t\r\n\r\n"));
        l.add(reject400("control character in a header name", "GET /s-ctln HTTP/1.1\r\nHost: t\r\nX\u0001A: a\r\n\r\n"));
        // Reference §4: other control characters in a value are accepted (only NUL, CR, LF are not).
        l.add(accept("control character in a header value accepted",
                "GET /s-ctlv HTTP/1.1\r\nHost: t\r\nX-Test: a\u0001b\r\n\r\n", false,
                s -> assertEquals("a\u0001b", s.headers.get("x-test"))));
        // Reference §4: obs-fold accepted and unfolded: HAProxy's h1.c turns the fold's CR and LF into
        // spaces and keeps the continuation's leading HT (so does HAProxy 2.6 here).
        l.add(accept("obs-fold unfolded and forwarded",
                "GET /s-fold HTTP/1.1\r\nHost: t\r\nX-Test: a\r\n\tb\r\n\r\n", false, s -> {
                    String v = s.headers.get("x-test");
                    assertNotNull(v);
                    assertEquals("a  \tb", v, "unfolded value");
                }));
        l.add(reject400("invalid token character in the method", "G(T /s-meth HTTP/1.1\r\nHost: t\r\n\r\n"));
        l.add(reject400("invalid token character in a header name",
                "GET /s-name HTTP/1.1\r\nHost: t\r\nX(y): a\r\n\r\n"));
        l.add(reject400("space inside a header name", "GET /s-name2 HTTP/1.1\r\nHost: t\r\nFoo Bar: a\r\n\r\n"));
        l.add(reject400("space before the colon", "GET /s-sp HTTP/1.1\r\nHost : t\r\n\r\n"));
        l.add(reject400("tab before the colon", "GET /s-tab HTTP/1.1\r\nHost: t\r\nX-A\t: a\r\n\r\n"));
        l.add(accept("missing Host on HTTP/1.1 accepted", "GET /s-nohost HTTP/1.1\r\n\r\n", false,
                s -> assertNull(s.headers.get("host"))));
        l.add(accept("identical Host headers de-duplicated",
                "GET /s-host2 HTTP/1.1\r\nHost: t\r\nHost: t\r\n\r\n", false,
                s -> assertEquals("t", s.headers.get("host"))));
        l.add(reject400("two different Host values", "GET /s-hosts HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"));
        // Reference §4: bigger than tune.bufsize (16384) → 400 in 3.0 (414/431 only from 3.1).
        l.add(reject400Unread("request line larger than the buffer",
                "GET /s-long" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: t\r\n\r\n"));
        l.add(reject400Unread("header block larger than the buffer",
                "GET /s-bighead HTTP/1.1\r\nHost: t\r\n" + ("X-Big: " + "b".repeat(490) + "\r\n").repeat(40)
                        + "\r\n"));
        // Reference §4: the head fits the buffer but not bufsize - maxrewrite (15360) → 400.
        l.add(reject400("header block within the buffer but over bufsize - maxrewrite",
                "GET /s-rewrite HTTP/1.1\r\nHost: t\r\n" + ("X-Big: " + "b".repeat(990) + "\r\n").repeat(16)
                        + "\r\n"));
        l.add(accept("100 header lines accepted (tune.http.maxhdr 101)",
                "GET /s-100h HTTP/1.1\r\nHost: t\r\n" + headers(99) + "\r\n", false,
                s -> assertEquals("v", s.headers.get("x-h98"))));
        l.add(reject400("101 header lines rejected (tune.http.maxhdr 101)",
                "GET /s-101h HTTP/1.1\r\nHost: t\r\n" + headers(100) + "\r\n"));
        l.add(reject400("HTTP/0.9 request", "GET /s-09\r\n"));
        l.add(reject400("lower-case version", "GET /s-lcv http/1.1\r\nHost: t\r\n\r\n"));
        return l.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(30)
    void strictness(Case k) throws Exception {
        int mark = fx.app.seen.size();
        String path = k.wire.split("[ \r\n]")[1];
        int cport;
        try (HttpWire c = new HttpWire(fx.fe)) {
            cport = c.localPort();
            c.send(k.wire.getBytes(StandardCharsets.ISO_8859_1));
            if (k.reply != null) {
                HttpFixture.assertRepliedAndClosed(c, k.reply, k.resetAllowed);
                fx.assertOriginSawNothing(mark);
                fx.awaitLogOf(cport, String.format(MUX_ERROR_LOG, k.status));
            } else {
                HttpWire.Response r = c.read();
                assertEquals(200, r.status());
                assertTrue(r.body().startsWith("app " + k.wire.substring(0, k.wire.indexOf(' ')) + " " + path + " "),
                        r.body());
                if (k.closeAfter) {
                    assertEquals("close", r.headers().get("connection"), "the response announces the close");
                    assertTrue(c.closedByPeer(), "closed after the transaction");
                } else {
                    assertFalse(r.headers().containsKey("connection"), "keep-alive 1.1: no connection header");
                }
            }
        }
        if (k.accepted != null) {
            fx.awaitOriginIdle();
            List<MiniHttpServer.Seen> seen = fx.seenSince(mark);
            assertEquals(1, seen.size(), "one request at the origin: " + seen);
            assertTrue(seen.get(0).line.startsWith(k.wire.substring(0, k.wire.indexOf(' ')) + " " + path + " HTTP/1."),
                    seen.get(0).line);
            k.accepted.accept(seen.get(0));
            fx.awaitLogOf(cport, "fe app/s1 \\d+/\\d+/\\d+/\\d+/\\d+ 200 \\d+ - - ---- \\d+/\\d+/\\d+/\\d+/0 0/0 \""
                    + java.util.regex.Pattern.quote(k.wire.substring(0, k.wire.indexOf(' ')) + " " + path)
                    + " HTTP/1\\.1\"");
        }
        fx.assertNextClientServed();
        fx.assertNextChunkedClientServed();
    }

    /** Bad chunk sizes are found in the body, after the head was accepted. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badChunks")
    @Timeout(30)
    void badChunkSizeIsRejected(String name, String chunk) throws Exception {
        int mark = fx.app.seen.size();
        int cport;
        try (HttpWire c = new HttpWire(fx.fe)) {
            cport = c.localPort();
            c.send("POST /s-chunk HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk);
            // HAProxy answers its raw 400 here (PR--, "<BADREQ>"); Sluice closes without a reply (a
            // stream-level difference reported to the stream's owner), so only the close is pinned.
            HttpWire.Ending e = c.readToEnd();
            assertTrue(e.text().isEmpty() || e.text().startsWith("HTTP/1.1 400 Bad request\r\n"), e.text());
            assertFalse(e.reset(), "closed with a reset");
        }
        fx.assertOriginGotNoCompleteRequest(mark);
        String line = fx.awaitAnyLogOf(cport);
        assertTrue(line.matches(".* - - P[RHD]-- .*"), line);
        fx.assertNextClientServed();
        fx.assertNextChunkedClientServed();
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> badChunks() {
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("non-hex chunk size", "zz\r\nabc\r\n0\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of("64-bit overflow", "fffffffffffffffff\r\nabc\r\n"),
                org.junit.jupiter.params.provider.Arguments.of("over 13 hex digits",
                        "10000000000000\r\nabc\r\n0\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of("negative", "-3\r\nabc\r\n0\r\n\r\n"),
                org.junit.jupiter.params.provider.Arguments.of("bare LF after the size", "3\nabc\r\n0\r\n\r\n"));
    }

    /**
     * The checker catches a proxy that forwards what it should reject: a request that reached the
     * origin fails {@link HttpFixture#assertOriginSawNothing}.
     */
    @Test
    @Timeout(30)
    void checkerCatchesAForwardedBadRequest() throws Exception {
        int mark = fx.app.seen.size();
        try (HttpWire c = new HttpWire(fx.fe)) {
            assertEquals(200, c.send("GET /s-fine HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
        }
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> fx.assertOriginSawNothing(mark));
        assertTrue(e.getMessage().contains("/s-fine"), e.getMessage());
    }
}
