package io.sluice.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connection modes (reference §7): the default keep-alive on both sides, {@code option
 * http-server-close} (server side closed after each response), {@code option httpclose} (both
 * sides), and HTTP/1.0 clients with and without {@code Connection: keep-alive}. Each side decides
 * on its own: the client's {@code close} does not reach the server and the reverse.
 */
class ConnectionModeTest {

    private static String get(String path, String version, String extra) {
        return "GET " + path + " " + version + "\r\nHost: t\r\n" + extra + "\r\n";
    }

    private static MiniHttpServer.Seen lastSeen(HttpFixture fx, String path) {
        List<MiniHttpServer.Seen> all = fx.seenSince(0);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).line.startsWith("GET " + path + " ")) {
                return all.get(i);
            }
        }
        throw new AssertionError(path + " never reached the origin: " + all);
    }

    /** The origin connection that served {@code path}. */
    private static int connOf(HttpFixture fx, String path) {
        return lastSeen(fx, path).connId;
    }

    @Test
    @Timeout(60)
    void defaultKeepsBothSidesAliveAndEachSideDecidesAlone() throws Exception {
        try (HttpFixture fx = HttpFixture.start("", "", "", "")) {
            try (HttpWire c = new HttpWire(fx.fe)) {
                HttpWire.Response r = c.send(get("/ka1", "HTTP/1.1", "")).read();
                assertEquals(200, r.status());
                assertNull(r.headers().get("connection"), "HTTP/1.1 keep-alive needs no header");
                assertEquals(200, c.send(get("/ka2", "HTTP/1.1", "")).read().status());
                assertEquals(connOf(fx, "/ka1"), connOf(fx, "/ka2"), "one server connection reused");
                assertNull(lastSeen(fx, "/ka2").headers.get("connection"));
                // The client's close ends the client side only; the server never sees the token.
                r = c.send(get("/ka3", "HTTP/1.1", "Connection: close\r\n")).read();
                assertEquals("close", r.headers().get("connection"));
                assertTrue(c.closedByPeer());
                assertNull(lastSeen(fx, "/ka3").headers.get("connection"), "client's close forwarded");
            }
            // HTTP/1.0 without keep-alive: answered with connection: close, then closed.
            try (HttpWire c = new HttpWire(fx.fe)) {
                HttpWire.Response r = c.send(get("/v10", "HTTP/1.0", "")).read();
                assertEquals(200, r.status());
                assertEquals("close", r.headers().get("connection"));
                assertTrue(c.closedByPeer());
                assertTrue(lastSeen(fx, "/v10").line.endsWith(" HTTP/1.0"), "version below 1.1 kept");
            }
            // HTTP/1.0 with keep-alive: answered with connection: keep-alive, and the connection serves again.
            try (HttpWire c = new HttpWire(fx.fe)) {
                HttpWire.Response r = c.send(get("/k10a", "HTTP/1.0", "Connection: keep-alive\r\n")).read();
                assertEquals(200, r.status());
                assertEquals("keep-alive", r.headers().get("connection"));
                r = c.send(get("/k10b", "HTTP/1.0", "Connection: keep-alive\r\n")).read();
                assertEquals(200, r.status());
                assertEquals("keep-alive", r.headers().get("connection"));
                assertEquals("keep-alive", lastSeen(fx, "/k10b").headers.get("connection"),
                        "a 1.0 request kept alive tells the server so");
                assertEquals(connOf(fx, "/k10a"), connOf(fx, "/k10b"));
            }
        }
    }

    @Test
    @Timeout(60)
    void httpServerCloseClosesTheServerSideOnly() throws Exception {
        try (HttpFixture fx = HttpFixture.start("", "", "    option http-server-close\n", "")) {
            try (HttpWire c = new HttpWire(fx.fe)) {
                for (int i = 0; i < 3; i++) {
                    HttpWire.Response r = c.send(get("/sc" + i, "HTTP/1.1", "")).read();
                    assertEquals(200, r.status());
                    assertNull(r.headers().get("connection"), "the client side stays keep-alive");
                    assertEquals("close", lastSeen(fx, "/sc" + i).headers.get("connection"),
                            "the server is told the connection closes");
                }
                assertNotEquals(connOf(fx, "/sc0"), connOf(fx, "/sc1"));
                assertNotEquals(connOf(fx, "/sc1"), connOf(fx, "/sc2"));
            }
            try (HttpWire c = new HttpWire(fx.fe)) {
                HttpWire.Response r = c.send(get("/sc10", "HTTP/1.0", "Connection: keep-alive\r\n")).read();
                assertEquals("keep-alive", r.headers().get("connection"));
                assertEquals(200, c.send(get("/sc11", "HTTP/1.1", "")).read().status());
            }
        }
    }

    @Test
    @Timeout(60)
    void httpcloseInDefaultsClosesBothSides() throws Exception {
        try (HttpFixture fx = HttpFixture.start("", "    option httpclose\n", "", "")) {
            for (String version : List.of("HTTP/1.1", "HTTP/1.0")) {
                try (HttpWire c = new HttpWire(fx.fe)) {
                    String path = "/hc-" + version.charAt(7);
                    HttpWire.Response r = c.send(get(path, version,
                            version.endsWith("0") ? "Connection: keep-alive\r\n" : "")).read();
                    assertEquals(200, r.status());
                    assertEquals("close", r.headers().get("connection"), version);
                    assertTrue(c.closedByPeer(), "client side closed after the transaction");
                    if (version.endsWith("1")) {
                        assertEquals("close", lastSeen(fx, path).headers.get("connection"), "server side closed");
                    }
                }
            }
            fx.awaitOriginIdle();
        }
    }

    /** Reference §7: {@code httpclose} in a frontend closes the client side; only a backend's closes the server's. */
    @Test
    @Timeout(60)
    void httpcloseInTheFrontendClosesTheClientSideOnly() throws Exception {
        try (HttpFixture fx = HttpFixture.start("", "", "    option httpclose\n", "")) {
            try (HttpWire c = new HttpWire(fx.fe)) {
                HttpWire.Response r = c.send(get("/hcf", "HTTP/1.1", "")).read();
                assertEquals("close", r.headers().get("connection"));
                assertTrue(c.closedByPeer());
                assertNull(lastSeen(fx, "/hcf").headers.get("connection"), "the server side stays keep-alive");
            }
        }
    }

    @Test
    @Timeout(60)
    void explicitHttpKeepAliveIsTheDefault() throws Exception {
        try (HttpFixture fx = HttpFixture.start("", "", "    option http-keep-alive\n", "")) {
            try (HttpWire c = new HttpWire(fx.fe)) {
                for (int i = 0; i < 3; i++) {
                    HttpWire.Response r = c.send(get("/hk" + i, "HTTP/1.1", "")).read();
                    assertFalse(r.headers().containsKey("connection"));
                }
                assertEquals(connOf(fx, "/hk0"), connOf(fx, "/hk2"));
            }
        }
    }
}
