package io.sluice.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request-smuggling corpus ({@code http/smuggling-e2e.txt}: RFC 9112 §6.3 rules, PortSwigger's
 * CL.TE / TE.CL / TE.TE vectors, Content-Length and chunk-size obfuscations) through a real Sluice:
 * each vector is either rejected (status, FIN, nothing at the origin) or reaches the origin as
 * exactly one well-framed request, and no smuggled byte ever reaches it as a second request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmugglingTest {

    /** One corpus line. */
    record Vector(String verdict, List<String> expect, String name, byte[] wire) {
        @Override
        public String toString() {
            return verdict + " " + name;
        }

        String requestLine() {
            String s = new String(wire, StandardCharsets.ISO_8859_1);
            return s.substring(0, s.indexOf('\n')).replace("\r", "");
        }

        String method() {
            return requestLine().split(" ")[0];
        }

        String path() {
            return requestLine().split(" ")[1];
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

    static List<Vector> corpus() throws IOException {
        List<Vector> out = new ArrayList<>();
        try (InputStream in = SmugglingTest.class.getResourceAsStream("/http/smuggling-e2e.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\|", 4);
                List<String> expect = f[1].isBlank() ? List.of() : List.of(f[1].trim().split(" +"));
                String wire = f[3].startsWith(" ") ? f[3].substring(1) : f[3];
                out.add(new Vector(f[0].trim(), expect, f[2].trim(), unescape(wire)));
            }
        }
        return out;
    }

    /** Decodes {@code \r \n \t \0 \\ \xHH}. */
    static byte[] unescape(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                b.write(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'r' -> b.write('\r');
                case 'n' -> b.write('\n');
                case 't' -> b.write('\t');
                case '0' -> b.write(0);
                case '\\' -> b.write('\\');
                case 'x' -> {
                    b.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("bad escape \\" + n + " in " + s);
            }
        }
        return b.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @Timeout(30)
    void vector(Vector v) throws Exception {
        int mark = fx.app.seen.size();
        try (HttpWire c = new HttpWire(fx.fe)) {
            c.send(v.wire);
            if (v.verdict.equals("200")) {
                // A 2xx to CONNECT is a tunnel from its blank line on: only its head is read here.
                boolean connect = v.method().equals("CONNECT");
                HttpWire.Response r = c.read(connect);
                assertEquals(200, r.status(), v.toString());
                assertTrue(connect || r.body().startsWith("app " + v.method() + " " + v.path() + " "), r.body());
                if (v.expect.contains("close")) {
                    assertTrue(c.closedByPeer(), "closed after the transaction");
                }
            } else if (v.verdict.equals("400b")) {
                HttpWire.Ending e = c.readToEnd();
                assertFalse(e.text().contains(" 200 "), e.text());
                assertFalse(e.reset(), "closed with a reset");
            } else {
                HttpWire.Ending e = c.readToEnd();
                assertTrue(e.text().startsWith("HTTP/1.1 " + v.verdict + " "), e.text());
                assertFalse(e.reset(), "closed with a reset");
            }
        }
        checkOrigin(v, mark);
        fx.assertNextClientServed();
        fx.assertNextChunkedClientServed();
    }

    /** The origin side of a vector: nothing, no complete request, or exactly one well-framed request. */
    void checkOrigin(Vector v, int mark) throws InterruptedException {
        if (v.verdict.equals("400b")) {
            fx.assertOriginGotNoCompleteRequest(mark);
            return;
        }
        if (!v.verdict.equals("200")) {
            fx.assertOriginSawNothing(mark);
            return;
        }
        fx.awaitOriginIdle();
        List<MiniHttpServer.Seen> seen = fx.seenSince(mark);
        assertEquals(1, seen.size(), "exactly one request at the origin, no smuggled one: " + seen);
        MiniHttpServer.Seen s = seen.get(0);
        assertTrue(s.line.startsWith(v.method() + " " + v.path() + " HTTP/1."), s.line);
        assertTrue(s.body != null, "the request reached the origin whole: " + s);
        String cl = s.headers.get("content-length");
        String te = s.headers.get("transfer-encoding");
        assertFalse(cl != null && te != null, "both Content-Length and Transfer-Encoding forwarded: " + s);
        assertTrue(cl == null || cl.matches("\\d+"), "one plain Content-Length forwarded: " + s);
        assertTrue(te == null || te.equalsIgnoreCase("chunked"), "Transfer-Encoding forwarded: " + s);
        for (String e : v.expect) {
            if (e.startsWith("body=")) {
                assertEquals(Integer.parseInt(e.substring(5)), s.body.length, "body length at the origin: " + s);
            }
        }
    }

    /**
     * A failed chunked body must not change how the next body is framed, even for another client
     * served by the same (reused) session: the bug fixed in H1BodyDecoder.begin, where a chunk size
     * left by the failure was shifted into the next one and the next body went to the origin unchecked.
     */
    @Test
    @Timeout(60)
    void aFailedChunkedBodyLeavesNothingForTheNextClient() throws Exception {
        for (int round = 0; round < 12; round++) {
            try (HttpWire bad = new HttpWire(fx.fe)) {
                bad.send("POST /fail-" + round + " HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + (round % 2 == 0 ? "3;x\n" : "fffffffffffffffff\r\n"));
                assertFalse(bad.readToEnd().text().contains(" 200 "));
            }
            int mark = fx.app.seen.size();
            try (HttpWire c = new HttpWire(fx.fe)) {
                c.readTimeout(3000);
                c.send("POST /next-chunked-" + round + " HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "3\r\nabcd\r\n0\r\n\r\n");
                String got = c.readToEnd().text();
                assertFalse(got.contains(" 200 "), "a body error framed as a valid body: " + got);
            }
            fx.assertOriginGotNoCompleteRequest(mark);
            try (HttpWire c = new HttpWire(fx.fe)) {
                HttpWire.Response r = c.send("POST /good-" + round + " HTTP/1.1\r\nHost: t\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n").read();
                assertTrue(r.body().contains("body=3"), r.body());
            }
        }
    }

    /**
     * The checker catches a desync: two requests in one vector (what a proxy that let smuggled bytes
     * through would produce at the origin) fail the "exactly one request" check.
     */
    @Test
    @Timeout(30)
    void checkerCatchesASecondRequestAtTheOrigin() throws Exception {
        Vector pipelined = new Vector("200", List.of("body=5"), "two requests",
                ("POST /chk HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
                        + "GET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        int mark = fx.app.seen.size();
        try (HttpWire c = new HttpWire(fx.fe)) {
            c.send(pipelined.wire);
            assertEquals(200, c.read().status());
            assertEquals(200, c.read().status());
        }
        AssertionError e = assertThrows(AssertionError.class, () -> checkOrigin(pipelined, mark));
        assertTrue(e.getMessage().contains("/smuggled"), e.getMessage());
        // And a body the origin framed differently from the corpus's expectation is caught too.
        Vector wrongLength = new Vector("200", List.of("body=4"), "wrong length", pipelined.wire);
        int mark2 = fx.app.seen.size();
        try (HttpWire c = new HttpWire(fx.fe)) {
            c.send("POST /chk HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello");
            assertEquals(200, c.read().status());
        }
        assertThrows(AssertionError.class, () -> checkOrigin(wrongLength, mark2));
    }

    @Test
    void corpusCoversTheClassicVectors() throws IOException {
        List<Vector> all = corpus();
        assertTrue(all.size() >= 60, "corpus size " + all.size());
        for (String name : List.of("CL.TE: C-L covers smuggled bytes", "TE.CL: C-L shorter than the chunks",
                "TE.TE xchunked", "TE.TE space before colon", "C-L with a plus sign", "6.3-5 C-L list 5, 6",
                "chunk extension", "LF-only line endings")) {
            assertTrue(all.stream().anyMatch(v -> v.name.equals(name)), name);
        }
    }
}
