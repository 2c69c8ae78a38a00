package io.sluice.injector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * sluice-h1load run as a real process against a real local server: output shape, accounting and exit status.
 * Columns of the default format: time conns tot_conn tot_req tot_bytes err cps rps bps ttfb.
 */
class H1LoadProcessTest {
    private static final int TIME = 0;
    private static final int CONNS = 1;
    private static final int TOT_CONN = 2;
    private static final int TOT_REQ = 3;
    private static final int TOT_BYTES = 4;
    private static final int ERR = 5;
    private static final int RPS = 7;
    private static final int TTFB = 9;

    private static String[] last(List<String[]> rows) {
        return rows.get(rows.size() - 1);
    }

    private static long num(String[] row, int col) {
        return Long.parseLong(row[col]);
    }

    @Test
    @Timeout(60)
    void keepAliveRunPrintsMeasuredLinesThenTheEndSequence() throws Exception {
        try (TestHttpServer srv = new TestHttpServer(TestHttpServer.Mode.CONTENT_LENGTH)) {
            InjectorProcess p = InjectorProcess.run(30, "-c", "2", "-d", "2", srv.url());
            assertThat(p.exit).as(p.toString()).isZero();
            assertThat(p.stdout).startsWith(
                "#     time conns tot_conn  tot_req      tot_bytes    err  cps  rps  bps   ttfb\n");
            List<String[]> rows = p.lines();
            // -d 2: two measured lines, one with ttfb "-" while connections pause, then the final line.
            assertThat(rows).as(p.toString()).hasSize(4);
            for (int i = 0; i < rows.size(); i++) {
                assertThat(num(rows.get(i), TIME)).as(p.toString()).isEqualTo(i + 1);
                assertThat(num(rows.get(i), ERR)).as(p.toString()).isZero();
                assertThat(num(rows.get(i), TOT_CONN)).as("keep-alive reuses its 2 connections").isEqualTo(2);
            }
            assertThat(rows.get(0)[TTFB]).isNotEqualTo("-");
            assertThat(rows.get(2)[TTFB]).as(p.toString()).isEqualTo("-");
            assertThat(num(last(rows), CONNS)).isZero();
            long done = num(last(rows), TOT_REQ);
            assertThat(done).isGreaterThan(10);
            assertThat(srv.connections.get()).isEqualTo(2);
            assertThat(num(last(rows), TOT_BYTES)).isEqualTo(srv.bytesSent.get());
            assertThat(srv.requests.get(0)).isEqualTo("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + srv.port() + "\r\n\r\n");
        }
    }

    @Test
    @Timeout(60)
    void closeModeOpensOneConnectionPerRequestAndAsksToClose() throws Exception {
        try (TestHttpServer srv = new TestHttpServer(TestHttpServer.Mode.CONTENT_LENGTH)) {
            InjectorProcess p = InjectorProcess.run(30, "-r", "1", "-c", "2", "-n", "40", srv.url());
            assertThat(p.exit).as(p.toString()).isZero();
            String[] end = last(p.lines());
            assertThat(num(end, TOT_REQ)).as(p.toString()).isEqualTo(40);
            assertThat(num(end, TOT_CONN)).isBetween(40L, 41L);
            assertThat(num(end, ERR)).isZero();
            assertThat(srv.requests).hasSize(40).allMatch(r -> r.endsWith("\r\nConnection: close\r\n\r\n"));
        }
    }

    @Test
    @Timeout(60)
    void requestBudgetStopsAfterExactlyNRequestsWithOneLine() throws Exception {
        try (TestHttpServer srv = new TestHttpServer(TestHttpServer.Mode.CONTENT_LENGTH)) {
            InjectorProcess p = InjectorProcess.run(30, "-n", "10", "-c", "2", "-H", "X-Test: yes", srv.url());
            assertThat(p.exit).as(p.toString()).isZero();
            List<String[]> rows = p.lines();
            assertThat(rows).as(p.toString()).hasSize(1);
            assertThat(num(rows.get(0), TOT_REQ)).isEqualTo(10);
            assertThat(srv.requests).hasSize(10).allMatch(r -> r.contains("\r\nX-Test: yes\r\n"));
            // The request that takes the last unit of the budget asks to close; with two connections the server
            // may record it before the other connection's last request.
            assertThat(srv.requests.get(0)).doesNotContain("Connection: close");
            assertThat(srv.requests.stream().filter(r -> r.contains("\r\nConnection: close\r\n")).count())
                .isEqualTo(1);
        }
    }

    @Test
    @Timeout(60)
    void rateLimitHoldsWithinFivePercent() throws Exception {
        try (TestHttpServer srv = new TestHttpServer(TestHttpServer.Mode.CONTENT_LENGTH)) {
            InjectorProcess p = InjectorProcess.run(40, "-R", "200", "-c", "4", "-d", "4", srv.url());
            assertThat(p.exit).as(p.toString()).isZero();
            List<String[]> rows = p.lines();
            assertThat(rows.size()).as(p.toString()).isGreaterThanOrEqualTo(4);
            double sum = 0;
            for (int i = 0; i < 4; i++) {
                double rps = InjectorProcess.parseHuman(rows.get(i)[RPS]);
                if (i > 0) {
                    assertThat(rps).as("line %d of%n%s", i + 1, p).isBetween(190.0, 210.0);
                }
                sum += rps;
            }
            assertThat(sum / 4).as(p.toString()).isBetween(190.0, 210.0);
        }
    }

    @Test
    @Timeout(60)
    void stopOnErrorAgainstClosedPortPrintsOneLineAndExitsZero() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = s.getLocalPort();
        }
        InjectorProcess p = InjectorProcess.run(30, "-e", "-c", "1", "-d", "3", "http://127.0.0.1:" + port + "/");
        assertThat(p.exit).as(p.toString()).isZero();
        List<String[]> rows = p.lines();
        assertThat(rows).as(p.toString()).hasSize(1);
        assertThat(num(rows.get(0), ERR)).isEqualTo(1);
        assertThat(num(rows.get(0), TOT_REQ)).isZero();
    }

    @Test
    @Timeout(60)
    void ioTimeoutOnSilentServerCountsRequestsNotErrors() throws Exception {
        try (TestHttpServer srv = new TestHttpServer(TestHttpServer.Mode.SILENT)) {
            InjectorProcess p = InjectorProcess.run(30, "-w", "500", "-c", "1", "-d", "3", srv.url());
            assertThat(p.exit).as(p.toString()).isZero();
            List<String[]> rows = p.lines();
            for (String[] r : rows) {
                assertThat(num(r, ERR)).as(p.toString()).isZero();
            }
            // +2 timeouts per second, each one a completed request and a new connection.
            long req3 = num(rows.get(2), TOT_REQ);
            assertThat(req3).as(p.toString()).isBetween(4L, 7L);
            assertThat(num(rows.get(2), TOT_CONN)).as(p.toString()).isBetween(req3, req3 + 1);
        }
    }

    @Test
    @Timeout(60)
    void chunkedBodiesAreReadToTheLastChunk() throws Exception {
        try (TestHttpServer srv = new TestHttpServer(TestHttpServer.Mode.CHUNKED)) {
            InjectorProcess p = InjectorProcess.run(30, "-n", "20", "-c", "2", srv.url());
            assertThat(p.exit).as(p.toString()).isZero();
            String[] end = last(p.lines());
            assertThat(num(end, TOT_REQ)).as(p.toString()).isEqualTo(20);
            assertThat(num(end, ERR)).isZero();
            assertThat(num(end, TOT_CONN)).as("chunked keeps the connection alive").isEqualTo(2);
            assertThat(num(end, TOT_BYTES)).isEqualTo(srv.bytesSent.get());
        }
    }

    @Test
    @Timeout(60)
    void closeDelimitedBodiesEndWithTheConnection() throws Exception {
        try (TestHttpServer srv = new TestHttpServer(TestHttpServer.Mode.CLOSE_DELIMITED)) {
            InjectorProcess p = InjectorProcess.run(30, "-n", "20", "-c", "2", srv.url());
            assertThat(p.exit).as(p.toString()).isZero();
            String[] end = last(p.lines());
            assertThat(num(end, TOT_REQ)).as(p.toString()).isEqualTo(20);
            assertThat(num(end, ERR)).isZero();
            // One connection per response; like h1load, a connection opened while the other one takes the last
            // request of the budget finds it spent and closes unused.
            assertThat(num(end, TOT_CONN)).isBetween(20L, 21L);
            assertThat(num(end, TOT_BYTES)).isEqualTo(srv.bytesSent.get());
        }
    }

    @Test
    @Timeout(60)
    void headsSplitOverManyReadsAreReassembled() throws Exception {
        try (TestHttpServer srv = new TestHttpServer(TestHttpServer.Mode.TRICKLE)) {
            InjectorProcess p = InjectorProcess.run(30, "-n", "20", "-c", "2", srv.url());
            assertThat(p.exit).as(p.toString()).isZero();
            String[] end = last(p.lines());
            assertThat(num(end, TOT_REQ)).as(p.toString()).isEqualTo(20);
            assertThat(num(end, ERR)).as(p.toString()).isZero();
            assertThat(num(end, TOT_BYTES)).isEqualTo(srv.bytesSent.get());
        }
    }

    @Test
    @Timeout(60)
    void interimAndBodylessResponses() throws Exception {
        try (TestHttpServer srv = new TestHttpServer(TestHttpServer.Mode.INTERIM)) {
            InjectorProcess p = InjectorProcess.run(30, "-S", "-n", "10", "-c", "1", srv.url());
            assertThat(p.exit).as(p.toString()).isZero();
            String[] end = last(p.lines());
            assertThat(num(end, TOT_REQ)).as(p.toString()).isEqualTo(10);
            assertThat(num(end, ERR)).isZero();
            assertThat(num(end, TOT_CONN)).as("bodyless 204s keep the connection").isEqualTo(1);
            long ones = 0;
            long twos = 0;
            for (String[] r : p.lines()) {
                ones += num(r, 10);
                twos += num(r, 11);
            }
            assertThat(ones).isEqualTo(10);
            assertThat(twos).isEqualTo(10);
        }
        try (TestHttpServer srv = new TestHttpServer(TestHttpServer.Mode.CONTENT_LENGTH)) {
            InjectorProcess p = InjectorProcess.run(30, "-I", "-n", "10", "-c", "1", srv.url());
            assertThat(p.exit).as(p.toString()).isZero();
            String[] end = last(p.lines());
            assertThat(num(end, TOT_REQ)).as(p.toString()).isEqualTo(10);
            assertThat(num(end, ERR)).as("HEAD responses carry Content-Length but no body").isZero();
            assertThat(num(end, TOT_CONN)).isEqualTo(1);
            assertThat(srv.requests).allMatch(r -> r.startsWith("HEAD / HTTP/1.1\r\n"));
        }
    }

    @Test
    @Timeout(60)
    void malformedResponsesAreProtocolErrors() throws Exception {
        try (TestHttpServer srv = new TestHttpServer(TestHttpServer.Mode.MALFORMED)) {
            InjectorProcess p = InjectorProcess.run(30, "-n", "5", "-c", "1", srv.url());
            assertThat(p.exit).as(p.toString()).isZero();
            String[] end = last(p.lines());
            assertThat(num(end, TOT_REQ)).as(p.toString()).isEqualTo(5);
            assertThat(num(end, ERR)).isEqualTo(5);
            assertThat(num(end, TOT_CONN)).as("each error closes its connection").isEqualTo(5);
        }
    }

    @Test
    @Timeout(60)
    void longRawStatusAndPercentileOutputs() throws Exception {
        try (TestHttpServer srv = new TestHttpServer(TestHttpServer.Mode.CONTENT_LENGTH)) {
            InjectorProcess p = InjectorProcess.run(30, "-ll", "-S", "-P", "-n", "50", srv.url());
            assertThat(p.exit).as(p.toString()).isZero();
            assertThat(p.stdout).startsWith("#_____time conns tot_conn  tot_req      tot_bytes    err thr cps rps Bps"
                + " bps ttfb(us) ttlb(us) 1xx 2xx 3xx 4xx 5xx\n");
            String[] row = p.lines().get(0);
            assertThat(row).as(p.toString()).hasSize(18);
            assertThat(row[6]).isEqualTo("100");
            assertThat(row[14]).isEqualTo("50"); // 2xx
            assertThat(p.stdout).contains("#pctl   tail   invtail   ttfbcnt ttfb(ms)   ttlbcnt ttlb(ms)\n");
            long pctlRows = p.stdout.lines().filter(l -> l.matches("^[0-9.]+ .*") && l.trim().split("\\s+").length == 7)
                .count();
            assertThat(pctlRows).isEqualTo(64);
        }
    }

    @Test
    @Timeout(60)
    void commandLineErrorsAndHelp() throws Exception {
        InjectorProcess tls = InjectorProcess.run(30, "https://127.0.0.1:8443/");
        assertThat(tls.exit).isEqualTo(1);
        assertThat(tls.stderr).contains("TLS not supported");

        InjectorProcess help = InjectorProcess.run(30, "-h");
        assertThat(help.exit).isZero();
        assertThat(help.stderr).startsWith("Usage: sluice-h1load [option]* URL");

        InjectorProcess unknown = InjectorProcess.run(30, "-Z", "http://127.0.0.1:1/");
        assertThat(unknown.exit).isEqualTo(1);
        assertThat(unknown.stderr).startsWith("Usage:");

        InjectorProcess threads = InjectorProcess.run(30, "-t", "3", "-c", "2", "http://127.0.0.1:1/");
        assertThat(threads.exit).isEqualTo(1);
        assertThat(threads.stderr).isEqualTo("Thread count must not exceed connection count\n");

        InjectorProcess port = InjectorProcess.run(30, "http://127.0.0.1/");
        assertThat(port.exit).isEqualTo(1);
        assertThat(port.stderr).isEqualTo("Missing port number: '127.0.0.1'\n");
    }
}
