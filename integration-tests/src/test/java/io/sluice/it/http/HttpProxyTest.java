package io.sluice.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.sluice.it.support.SluiceProcess;

/** Sluice in mode http as a real process in front of {@link MiniHttpServer}s, on ephemeral ports. */
class HttpProxyTest {

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /** Starts Sluice on {@code cfg} and waits (deadline 20 s) until {@code fePort} accepts. */
    static SluiceProcess start(String cfg, int fePort) throws Exception {
        Path f = Files.createTempFile("sluice-http-", ".cfg");
        Files.writeString(f, cfg);
        SluiceProcess sp = SluiceProcess.start(List.of("-f", f.toString()));
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (;;) {
            if (!sp.isAlive()) {
                throw new AssertionError("sluice exited:\n" + sp.stdoutSoFar() + sp.stderrSoFar());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", fePort), 200);
                return sp;
            } catch (IOException e) {
                if (System.nanoTime() - end > 0) {
                    sp.close();
                    throw new AssertionError("frontend never listened:\n" + sp.stdoutSoFar() + sp.stderrSoFar());
                }
                Thread.sleep(20); // polling interval of a deadline loop
            }
        }
    }

    static String config(int fePort, String frontendExtra, String defaultsExtra, String backends) {
        return "global\n"
                + "    nbthread 2\n"
                + "    hard-stop-after 10s\n"
                + "defaults\n"
                + "    mode http\n"
                + "    timeout connect 1s\n"
                + "    timeout client 10s\n"
                + "    timeout server 10s\n"
                + "    timeout http-request 5s\n"
                + "    retries 2\n"
                + defaultsExtra
                + "frontend fe\n"
                + "    bind 127.0.0.1:" + fePort + "\n"
                + frontendExtra
                + backends;
    }

    static String backend(String name, int port) {
        return "backend " + name + "\n    server s1 127.0.0.1:" + port + "\n";
    }

    static String get(String path, String extra) {
        return "GET " + path + " HTTP/1.1\r\nHost: t\r\n" + extra + "\r\n";
    }

