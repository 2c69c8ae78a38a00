package io.sluice.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stats socket of a mode http proxy: {@code show stat} prints {@code mode http}, the frontend's, backend's and
 * server's {@code req_tot} and {@code hrsp_*} columns, and {@code show info} counts the requests in
 * {@code CumReq}, as HAProxy does; a counter that stays at 0 while traffic flows fails here.
 */
class HttpStatsTest {

    @Test
    @Timeout(60)
    void showStatAndShowInfoCountHttpTransactions() throws Exception {
        int stats = HttpProxyTest.freePort();
        String fe = "    http-request return status 404 content-type text/plain string nf if { path /nf }\n"
                + "    http-request deny if { path /deny }\n";
        try (HttpFixture fx = HttpFixture.start("    stats socket 127.0.0.1:" + stats + " level admin\n", "", fe,
                "")) {
            try (HttpWire c = new HttpWire(fx.fe)) {
                for (String path : List.of("/a", "/b", "/nf", "/deny")) {
                    c.send("GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n");
                    c.read();
                }
            }
            // The counters are bumped when each transaction ends; poll until the last one is in.
            String[] out = new String[1];
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            do {
                out[0] = cli(stats, "show stat");
                if (column(out[0], "fe,FRONTEND,", "req_tot").equals("4")) {
                    break;
                }
                Thread.sleep(20); // polling interval of a deadline loop, not a synchronisation
            } while (System.nanoTime() - end < 0);
            String s = out[0];
            assertEquals("http", column(s, "fe,FRONTEND,", "mode"), s);
            assertEquals("4", column(s, "fe,FRONTEND,", "req_tot"), s);
            assertEquals("2", column(s, "fe,FRONTEND,", "hrsp_2xx"), s);
            assertEquals("2", column(s, "fe,FRONTEND,", "hrsp_4xx"), s);
            assertEquals("0", column(s, "fe,FRONTEND,", "hrsp_5xx"), s);
            assertEquals("2", column(s, "app,BACKEND,", "req_tot"), s);
            assertEquals("2", column(s, "app,BACKEND,", "hrsp_2xx"), s);
            assertEquals("2", column(s, "app,s1,", "hrsp_2xx"), s);
            String info = cli(stats, "show info");
            assertTrue(info.contains("\nCumReq: 4\n"), info);
        }
    }

    private static String column(String csv, String rowPrefix, String name) {
        String header = csv.lines().filter(l -> l.startsWith("# pxname")).findFirst().orElseThrow();
        int i = Arrays.asList(header.substring(2).split(",", -1)).indexOf(name);
        String row = csv.lines().filter(l -> l.startsWith(rowPrefix)).findFirst().orElse(null);
        return row == null ? "<no row " + rowPrefix + ">" : row.split(",", -1)[i];
    }

    private static String cli(int port, String cmd) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            s.setSoTimeout(5_000);
            s.getOutputStream().write((cmd + "\n").getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
