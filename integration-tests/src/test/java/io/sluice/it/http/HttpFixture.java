package io.sluice.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sluice.it.support.SluiceProcess;

/**
 * One proxy process (Sluice, or the local HAProxy when the system property {@code httpit.haproxy}
 * names its binary: the cross-check run) in front of one recording {@link MiniHttpServer}, with
 * {@code option httplog} on stdout, and the checks the strictness, smuggling and mode tests share.
 * Used from the test thread only.
 */
final class HttpFixture implements AutoCloseable {
    /** The HAProxy binary of a cross-check run, or null for Sluice. */
    static final String HAPROXY = System.getProperty("httpit.haproxy");

    /** HAProxy's mux-level 400 (reference §5), sent byte for byte before a stream exists. */
    static final String RAW_400 = "HTTP/1.1 400 Bad request\r\nContent-length: 90\r\nCache-Control: no-cache\r\n"
            + "Connection: close\r\nContent-Type: text/html\r\n\r\n"
            + "<html><body><h1>400 Bad request</h1>\nYour browser sent an invalid request.\n</body></html>\n";
    /** HAProxy's mux-level 422 (reference §5): no Connection header, the connection is closed anyway. */
    static final String RAW_422 = "HTTP/1.1 422 Unprocessable Content\r\nContent-length: 116\r\n"
            + "Cache-Control: no-cache\r\nContent-Type: text/html\r\n\r\n<html><body><h1>422 Unprocessable Content"
            + "</h1>\nThe server cannot process the contained instructions.\n</body></html>\n";
    /** HAProxy's 502 body (reference §5). */
    static final String BODY_502 = "<html><body><h1>502 Bad Gateway</h1>\n"
            + "The server returned an invalid or incomplete response.\n</body></html>\n";
    /** HAProxy's 400 body. */
    static final String BODY_400 = "<html><body><h1>400 Bad request</h1>\n"
            + "Your browser sent an invalid request.\n</body></html>\n";

    /** The date of an httplog line: {@code [dd/Mmm/yyyy:HH:MM:SS.mmm]}. */
    static final String DATE = "\\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\]";

    private static final AtomicInteger NEXT = new AtomicInteger();

    final int fe;
    final MiniHttpServer app;
    private final Proc proc;

    private HttpFixture(int fe, MiniHttpServer app, Proc proc) {
        this.fe = fe;
        this.app = app;
        this.proc = proc;
    }

    /**
     * Starts the proxy with frontend {@code fe} on an ephemeral port, {@code default_backend app}
     * (the recording origin) unless {@code frontendExtra} routes otherwise, and httplog on stdout;
     * {@code ${APP}} in the extra lines is replaced by the origin's port.
     */
    static HttpFixture start(String globalExtra, String defaultsExtra, String frontendExtra, String backendsExtra)
            throws Exception {
        return startOn(HttpProxyTest.freePort(), globalExtra, defaultsExtra, frontendExtra, backendsExtra);
    }

    /** {@link #start} on a frontend port chosen by the caller (an ephemeral one it already knows). */
    static HttpFixture startOn(int fe, String globalExtra, String defaultsExtra, String frontendExtra,
            String backendsExtra) throws Exception {
        MiniHttpServer app = new MiniHttpServer("app");
        app.recording = true;
        String cfg = "global\n"
                + "    nbthread 2\n"
                + "    hard-stop-after 10s\n"
                + "    log stdout format raw local0\n"
                + globalExtra
                + "defaults\n"
                + "    mode http\n"
                + "    log global\n"
                + "    option httplog\n"
                + "    http-reuse never\n"
                + "    timeout connect 1s\n"
                + "    timeout client 5s\n"
                + "    timeout server 5s\n"
                + "    timeout http-request 3s\n"
                + "    retries 1\n"
                + defaultsExtra
                + "frontend fe\n"
                + "    bind 127.0.0.1:" + fe + "\n"
                + frontendExtra
                + "    default_backend app\n"
                + "backend app\n"
                + "    server s1 127.0.0.1:" + app.port() + "\n"
                + backendsExtra;
        cfg = cfg.replace("${APP}", Integer.toString(app.port()));
        Proc p;
        try {
            p = HAPROXY == null ? new Proc(startSluice(cfg)) : Proc.haproxy(HAPROXY, cfg);
            awaitListening(p, fe);
        } catch (Throwable t) {
            app.close();
            throw t;
        }
        return new HttpFixture(fe, app, p);
    }

    private static SluiceProcess startSluice(String cfg) throws IOException {
        Path f = Files.createTempFile("sluice-httpit-", ".cfg");
        Files.writeString(f, cfg);
        return SluiceProcess.start(List.of("-f", f.toString()));
    }

