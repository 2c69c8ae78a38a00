package io.sluice.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.sluice.it.support.SluiceProcess;

/**
 * The mode http runtime features of issue 7's second round, end to end (real process, real sockets, ephemeral
 * ports): {@code timeout client-fin}/{@code server-fin}, {@code errorfile}, draining the body of a request answered
 * locally, {@code show sess}.
 */
class HttpRuntimeTest {

    /** A config whose client/server/tunnel timeouts (30 s) are far beyond every deadline of these tests. */
    static String config(int fePort, String defaultsExtra, String frontendExtra, String backends) {
        return "global\n"
                + "    nbthread 2\n"
                + "    hard-stop-after 10s\n"
                + "    log stdout format raw local0\n"
                + "defaults\n"
                + "    mode http\n"
                + "    log global\n"
                + "    option httplog\n"
                + "    timeout connect 1s\n"
                + "    timeout client 30s\n"
                + "    timeout server 30s\n"
                + "    timeout tunnel 30s\n"
                + "    timeout http-request 5s\n"
                + "    retries 1\n"
                + defaultsExtra
                + "frontend fe\n"
                + "    bind 127.0.0.1:" + fePort + "\n"
                + frontendExtra
                + backends;
    }

    static void awaitLog(SluiceProcess sp, Pattern p, Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        for (;;) {
            String out = sp.stdoutSoFar();
            if (p.matcher(out).find()) {
                return;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("no log line matching " + p + " within " + d + ":\n" + out);
            }
            Thread.sleep(20); // polling interval of a deadline loop
        }
    }

    @Test
    @Timeout(60)
    void clientFinEndsAHalfClosedClientThatStopsReading() throws Exception {
        try (MiniHttpServer app = new MiniHttpServer("app")) {
            int fe = HttpProxyTest.freePort();
            String cfg = config(fe, "    timeout client-fin 300\n", "    default_backend app\n",
                    HttpProxyTest.backend("app", app.port()));
            try (SluiceProcess sp = HttpProxyTest.start(cfg, fe); Socket c = new Socket()) {
                c.setReceiveBufferSize(4096);
                c.connect(new InetSocketAddress("127.0.0.1", fe), 2000);
                c.getOutputStream().write(HttpProxyTest.get("/big/67108864", "")
                        .getBytes(StandardCharsets.ISO_8859_1));
                c.shutdownOutput();
                // The client half-closed and reads nothing: with client-fin 300 ms the proxy gives up long before
                // timeout client (30 s): cD, the response had started.
                awaitLog(sp, Pattern.compile(" fe app/s1 .* 200 \\d+ - - cD-- .*\"GET /big/67108864 HTTP/1\\.1\""),
                        Duration.ofSeconds(10));
            }
        }
    }

