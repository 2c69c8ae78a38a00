package io.sluice.it.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each frontend's traffic lines go to its own loggers, as in HAProxy: {@code log global} = the global section's,
 * a target of its own, {@code no log} = none; process messages go to the global loggers only. A line must never
 * reach a logger its frontend did not name, and a frontend without loggers must log nothing.
 */
class LogRoutingTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void trafficLinesGoToTheFrontendsOwnLoggers() throws Exception {
        Path global = dir.resolve("global.log");
        Path own = dir.resolve("own.log");
        try (EchoServer echo = new EchoServer()) {
            int stats = SluiceProcess.freePort();
            int a = SluiceProcess.freePort();
            int b = SluiceProcess.freePort();
            int c = SluiceProcess.freePort();
            String cfg = "global\n    nbthread 1\n    stats socket 127.0.0.1:" + stats + " level admin\n"
                    + "    log " + global + " format raw local0\n"
                    + "defaults\n    mode tcp\n    option tcplog\n    log global\n"
                    + "    timeout connect 5s\n    timeout client 10s\n    timeout server 10s\n"
                    + "frontend fa\n    bind 127.0.0.1:" + a + "\n    default_backend be\n"
                    + "frontend fb\n    bind 127.0.0.1:" + b + "\n    no log\n    default_backend be\n"
                    + "frontend fc\n    bind 127.0.0.1:" + c + "\n    no log\n"
                    + "    log " + own + " format raw local0\n    default_backend be\n"
                    + "backend be\n    server s1 127.0.0.1:" + echo.port() + "\n";
            try (SluiceProcess sp = SluiceProcess.start(cfg, stats)) {
                byte[] d = "ping".getBytes();
                for (int port : new int[] {b, a, c}) {
                    assertEquals(null, Echo.check(d, Echo.exchange(port, d)));
                }
                // fb's line, had it been routed anywhere, was published before fa's and fc's.
                SluiceProcess.poll(Duration.ofSeconds(10),
                        () -> count(global, " fa be/s1 ") == 1 && count(own, " fc be/s1 ") == 1,
                        () -> "fa's line in global.log and fc's in own.log\n" + read(global) + "--\n" + read(own)
                                + "--\n" + sp.output());
                assertEquals(sp.terminate(Duration.ofSeconds(20)), 0);
                List<String> g = Files.readAllLines(global);
                List<String> o = Files.readAllLines(own);
                assertTrue(g.stream().noneMatch(l -> l.contains(" fb ") || l.contains(" fc ")), String.join("\n", g));
                assertTrue(o.stream().noneMatch(l -> l.contains(" fa ") || l.contains(" fb ")), String.join("\n", o));
                assertTrue(g.stream().anyMatch(l -> l.startsWith("Proxy ") || l.contains("started")),
                        "process messages go to the global logger:\n" + String.join("\n", g));
                assertTrue(o.stream().allMatch(l -> l.contains(" fc be/s1 ")),
                        "only fc's traffic in its own logger:\n" + String.join("\n", o));
            }
        }
    }

    @Test
    @Timeout(60)
    void logSampleIsRefusedAtStartWithItsLine() throws Exception {
        String cfg = "global\n    log stdout sample 1:2 format raw local0\n"
                + "defaults\n    mode tcp\n    timeout connect 1s\n    timeout client 1s\n    timeout server 1s\n"
                + "frontend f\n    bind 127.0.0.1:" + SluiceProcess.freePort() + "\n    default_backend b\n"
                + "backend b\n    server s 127.0.0.1:9\n";
        Object[] r = SluiceProcess.runToExit(cfg, Duration.ofSeconds(30));
        assertEquals(1, r[0], (String) r[1]);
        assertTrue(((String) r[1]).matches("(?s).*\\[[^\\]]+\\.cfg:2\\] : log: 'sample' is not supported yet\\..*"),
                (String) r[1]);
    }

    private static long count(Path f, String needle) {
        return read(f).lines().filter(l -> l.contains(needle)).count();
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