    private static void awaitListening(Proc p, int port) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (;;) {
            if (!p.isAlive()) {
                throw new AssertionError("proxy exited:\n" + p.output());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (System.nanoTime() - end > 0) {
                    throw new AssertionError("frontend never listened:\n" + p.output());
                }
                Thread.sleep(20); // polling interval of a deadline loop
            }
        }
    }

    /** Everything the proxy wrote so far (the httplog lines are on stdout). */
    String output() {
        return proc.output();
    }

    /** Polls the proxy's output (deadline 10 s) for a line matching {@code p}; returns that line. */
    String awaitLog(Pattern p) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (;;) {
            String out = proc.output();
            Matcher m = p.matcher(out);
            if (m.find()) {
                int s = out.lastIndexOf('\n', m.start()) + 1;
                int e = out.indexOf('\n', m.end());
                return out.substring(s, e < 0 ? out.length() : e);
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("no log line matches " + p + " in:\n" + out);
            }
            Thread.sleep(10); // polling interval of a deadline loop
        }
    }

    /** The httplog line of client port {@code cport}: the start of the line, up to the request. */
    String awaitLogOf(int cport, String rest) throws InterruptedException {
        return awaitLog(Pattern.compile("(?m)^127\\.0\\.0\\.1:" + cport + " " + DATE + " " + rest + "$"));
    }

    /** The httplog line of client port {@code cport}, whatever it says. */
    String awaitAnyLogOf(int cport) throws InterruptedException {
        return awaitLog(Pattern.compile("(?m)^127\\.0\\.0\\.1:" + cport + " .*$"));
    }

    /** Waits (deadline 10 s) until every server connection the origin accepted has ended. */
    void awaitOriginIdle() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (app.closed.get() != app.connections.get()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("origin connections still open: " + app.connections.get() + " accepted, "
                        + app.closed.get() + " ended; seen " + app.seen);
            }
            Thread.sleep(5); // polling interval of a deadline loop
        }
    }

    /** What the origin saw after index {@code mark} of {@link MiniHttpServer#seen}. */
    List<MiniHttpServer.Seen> seenSince(int mark) {
        List<MiniHttpServer.Seen> all = new ArrayList<>(app.seen);
        return all.subList(Math.min(mark, all.size()), all.size());
    }

    /** A new client on a new connection is served 200 by the origin, and the origin saw that request. */
    void assertNextClientServed() throws IOException {
        String path = "/next-" + NEXT.incrementAndGet();
        try (HttpWire c = new HttpWire(fe)) {
            HttpWire.Response r = c.send("GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals(200, r.status(), "next client");
            assertTrue(r.body().startsWith("app GET " + path + " "), r.body());
        }
    }

    /**
     * A new client sends a chunked POST and a pipelined GET in one write: both are answered by the
     * origin and the proxy logs both. What an earlier (possibly failed) message left in a reused
     * session must not change how this body is framed: a proxy that misframes it would forward the
     * GET as body bytes (the origin still answers it) and never see it as a request, so the GET's
     * own log line is the proxy's proof that it framed the body right.
     */
    void assertNextChunkedClientServed() throws IOException, InterruptedException {
        String path = "/next-chunked-" + NEXT.incrementAndGet();
        String after = path + "-after";
        try (HttpWire c = new HttpWire(fe)) {
            c.readTimeout(5000);
            c.send("POST " + path + " HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\nGET " + after + " HTTP/1.1\r\nHost: t\r\n\r\n");
            HttpWire.Response r = c.read();
            assertEquals(200, r.status(), "next chunked client");
            assertTrue(r.body().startsWith("app POST " + path + " ") && r.body().contains(" body=5 "), r.body());
            r = c.read();
            assertTrue(r.body().startsWith("app GET " + after + " "), r.body());
        }
        awaitLog(Pattern.compile("(?m) \"GET " + Pattern.quote(after) + " HTTP/1\\.1\"$"));
    }

    /**
     * The client got exactly {@code expected} and then the connection was closed: EOF, or (when
     * {@code resetAllowed}, for requests the proxy could not read whole) a reset after the reply.
     */
    static void assertRepliedAndClosed(HttpWire c, String expected, boolean resetAllowed) throws IOException {
        HttpWire.Ending e = c.readToEnd();
        assertEquals(expected, e.text(), "the reply, byte for byte");
        assertTrue(resetAllowed || !e.reset(), "closed with a reset instead of a FIN");
    }

    /** No request start (not even a partial one) reached the origin after {@code mark}. */
    void assertOriginSawNothing(int mark) throws InterruptedException {
        awaitOriginIdle();
        List<MiniHttpServer.Seen> s = seenSince(mark);
        assertTrue(s.isEmpty(), "the origin received " + s);
    }

    /** No complete request reached the origin after {@code mark} (a head without its body may have). */
    void assertOriginGotNoCompleteRequest(int mark) throws InterruptedException {
        awaitOriginIdle();
        for (MiniHttpServer.Seen s : seenSince(mark)) {
            assertFalse(s.body != null, "the origin received a complete request: " + s);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            proc.close();
        } finally {
            app.close();
        }
    }

    /** The proxy process: Sluice through {@link SluiceProcess}, or HAProxy with its output drained. */
    private static final class Proc implements AutoCloseable {
        private final SluiceProcess sluice;
        private final Process haproxy;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proc(SluiceProcess sluice) {
            this.sluice = sluice;
            this.haproxy = null;
        }

        private Proc(Process haproxy) {
            this.sluice = null;
            this.haproxy = haproxy;
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (InputStream in = haproxy.getInputStream()) {
                    for (int r; (r = in.read(buf)) > 0;) {
                        synchronized (out) {
                            out.write(buf, 0, r);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "haproxy-out");
            t.setDaemon(true);
            t.start();
        }

        static Proc haproxy(String bin, String cfg) throws IOException {
            Path f = Files.createTempFile("haproxy-httpit-", ".cfg");
            Files.writeString(f, cfg);
            ProcessBuilder pb = new ProcessBuilder(bin, "-db", "-f", f.toString()).redirectErrorStream(true);
            return new Proc(pb.start());
        }

        boolean isAlive() {
            return sluice != null ? sluice.isAlive() : haproxy.isAlive();
        }

        String output() {
            if (sluice != null) {
                return sluice.stdoutSoFar() + sluice.stderrSoFar();
            }
            synchronized (out) {
                return out.toString(StandardCharsets.ISO_8859_1);
            }
        }

        @Override
        public void close() {
            if (sluice != null) {
                sluice.close();
                return;
            }
            haproxy.destroy();
            try {
                if (!haproxy.waitFor(5, TimeUnit.SECONDS)) {
                    haproxy.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                haproxy.destroyForcibly();
            }
        }
    }
}
