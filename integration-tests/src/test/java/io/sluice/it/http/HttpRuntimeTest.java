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
}
