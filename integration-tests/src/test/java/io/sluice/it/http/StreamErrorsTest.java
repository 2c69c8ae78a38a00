package io.sluice.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Stream-level cases found end to end (stream/, mux/, log), each checked against HAProxy 2.6. */
class StreamErrorsTest {

    static final String LOWER_502 = "HTTP/1.1 502 Bad Gateway\r\ncontent-length: 107\r\ncache-control: no-cache\r\n"
            + "content-type: text/html\r\n\r\n" + HttpFixture.BODY_502;

    /** A: a bad chunk size that arrives with the head gets HAProxy's raw 400, nothing reaches the origin. */
    @Test
    @Timeout(30)
    void badChunkSizeWithTheHeadGetsRaw400() throws Exception {
        try (HttpFixture fx = HttpFixture.start("", "", "", "")) {
            int mark = fx.app.seen.size();
            int cport;
            try (HttpWire c = new HttpWire(fx.fe)) {
                cport = c.localPort();
                c.send("POST /p-chunk HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "zz\r\nabc\r\n0\r\n\r\n");
                HttpFixture.assertRepliedAndClosed(c, HttpFixture.RAW_400, false);
            }
            fx.assertOriginSawNothing(mark);
            fx.awaitLogOf(cport,
                    "fe fe/<NOSRV> -1/-1/-1/-1/\\d+ 400 0 - - PR-- \\d+/\\d+/\\d+/\\d+/0 0/0 \"<BADREQ>\"");
        }
    }

    /** A: a bad chunk once the head (and a first chunk) went to the server, no response yet: 400, PH. */
    @Test
    @Timeout(30)
    void badChunkAfterForwardedBodyGets400() throws Exception {
        try (HttpFixture fx = HttpFixture.start("", "", "", "")) {
            int mark = fx.app.seen.size();
            int cport;
            try (HttpWire c = new HttpWire(fx.fe)) {
                cport = c.localPort();
                c.send("POST /p-later HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
                long end = System.nanoTime() + 10_000_000_000L;
                while (fx.seenSince(mark).isEmpty()) {
                    assertTrue(System.nanoTime() - end < 0, "the head never reached the origin");
                    Thread.sleep(5); // polling interval of a deadline loop
                }
                c.send("zz\r\nabc\r\n0\r\n\r\n");
                HttpWire.Response r = c.read();
                assertEquals(400, r.status());
                assertEquals("", c.readToEnd().text(), "nothing after the 400, then the close");
            }
            fx.awaitLogOf(cport, "fe app/s1 \\d+/\\d+/\\d+/-1/\\d+ 400 \\d+ - - PH-- .*");
        }
    }

    /** B: a mux-level error logs %B = 0 (reference 6), not the size of the reply. */
    @Test
    @Timeout(30)
    void muxErrorLogsZeroBytes() throws Exception {
        try (HttpFixture fx = HttpFixture.start("", "", "", "")) {
            int cport;
            try (HttpWire c = new HttpWire(fx.fe)) {
                cport = c.localPort();
                c.send("GET / HTTP/1.1\r\nHost : t\r\n\r\n");
                HttpFixture.assertRepliedAndClosed(c, HttpFixture.RAW_400, false);
            }
            fx.awaitLogOf(cport, "fe fe/<NOSRV> -1/-1/-1/-1/\\d+ 400 0 - - PR-- .*");
        }
    }

    /** E: what the server sent before closing mid-body reaches the client, then the close (SD). */
    @Test
    @Timeout(30)
    void truncatedResponseIsForwardedUpToTheClose() throws Exception {
        try (HttpFixture fx = HttpFixture.start("", "", "", "")) {
            fx.app.canned.put("/trunc", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"
                    .getBytes(StandardCharsets.ISO_8859_1));
            int cport;
            try (HttpWire c = new HttpWire(fx.fe)) {
                cport = c.localPort();
                c.send("GET /trunc HTTP/1.1\r\nHost: t\r\n\r\n");
                String got = c.readToEnd().text();
                assertTrue(got.startsWith("HTTP/1.1 200 OK\r\n") && got.endsWith("\r\n\r\nabc"), got);
            }
            fx.awaitLogOf(cport, "fe app/s1 \\d+/\\d+/\\d+/\\d+/\\d+ 200 \\d+ - - SD-- .*");
        }
    }

    /** E: a bad chunk read with the response head is a parse error of the response: 502, PH. */
    @Test
    @Timeout(30)
    void badChunkWithTheResponseHeadIs502() throws Exception {
        try (HttpFixture fx = HttpFixture.start("", "", "", "")) {
            fx.app.canned.put("/rzz", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            int cport;
            try (HttpWire c = new HttpWire(fx.fe)) {
                cport = c.localPort();
                assertEquals(502, c.send("GET /rzz HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
            }
            fx.awaitLogOf(cport, "fe app/s1 \\d+/\\d+/\\d+/-1/\\d+ 502 \\d+ - - PH-- .*");
        }
    }

    /** D: a 101 to a request without Connection: upgrade is invalid: 502 PH (reference 7). */
    @Test
    @Timeout(30)
    void switchingProtocolsWithoutAnUpgradeRequestIs502() throws Exception {
        try (HttpFixture fx = HttpFixture.start("", "", "", "")) {
            fx.app.canned.put("/sw", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: foo\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            int cport;
            try (HttpWire c = new HttpWire(fx.fe)) {
                cport = c.localPort();
                assertEquals(502, c.send("GET /sw HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
            }
            fx.awaitLogOf(cport, "fe app/s1 \\d+/\\d+/\\d+/-1/\\d+ 502 \\d+ - - PH-- .*");
        }
    }

    /** G: tune.http.maxhdr is honoured: maxhdr 20 allows 19 header lines, 20 get the mux's 400. */
    @Test
    @Timeout(30)
    void tuneHttpMaxhdrIsHonoured() throws Exception {
        try (HttpFixture fx = HttpFixture.start("    tune.http.maxhdr 20\n", "", "", "")) {
            StringBuilder h = new StringBuilder();
            for (int i = 0; i < 19; i++) {
                h.append("X-").append(i).append(": v\r\n");
            }
            try (HttpWire c = new HttpWire(fx.fe)) {
                assertEquals(200, c.send("GET /m19 HTTP/1.1\r\n" + h + "\r\n").read().status());
            }
            int cport;
            try (HttpWire c = new HttpWire(fx.fe)) {
                cport = c.localPort();
                c.send("GET /m20 HTTP/1.1\r\nHost: t\r\n" + h + "\r\n");
                HttpFixture.assertRepliedAndClosed(c, HttpFixture.RAW_400, false);
            }
            fx.awaitLogOf(cport, "fe fe/<NOSRV> -1/-1/-1/-1/\\d+ 400 0 - - PR-- .*");
        }
    }

    /** C: a stream-level 502 is re-serialised (lower-case names) and keeps a 1.1 keep-alive client. */
    @Test
    @Timeout(30)
    void streamLevel502IsLowerCaseAndKeepsTheClient() throws Exception {
        try (HttpFixture fx = HttpFixture.start("", "", "", "")) {
            fx.app.canned.put("/twocl", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!"
                    .getBytes(StandardCharsets.ISO_8859_1));
            try (HttpWire c = new HttpWire(fx.fe)) {
                c.send("GET /twocl HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals(LOWER_502, c.readRaw(LOWER_502.length()));
                HttpWire.Response r = c.send("GET /after HTTP/1.1\r\nHost: t\r\n\r\n").read();
                assertEquals(200, r.status());
            }
        }
    }

    /** C: every built-in stream-level page (here 503, no server) takes the same form. */
    @Test
    @Timeout(30)
    void streamLevel503IsReserialised() throws Exception {
        int dead = HttpProxyTest.freePort();
        try (HttpFixture fx = HttpFixture.start("", "", "    use_backend down if { path_beg /down }\n",
                "backend down\n    server d 127.0.0.1:" + dead + "\n")) {
            try (HttpWire c = new HttpWire(fx.fe)) {
                c.send("GET /down HTTP/1.1\r\nHost: t\r\n\r\n");
                String head = "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 107\r\ncache-control: no-cache\r\n"
                        + "content-type: text/html\r\n";
                assertEquals(head, c.readRaw(head.length()));
            }
        }
    }

    /** F: a 2xx to CONNECT turns the transaction into a tunnel: the bytes after the head are relayed raw. */
    @Test
    @Timeout(30)
    void connect2xxIsATunnel() throws Exception {
        try (HttpFixture fx = HttpFixture.start("", "", "", "")) {
            fx.app.canned.put("t.example:443", "HTTP/1.1 200 Connection established\r\n\r\nhello tunnel"
                    .getBytes(StandardCharsets.ISO_8859_1));
            try (HttpWire c = new HttpWire(fx.fe)) {
                c.readTimeout(5000);
                c.send("CONNECT t.example:443 HTTP/1.1\r\nHost: t.example:443\r\n\r\n");
                String got = c.readToEnd().text();
                assertTrue(got.startsWith("HTTP/1.1 200 Connection established\r\n")
                        && got.endsWith("\r\n\r\nhello tunnel"), got);
            }
        }
    }
}