    @Test
    @Timeout(60)
    void serverFinEndsAHalfClosedTunnel() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch sawFin = new CountDownLatch(1);
        try (ServerSocket ss = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            // A server that accepts an upgrade, then neither talks nor closes after the client's FIN arrives.
            Thread t = new Thread(() -> {
                try (Socket s = ss.accept(); InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream()) {
                    HttpWire.readLine(in);
                    HttpWire.readHeaders(in);
                    out.write("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    while (in.read() >= 0) {
                        // tunnel bytes are dropped
                    }
                    sawFin.countDown();
                    release.await(30, TimeUnit.SECONDS);
                } catch (IOException | InterruptedException e) {
                    // the test is over
                }
            }, "silent-upgrade-server");
            t.setDaemon(true);
            t.start();
            int fe = HttpProxyTest.freePort();
            String cfg = config(fe, "    timeout server-fin 300\n", "    default_backend app\n",
                    HttpProxyTest.backend("app", ss.getLocalPort()));
            try (SluiceProcess sp = HttpProxyTest.start(cfg, fe); Socket c = new Socket()) {
                c.connect(new InetSocketAddress("127.0.0.1", fe), 2000);
                c.setSoTimeout(10_000);
                c.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\n"
                        + "Upgrade: echo\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = c.getInputStream();
                assertTrue(HttpWire.readLine(in).startsWith("HTTP/1.1 101"));
                HttpWire.readHeaders(in);
                c.getOutputStream().write("ping".getBytes(StandardCharsets.ISO_8859_1));
                c.shutdownOutput();
                assertTrue(sawFin.await(10, TimeUnit.SECONDS), "the client's FIN was not propagated");
                // The server side is half-closed and silent: server-fin (300 ms) ends the tunnel long before the
                // tunnel timeout (30 s); the client sees the close within the 10 s read timeout.
                assertEquals(-1, in.read());
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    @Timeout(60)
    void errorfilesReplaceTheBuiltInPagesOnTheWire() throws Exception {
        Path dir = Files.createTempDirectory("sluice-errorfile-");
        Files.writeString(dir.resolve("503.http"), "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                + "X-Page: fe-503\r\nContent-Length: 12\r\n\r\nfe says 503\n");
        Files.writeString(dir.resolve("dead503.http"), "HTTP/1.1 503 Service Unavailable\r\nX-Page: be-503\r\n"
                + "Content-Length: 12\r\n\r\nbe says 503\n");
        Files.writeString(dir.resolve("400.http"), "HTTP/1.1 400 Bad request\r\nX-Page: fe-400\r\n"
                + "Content-Length: 8\r\n\r\nbad req\n");
        Files.writeString(dir.resolve("403.http"), "HTTP/1.1 403 Forbidden\r\nX-Page: fe-403\r\n"
                + "Content-Length: 7\r\n\r\nnot you");
        int fe = HttpProxyTest.freePort();
        int dead = HttpProxyTest.freePort();
        String cfg = config(fe, "    errorfile 503 " + dir.resolve("503.http") + "\n",
                "    errorfile 400 " + dir.resolve("400.http") + "\n"
                        + "    errorfile 403 " + dir.resolve("403.http") + "\n"
                        + "    http-request deny if { path_beg /deny }\n"
                        + "    use_backend dead if { path_beg /dead }\n    use_backend nosrv if { path_beg /nosrv }\n"
                        + "    default_backend dead2\n",
                "backend dead\n    errorfile 503 " + dir.resolve("dead503.http") + "\n    server s1 127.0.0.1:" + dead
                        + "\n" + HttpProxyTest.backend("dead2", dead) + "backend nosrv\n");
        try (SluiceProcess sp = HttpProxyTest.start(cfg, fe)) {
            // 503 after the retries, from a backend with its own page: the backend's page wins.
            try (HttpWire c = new HttpWire(fe)) {
                HttpWire.Response r = c.send(HttpProxyTest.get("/dead", "")).read();
                assertEquals(503, r.status());
                assertEquals("be-503", r.headers().get("x-page"));
                assertEquals("be says 503\n", r.body());
                // A stream-level error keeps a keep-alive client (reference §5(b)): no connection header.
                assertEquals(null, r.headers().get("connection"), r.headers().toString());
            }
            // 503 from a backend without one (inherited from defaults) and from one without servers.
            for (String path : List.of("/other", "/nosrv")) {
                try (HttpWire c = new HttpWire(fe)) {
                    HttpWire.Response r = c.send(HttpProxyTest.get(path, "")).read();
                    assertEquals(503, r.status(), path);
                    assertEquals("fe-503", r.headers().get("x-page"), path);
                    assertEquals("fe says 503\n", r.body(), path);
                }
            }
            // A parser error (space before the colon): the 400 page of the frontend, then the close.
            try (HttpWire c = new HttpWire(fe)) {
                HttpWire.Response r = c.send("GET / HTTP/1.1\r\nHost : t\r\n\r\n").read();
                assertEquals(400, r.status());
                assertEquals("fe-400", r.headers().get("x-page"));
                assertEquals("bad req\n", r.body());
                assertTrue(c.closedByPeer());
            }
            // deny uses the frontend's 403 page.
            try (HttpWire c = new HttpWire(fe)) {
                HttpWire.Response r = c.send(HttpProxyTest.get("/deny", "")).read();
                assertEquals(403, r.status());
                assertEquals("fe-403", r.headers().get("x-page"));
                assertEquals("not you", r.body());
            }
        }
    }

    @Test
    @Timeout(60)
    void aMissingOrInvalidErrorfileStopsTheStartWithItsLine() throws Exception {
        Path dir = Files.createTempDirectory("sluice-errorfile-");
        Path bad = dir.resolve("bad.http");
        Files.writeString(bad, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 50\r\n\r\nshort");
        int fe = HttpProxyTest.freePort();
        for (String file : List.of(dir.resolve("missing.http").toString(), bad.toString())) {
            String cfg = config(fe, "", "    errorfile 503 " + file + "\n    default_backend app\n",
                    HttpProxyTest.backend("app", HttpProxyTest.freePort()));
            Path f = Files.createTempFile("sluice-http-", ".cfg");
            Files.writeString(f, cfg);
            SluiceProcess.Result r = SluiceProcess.run(List.of("-f", f.toString()), Duration.ofSeconds(20));
            assertEquals(1, r.exitCode(), r.describe());
            // The errorfile line is the 17th of the generated config (frontend section, after its bind line).
            assertTrue((r.stdout() + r.stderr()).contains(f + ":17]"), r.describe());
            assertTrue((r.stdout() + r.stderr()).contains(file), r.describe());
        }
    }

    @Test
    @Timeout(60)
    void theBodyOfALocallyAnsweredRequestIsDrainedAndTheConnectionKept() throws Exception {
        try (MiniHttpServer app = new MiniHttpServer("app")) {
            int fe = HttpProxyTest.freePort();
            String cfg = config(fe, "", "    http-request deny if { path_beg /deny }\n"
                    + "    http-request return status 200 content-type text/plain string done if { path_beg /ret }\n"
                    + "    redirect location /else code 302 if { path_beg /redir }\n"
                    + "    default_backend app\n", HttpProxyTest.backend("app", app.port()));
            try (SluiceProcess sp = HttpProxyTest.start(cfg, fe)) {
                try (HttpWire c = new HttpWire(fe)) {
                    // Content-Length body split across reads: the reply comes first, the rest is drained.
                    c.send("POST /deny HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nhello");
                    HttpWire.Response r = c.read();
                    assertEquals(403, r.status());
                    assertTrue(r.headers().get("connection") == null, r.headers().toString());
                    c.send("world");
                    // Chunked body with a trailer, answered by a return; then a redirect with a body, pipelined
                    // with a request for the server.
                    c.send("POST /ret HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n");
                    r = c.read();
                    assertEquals(200, r.status());
                    assertEquals("done", r.body());
                    c.send("POST /redir HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nxyz"
                            + HttpProxyTest.get("/after", ""));
                    assertEquals(302, c.read().status());
                    r = c.read();
                    assertEquals(200, r.status());
                    assertTrue(r.body().startsWith("app GET /after"), r.body());
                }
                // A body announced larger than the drain limit (1 MiB): the reply closes the connection.
                try (HttpWire c = new HttpWire(fe)) {
                    HttpWire.Response r = c.send("POST /deny HTTP/1.1\r\nHost: t\r\nContent-Length: 2000000\r\n"
                            + "\r\nabc").read();
                    assertEquals(403, r.status());
                    assertEquals("close", r.headers().get("connection"));
                    assertTrue(c.closedByPeer());
                }
                // Bad chunk framing while draining: closed after the reply.
                try (HttpWire c = new HttpWire(fe)) {
                    c.send("POST /ret HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
                    assertEquals(200, c.read().status());
                    c.send("zz\r\nabc\r\n");
                    assertTrue(c.closedByPeer());
                }
                // Expect: 100-continue: the client waits for a 100 that never comes; no draining, close.
                try (HttpWire c = new HttpWire(fe)) {
                    HttpWire.Response r = c.send("POST /deny HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n"
                            + "Expect: 100-continue\r\n\r\n").read();
                    assertEquals(403, r.status());
                    assertTrue(c.closedByPeer());
                }
            }
        }
    }

    @Test
    @Timeout(60)
    void streamErrorsKeepTheClientConnectionAsHaproxyDoes() throws Exception {
        try (MiniHttpServer app = new MiniHttpServer("app")) {
            int fe = HttpProxyTest.freePort();
            int dead = HttpProxyTest.freePort();
            String cfg = config(fe, "", "    http-request deny if { path_beg /deny }\n"
                    + "    use_backend dead if { path_beg /dead }\n    use_backend nosrv if { path_beg /nosrv }\n"
                    + "    use_backend slow if { path_beg /silent }\n    default_backend app\n",
                    HttpProxyTest.backend("app", app.port()) + HttpProxyTest.backend("dead", dead)
                            + "backend nosrv\nbackend slow\n    timeout server 300\n    server s1 127.0.0.1:"
                            + app.port() + "\n");
            try (SluiceProcess sp = HttpProxyTest.start(cfg, fe)) {
                // HTTP/1.1 keep-alive: 503 (refused after the retries), 503 (no server), 502, 504 and 403 all keep
                // the connection, with no connection header; the next request is served on it.
                try (HttpWire c = new HttpWire(fe)) {
                    for (String[] x : List.of(new String[] {"/dead", "503"}, new String[] {"/nosrv", "503"},
                            new String[] {"/badlen", "502"}, new String[] {"/silent", "504"},
                            new String[] {"/deny", "403"})) {
                        HttpWire.Response r = c.send(HttpProxyTest.get(x[0], "")).read();
                        assertEquals(Integer.parseInt(x[1]), r.status(), x[0]);
                        assertEquals(null, r.headers().get("connection"), x[0] + " " + r.headers());
                        assertEquals(r.headers().get("content-length"), Integer.toString(r.body().length()), x[0]);
                    }
                    HttpWire.Response r = c.send(HttpProxyTest.get("/after", "")).read();
                    assertEquals(200, r.status());
                    assertTrue(r.body().startsWith("app GET /after"), r.body());
                }
                // HTTP/1.0 keep-alive client: connection: keep-alive is added, the connection is kept.
                try (HttpWire c = new HttpWire(fe)) {
                    HttpWire.Response r = c.send("GET /dead HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
                    assertEquals(503, r.status());
                    assertEquals("keep-alive", r.headers().get("connection"));
                    assertEquals(200, c.send(HttpProxyTest.get("/after10", "")).read().status());
                }
                // A 503 before the request body ended: the rest of the body is drained, the connection kept.
                try (HttpWire c = new HttpWire(fe)) {
                    HttpWire.Response r = c.send("POST /dead HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nhello")
                            .read();
                    assertEquals(503, r.status());
                    c.send("world");
                    r = c.send(HttpProxyTest.get("/after-body", "")).read();
                    assertEquals(200, r.status());
                    assertTrue(r.body().startsWith("app GET /after-body"), r.body());
                }
                // A client that asked to close: connection: close, then closed.
                try (HttpWire c = new HttpWire(fe)) {
                    HttpWire.Response r = c.send(HttpProxyTest.get("/dead", "Connection: close\r\n")).read();
                    assertEquals(503, r.status());
                    assertEquals("close", r.headers().get("connection"));
                    assertTrue(c.closedByPeer());
                }
                // 400 carries close and closes.
                try (HttpWire c = new HttpWire(fe)) {
                    HttpWire.Response r = c.send("GET / HTTP/1.1\r\nHost : t\r\n\r\n").read();
                    assertEquals(400, r.status());
                    assertEquals("close", r.headers().get("connection").toLowerCase(java.util.Locale.ROOT));
                    assertTrue(c.closedByPeer());
                }
                awaitLog(sp, Pattern.compile(" fe dead/s1 .* 503 \\d+ - - SC-- .*\"GET /dead HTTP/1\\.0\""),
                        Duration.ofSeconds(10));
            }
        }
    }

    @Test
    @Timeout(60)
    void aConnectTimeoutOnALaterKeepAliveRequestClosesWithoutAPage() throws Exception {
        // Reference §3: after timeout connect and the retries, the first request of a connection gets the 503 page,
        // a later one on the same connection gets nothing (logged 503 sC--) and the connection is closed.
        try (MiniHttpServer app = new MiniHttpServer("app");
                ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket f1 = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
                Socket f2 = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
            int fe = HttpProxyTest.freePort();
            String cfg = config(fe, "    timeout connect 200\n    retries 0\n",
                    "    use_backend full if { path_beg /full }\n    default_backend app\n",
                    HttpProxyTest.backend("app", app.port()) + HttpProxyTest.backend("full", ss.getLocalPort()));
            try (SluiceProcess sp = HttpProxyTest.start(cfg, fe)) {
                try (HttpWire c = new HttpWire(fe)) {
                    HttpWire.Response r = c.send(HttpProxyTest.get("/full/first", "")).read();
                    assertEquals(503, r.status());
                    assertEquals(200, c.send(HttpProxyTest.get("/ok", "")).read().status());
                    c.send(HttpProxyTest.get("/full/later", ""));
                    assertTrue(c.closedByPeer());
                }
                awaitLog(sp, Pattern.compile(" fe full/s1 .* 503 \\d+ - - sC-- .*\"GET /full/later HTTP/1\\.1\""),
                        Duration.ofSeconds(10));
            }
        }
    }

    @Test
    @Timeout(60)
    void retryOnNoneDoesNotRetryAConnectionFailure() throws Exception {
        int fe = HttpProxyTest.freePort();
        int dead = HttpProxyTest.freePort();
        // mode http: "retry-on none" in a backend: a refused connect is not retried (the httplog's retries
        // field is 0), while the backend without it retries "retries" times (3).
        String cfg = config(fe, "    retries 3\n", "    use_backend none if { path_beg /none }\n"
                + "    default_backend dflt\n", "backend none\n    retry-on none\n    server s1 127.0.0.1:" + dead
                + "\n" + HttpProxyTest.backend("dflt", dead));
        try (SluiceProcess sp = HttpProxyTest.start(cfg, fe)) {
            try (HttpWire c = new HttpWire(fe)) {
                assertEquals(503, c.send(HttpProxyTest.get("/none", "")).read().status());
                assertEquals(503, c.send(HttpProxyTest.get("/dflt", "")).read().status());
            }
            awaitLog(sp, Pattern.compile(" fe none/s1 .* 503 \\d+ - - SC-- \\d+/\\d+/\\d+/\\d+/0 0/0 \"GET /none "),
                    Duration.ofSeconds(10));
            awaitLog(sp, Pattern.compile(" fe dflt/s1 .* 503 \\d+ - - SC-- \\d+/\\d+/\\d+/\\d+/3 0/0 \"GET /dflt "),
                    Duration.ofSeconds(10));
        }
        // mode tcp: HAProxy's back_handle_st_cer reads the same set, so "retry-on none" stops the retries there too.
        int ft = HttpProxyTest.freePort();
        String tcp = "global\n    nbthread 1\n    hard-stop-after 10s\n    log stdout format raw local0\n"
                + "defaults\n    mode tcp\n    log global\n    option tcplog\n    timeout connect 1s\n"
                + "    timeout client 30s\n    timeout server 30s\n    retries 3\n"
                + "frontend ft\n    bind 127.0.0.1:" + ft + "\n    default_backend none\n"
                + "backend none\n    retry-on none\n    server s1 127.0.0.1:" + dead + "\n";
        try (SluiceProcess sp = HttpProxyTest.start(tcp, ft); Socket c = new Socket()) {
            c.connect(new InetSocketAddress("127.0.0.1", ft), 2000);
            c.setSoTimeout(10_000);
            assertEquals(-1, c.getInputStream().read());
            awaitLog(sp, Pattern.compile(" ft none/s1 .* SC \\d+/\\d+/\\d+/\\d+/0 0/0"), Duration.ofSeconds(10));
        }
    }

    @Test
    @Timeout(60)
    void forwardforArgumentsAndBackendOptionAsHaproxy() throws Exception {
        try (MiniHttpServer app = new MiniHttpServer("app")) {
            int fe = HttpProxyTest.freePort();
            int fe2 = HttpProxyTest.freePort();
            String srv = "    server s1 127.0.0.1:" + app.port() + "\n";
            // fe: "header X-Test if-none"; backends: none of their own (fe's header, if-none), their own default
            // header (it wins), an except network holding the client, an IPv6 except that does not hold it.
            String cfg = config(fe, "", "    option forwardfor header X-Test if-none\n"
                    + "    use_backend own if { path_beg /own }\n    use_backend exc6 if { path_beg /exc6 }\n"
                    + "    use_backend exc if { path_beg /exc }\n    default_backend app\n",
                    HttpProxyTest.backend("app", app.port())
                            + "backend own\n    option forwardfor\n" + srv
                            + "backend exc\n    option forwardfor except 127.0.0.0/8\n" + srv
                            + "backend exc6\n    option forwardfor except ::1/128 header X-Test\n" + srv
                            + "frontend fe2\n    bind 127.0.0.1:" + fe2 + "\n    default_backend own\n");
            try (SluiceProcess sp = HttpProxyTest.start(cfg, fe); HttpWire c = new HttpWire(fe)) {
                String b = c.send(HttpProxyTest.get("/plain", "")).read().body();
                assertTrue(b.endsWith(" xff=null xtest=127.0.0.1"), b);
                b = c.send(HttpProxyTest.get("/plain", "X-Test: given\r\n")).read().body();
                assertTrue(b.endsWith(" xff=null xtest=given"), b);
                // The backend's own option: its (default) header name, and no if-none of its own: added anyway.
                b = c.send(HttpProxyTest.get("/own", "X-Forwarded-For: 10.1.1.1\r\n")).read().body();
                assertTrue(b.endsWith(" xff=10.1.1.1,127.0.0.1 xtest=null"), b);
                b = c.send(HttpProxyTest.get("/exc/x", "")).read().body();
                assertTrue(b.endsWith(" xff=null xtest=null"), b);
                b = c.send(HttpProxyTest.get("/exc6", "X-Test: given\r\n")).read().body();
                assertTrue(b.endsWith(" xff=null xtest=given,127.0.0.1"), b);
                // A backend's option works behind a frontend without one.
                try (HttpWire c2 = new HttpWire(fe2)) {
                    b = c2.send(HttpProxyTest.get("/fe2", "")).read().body();
                    assertTrue(b.endsWith(" xff=127.0.0.1 xtest=null"), b);
                }
            }
        }
    }

    @Test
    @Timeout(60)
    void startRefusalsNameTheOffendingKeywordsLine() throws Exception {
        int fe = HttpProxyTest.freePort();
        // config(): the defaults end on line 14, the frontend's header is line 15 without defaults extras.
        List<String[]> cases = List.of(
                // retry-on on line 20 of backend 'be' (header line 18).
                new String[] {config(fe, "", "    default_backend be\n",
                        "backend be\n    server s1 127.0.0.1:1\n    retry-on empty-response\n"), "proxy 'be'", ":20)"},
                // http-reuse in defaults (line 15), inherited by the frontend (header line 16).
                new String[] {config(fe, "    http-reuse safe\n", "    default_backend be\n",
                        "backend be\n    server s1 127.0.0.1:1\n"), "proxy 'fe'", ":15)"},
                // mode tcp: option forwardfor on line 8 of frontend 'ft' (header line 6).
                new String[] {"global\n    nbthread 1\ndefaults\n    mode tcp\n    timeout client 1s\n"
                        + "frontend ft\n    bind 127.0.0.1:" + fe + "\n    option forwardfor\n", "proxy 'ft'", ":8)"});
        for (String[] c : cases) {
            Path f = Files.createTempFile("sluice-http-", ".cfg");
            Files.writeString(f, c[0]);
            SluiceProcess.Result r = SluiceProcess.run(List.of("-f", f.toString()), Duration.ofSeconds(20));
            String out = r.stdout() + r.stderr();
            assertTrue(r.exitCode() != 0, r.describe());
            assertTrue(out.contains("not supported yet"), r.describe());
            assertTrue(out.contains(c[1] + " (" + f + c[2]), r.describe());
        }
    }

    @Test
    @Timeout(60)
    void aReusedServerConnectionClosedBeforeTheResponseClosesTheClientSilently() throws Exception {
        // Reference §2/§3: a server connection reused for a request and closed before any response byte: HAProxy
        // closes the client connection without a reply and without a log line (the client retries); on a fresh
        // server connection the same close is a 502.
        try (ServerSocket ss = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = ss.accept(); InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream()) {
                    HttpWire.readLine(in);
                    HttpWire.readHeaders(in);
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    HttpWire.readLine(in); // the second request on the kept connection: closed unanswered
                    HttpWire.readHeaders(in);
                } catch (IOException e) {
                    return;
                }
                try (Socket s = ss.accept(); InputStream in = s.getInputStream()) {
                    HttpWire.readLine(in); // a fresh connection closed unanswered
                    HttpWire.readHeaders(in);
                } catch (IOException e) {
                    // the test is over
                }
            }, "closing-server");
            t.setDaemon(true);
            t.start();
            int fe = HttpProxyTest.freePort();
            String cfg = config(fe, "", "    default_backend app\n", HttpProxyTest.backend("app", ss.getLocalPort()));
            try (SluiceProcess sp = HttpProxyTest.start(cfg, fe)) {
                try (HttpWire c = new HttpWire(fe)) {
                    assertEquals("ok", c.send(HttpProxyTest.get("/first", "")).read().body());
                    c.send(HttpProxyTest.get("/reused", ""));
                    assertTrue(c.closedByPeer());
                }
                try (HttpWire c = new HttpWire(fe)) {
                    assertEquals(502, c.send(HttpProxyTest.get("/fresh", "")).read().status());
                }
                awaitLog(sp, Pattern.compile(" 502 \\d+ - - SH-- .*\"GET /fresh "), Duration.ofSeconds(10));
                assertTrue(!sp.stdoutSoFar().contains("GET /reused"), sp.stdoutSoFar());
            }
        }
    }

    static String cli(int statsPort, String command) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", statsPort), 2000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    @Timeout(60)
    void showSessListsHttpStreams() throws Exception {
        try (MiniHttpServer app = new MiniHttpServer("app")) {
            int fe = HttpProxyTest.freePort();
            int stats = HttpProxyTest.freePort();
            String cfg = config(fe, "", "    default_backend app\n", HttpProxyTest.backend("app", app.port()))
                    .replace("global\n    nbthread", "global\n    stats socket 127.0.0.1:" + stats
                            + " level admin\n    nbthread");
            try (SluiceProcess sp = HttpProxyTest.start(cfg, fe); HttpWire busy = new HttpWire(fe);
                    HttpWire idle = new HttpWire(fe)) {
                // An idle keep-alive connection has no stream (not listed); one waiting for its response has one.
                assertEquals(200, idle.send(HttpProxyTest.get("/first", "")).read().status());
                busy.send(HttpProxyTest.get("/silent", ""));
                Pattern line = Pattern.compile("(?m)^0x[0-9a-f]+: proto=tcpv4 src=127\\.0\\.0\\.1:\\d+ fe=fe be=app "
                        + "srv=s1 ts=00 epoch=0 age=\\d+s calls=\\d+ rate=0 cpu=0 lat=0 "
                        + "rq\\[f=0,i=0,an=00h,rx=,wx=,ax=\\] "
                        + "rp\\[f=0,i=0,an=07h,rx=,wx=,ax=\\] scf=\\[EST,fd=\\d+\\] scb=\\[EST,fd=\\d+\\] exp= rc=0 "
                        + "tid=\\d+$");
                long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                String sess;
                for (;;) {
                    sess = cli(stats, "show sess");
                    if (line.matcher(sess).find() || System.nanoTime() - end > 0) {
                        break;
                    }
                    Thread.sleep(20); // polling interval of a deadline loop
                }
                assertTrue(line.matcher(sess).find(), sess);
                assertEquals(1, sess.lines().filter(l -> l.contains(" fe=fe ")).count(), sess);
                String fd = cli(stats, "show fd");
                assertTrue(fd.contains("owner=conn(http)"), fd);
            }
        }
    }

    /** True while a socket of this host is in SYN_SENT towards 127.0.0.1:{@code port} ({@code /proc/net/tcp}). */
    static boolean synSentTo(int port) throws IOException {
        String rem = String.format("0100007F:%04X", port);
        for (String l : Files.readAllLines(Path.of("/proc/net/tcp"))) {
            String[] f = l.trim().split("\\s+");
            if (f.length > 3 && f[2].equals(rem) && f[3].equals("02")) {
                return true;
            }
        }
        return false;
    }

    @Test
    @Timeout(60)
    void aRetriedConnectStillSendsTheRequest() throws Exception {
        // A server whose accept queue is full drops the SYN of the first attempt (timeout connect), then makes room:
        // the second attempt connects and must carry the request the first one never sent.
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket f1 = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
                Socket f2 = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
            int fe = HttpProxyTest.freePort();
            String cfg = config(fe, "    timeout connect 300\n    timeout server 3s\n    retries 3\n",
                    "    default_backend app\n", HttpProxyTest.backend("app", ss.getLocalPort()));
            try (SluiceProcess sp = HttpProxyTest.start(cfg, fe); HttpWire c = new HttpWire(fe)) {
                c.send(HttpProxyTest.get("/retried", ""));
                long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!synSentTo(ss.getLocalPort())) {
                    if (System.nanoTime() - end > 0) {
                        throw new AssertionError("the first connect attempt never waited on the full queue");
                    }
                    Thread.sleep(5); // polling interval of a deadline loop
                }
                ss.accept().close();
                ss.accept().close();
                Thread t = new Thread(() -> {
                    try (Socket s = ss.accept(); InputStream in = s.getInputStream();
                            OutputStream out = s.getOutputStream()) {
                        String line = HttpWire.readLine(in);
                        HttpWire.readHeaders(in);
                        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + line.length() + "\r\n\r\n" + line)
                                .getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        in.read();
                    } catch (IOException | RuntimeException e) {
                        // the test is over
                    }
                }, "retry-server");
                t.setDaemon(true);
                t.start();
                HttpWire.Response r = c.read();
                assertEquals(200, r.status(), String.valueOf(r));
                assertEquals("GET /retried HTTP/1.1", r.body());
                awaitLog(sp, Pattern.compile(" fe app/s1 .* 200 .* ---- \\d+/\\d+/\\d+/\\d+/[1-3] 0/0 \"GET /retried"),
                        Duration.ofSeconds(10));
            }
        }
    }
}