    @Test
    @Timeout(60)
    void keepAliveRequestsReuseOneServerConnectionAndBodiesStream() throws Exception {
        try (MiniHttpServer app = new MiniHttpServer("app")) {
            int fe = freePort();
            String cfg = config(fe, "    option forwardfor\n    http-request set-header X-Test yes\n"
                    + "    default_backend app\n", "", backend("app", app.port()));
            try (SluiceProcess sp = start(cfg, fe); HttpWire c = new HttpWire(fe)) {
                for (int i = 0; i < 5; i++) {
                    HttpWire.Response r = c.send(get("/r" + i, "")).read();
                    assertEquals(200, r.status());
                    assertEquals("app GET /r" + i + " conn=1 body=0 xff=127.0.0.1 xtest=yes", r.body());
                }
                // POST with Content-Length, then a chunked upload of 1 MiB, on the same connections.
                HttpWire.Response r = c.send("POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello").read();
                assertTrue(r.body().contains("POST /p conn=1 body=5"), r.body());
                StringBuilder chunked = new StringBuilder("POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
                String chunk = "x".repeat(4096);
                for (int i = 0; i < 256; i++) {
                    chunked.append("1000\r\n").append(chunk).append("\r\n");
                }
                chunked.append("0\r\n\r\n");
                r = c.send(chunked.toString()).read();
                assertTrue(r.body().contains("POST /c conn=1 body=1048576"), r.body());
                r = c.send(get("/chunked", "")).read();
                assertEquals("hello world", r.body());
                assertEquals(200, c.send("HEAD /h HTTP/1.1\r\nHost: t\r\n\r\n").read(true).status());
                assertEquals(204, c.send(get("/204", "")).read().status());
                assertEquals(304, c.send(get("/304", "")).read().status());
                r = c.send(get("/last", "")).read();
                assertTrue(r.body().contains("/last conn=1"), r.body());
                assertEquals(1, app.connections.get(), "one server connection for the whole client session");
                // Pipelined: three requests in one write, answered in order.
                c.send(get("/q1", "") + get("/q2", "") + get("/q3", "Connection: close\r\n"));
                for (int i = 1; i <= 3; i++) {
                    assertTrue(c.read().body().contains("/q" + i + " "));
                }
                assertTrue(c.closedByPeer());
            }
        }
    }

    @Test
    @Timeout(60)
    void rulesAndRouting() throws Exception {
        try (MiniHttpServer app = new MiniHttpServer("app"); MiniHttpServer api = new MiniHttpServer("api")) {
            int fe = freePort();
            String cfg = config(fe, "    acl is_api path_beg /api\n"
                    + "    http-request return status 200 content-type text/plain string \"hi\\n\" if { path /hello }\n"
                    + "    http-request deny if { path_beg /admin }\n"
                    + "    use_backend api if is_api\n"
                    + "    default_backend app\n", "",
                    backend("app", app.port()) + backend("api", api.port()));
            try (SluiceProcess sp = start(cfg, fe); HttpWire c = new HttpWire(fe)) {
                HttpWire.Response r = c.send(get("/hello", "")).read();
                assertEquals(200, r.status());
                assertEquals("hi\n", r.body());
                assertTrue(c.send(get("/api/x", "")).read().body().startsWith("api GET /api/x"));
                assertTrue(c.send(get("/other", "")).read().body().startsWith("app GET /other"));
                assertEquals(403, c.send(get("/admin", "")).read().status());
                // Upgrade passed through as a tunnel: 101, raw bytes both ways, closed when the client closes.
                try (HttpWire t = new HttpWire(fe)) {
                    r = t.send(get("/ws", "Connection: Upgrade\r\nUpgrade: echo\r\n")).read(true);
                    assertEquals(101, r.status());
                    assertEquals("ping", t.send("ping").readRaw(4));
                    assertEquals("pong!", t.send("pong!").readRaw(5));
                    t.shutdownOutput();
                    assertTrue(t.closedByPeer());
                }
            }
        }
    }

    /**
     * 64 MiB each way through 16 KiB buffers (bodies stream, never buffered whole), 100-continue, and
     * http-server-close (one server connection per request).
     */
    @Test
    @Timeout(120)
    void largeBodiesContinueAndServerClose() throws Exception {
        try (MiniHttpServer app = new MiniHttpServer("app")) {
            int fe = freePort();
            String cfg = config(fe, "    option http-server-close\n    default_backend app\n", "",
                    backend("app", app.port()));
            try (SluiceProcess sp = start(cfg, fe); HttpWire c = new HttpWire(fe)) {
                long size = 64L << 20;
                byte[] block = new byte[1 << 20];
                c.send("POST /up HTTP/1.1\r\nHost: t\r\nContent-Length: " + size + "\r\n\r\n");
                for (int i = 0; i < 64; i++) {
                    c.send(block);
                }
                HttpWire.Response r = c.read();
                assertTrue(r.body().contains("POST /up conn=1 body=" + size), r.body());
                c.send(get("/big/" + size, ""));
                assertEquals(size, c.readCounting());
                // Expect: 100-continue: the server's 100 comes back before the body is sent.
                c.send("POST /e HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
                assertEquals(100, c.read(true).status());
                r = c.send("abc").read();
                assertTrue(r.body().contains("POST /e conn=3 body=3"), r.body());
                assertEquals(3, app.connections.get(), "http-server-close: one server connection per request");
            }
        }
    }

    /** Seed 001's {@code frontend b}: redirect location / with timeout http-keep-alive 1 (ms). */
    @Test
    @Timeout(60)
    void seed001RedirectLoopInKeepAliveAndCloseModes() throws Exception {
        int fe = freePort();
        String cfg = config(fe, "    timeout http-keep-alive 1\n    redirect location / code 302\n", "", "");
        try (SluiceProcess sp = start(cfg, fe)) {
            for (int round = 0; round < 20; round++) {
                try (HttpWire c = new HttpWire(fe)) {
                    HttpWire.Response r = c.send(get("/x" + round, "")).read();
                    assertEquals(302, r.status());
                    assertEquals("/", r.headers().get("location"));
                }
                try (HttpWire c = new HttpWire(fe)) {
                    HttpWire.Response r = c.send(get("/y", "Connection: close\r\n")).read();
                    assertEquals(302, r.status());
                    assertTrue(c.closedByPeer());
                }
            }
            // The 1 ms keep-alive timeout closes an idle client.
            try (HttpWire c = new HttpWire(fe)) {
                assertEquals(302, c.send(get("/z", "")).read().status());
                assertTrue(c.closedByPeer());
            }
        }
    }

    @Test
    @Timeout(60)
    void errorsAndTimeouts() throws Exception {
        try (MiniHttpServer app = new MiniHttpServer("app")) {
            int fe = freePort();
            int dead = freePort();
            String cfg = config(fe, "    use_backend dead if { path_beg /dead }\n    default_backend app\n"
                    + "    timeout client 200\n",
                    "    timeout server 700\n    timeout http-request 700\n",
                    backend("app", app.port()) + backend("dead", dead));
            try (SluiceProcess sp = start(cfg, fe)) {
                // Malformed (space before the colon, two different Content-Lengths) → 400, closed; the next
                // client is served.
                for (String bad : List.of("GET / HTTP/1.1\r\nHost : t\r\n\r\n",
                        "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")) {
                    try (HttpWire c = new HttpWire(fe)) {
                        HttpWire.Response r = c.send(bad).read();
                        assertEquals(400, r.status(), bad);
                        assertTrue(c.closedByPeer());
                    }
                }
                try (HttpWire c = new HttpWire(fe)) {
                    assertEquals(200, c.send(get("/ok", "")).read().status());
                }
                // Deliberately broken server: two different Content-Lengths → 502.
                try (HttpWire c = new HttpWire(fe)) {
                    assertEquals(502, c.send(get("/badlen", "")).read().status());
                }
                // A server slower than timeout client (but within timeout server) is waited for: the client is
                // not expected to act while the server thinks.
                try (HttpWire c = new HttpWire(fe)) {
                    assertEquals(200, c.send(get("/sleep/500", "")).read().status());
                }
                // Silent server → 504 after timeout server.
                try (HttpWire c = new HttpWire(fe)) {
                    assertEquals(504, c.send(get("/silent", "")).read().status());
                }
                // Refused server → 503 after the retries.
                try (HttpWire c = new HttpWire(fe)) {
                    assertEquals(503, c.send(get("/dead", "")).read().status());
                }
                // Slowloris: an unfinished head → 408 after timeout http-request.
                try (HttpWire c = new HttpWire(fe)) {
                    HttpWire.Response r = c.send("GET /slow HTTP/1.1\r\nHost: t\r\nX-A: ").read();
                    assertNotNull(r);
                    assertEquals(408, r.status());
                }
                try (HttpWire c = new HttpWire(fe)) {
                    assertEquals(200, c.send(get("/still-ok", "")).read().status());
                }
            }
        }
    }

    @Test
    @Timeout(60)
    void httplogLinesThroughTheLogRing() throws Exception {
        try (MiniHttpServer app = new MiniHttpServer("app")) {
            int fe = freePort();
            String cfg = config(fe, "    redirect location / code 302 if { path /old }\n    default_backend app\n",
                    "    option httplog\n    log global\n", backend("app", app.port()))
                    .replace("global\n", "global\n    log stdout format raw local0\n");
            try (SluiceProcess sp = start(cfg, fe)) {
                try (HttpWire c = new HttpWire(fe)) {
                    assertEquals(200, c.send(get("/a?b=1", "")).read().status());
                    assertEquals(302, c.send(get("/old", "")).read().status());
                }
                try (HttpWire c = new HttpWire(fe)) {
                    assertEquals(400, c.send("GET / HTTP/1.1\r\nHost : t\r\n\r\n").read().status());
                }
                String ts = "\\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\]";
                java.util.regex.Pattern ok = java.util.regex.Pattern.compile("127\\.0\\.0\\.1:\\d+ " + ts
                        + " fe app/s1 \\d+/0/\\d+/\\d+/\\d+ 200 \\d+ - - ---- \\d+/\\d+/\\d+/\\d+/0 0/0 "
                        + "\"GET /a\\?b=1 HTTP/1\\.1\"");
                java.util.regex.Pattern redir = java.util.regex.Pattern.compile(" fe fe/<NOSRV> \\d+/-1/-1/-1/\\d+ 302 "
                        + "\\d+ - - LR-- .*\"GET /old HTTP/1\\.1\"");
                java.util.regex.Pattern bad = java.util.regex.Pattern.compile(" fe fe/<NOSRV> -1/-1/-1/-1/\\d+ 400 "
                        + "\\d+ - - PR-- .*\"<BADREQ>\"");
                long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                for (;;) {
                    String out = sp.stdoutSoFar();
                    if (ok.matcher(out).find() && redir.matcher(out).find() && bad.matcher(out).find()) {
                        break;
                    }
                    if (System.nanoTime() - end > 0) {
                        throw new AssertionError("httplog lines missing or malformed:\n" + out);
                    }
                    Thread.sleep(20); // polling interval of a deadline loop
                }
            }
        }
    }

    @Test
    @Timeout(60)
    void keywordsWithoutRuntimeAreRefusedAtStart() throws Exception {
        int fe = freePort();
        for (String extra : List.of("    http-reuse always\n", "    http-reuse safe\n",
                "    retry-on conn-failure 503\n",
                "    option httplog clf\n")) {
            String cfg = config(fe, "    default_backend app\n", extra, backend("app", freePort()));
            Path f = Files.createTempFile("sluice-http-", ".cfg");
            Files.writeString(f, cfg);
            SluiceProcess.Result r = SluiceProcess.run(List.of("-f", f.toString()), Duration.ofSeconds(20));
            assertTrue(r.exitCode() != 0, r.describe());
            assertTrue((r.stdout() + r.stderr()).contains("not supported yet"), r.describe());
        }
    }
}
