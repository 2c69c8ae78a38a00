package io.sluice.it.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The watchdog provoked on a real process: {@code expert-mode on; debug dev loop 5000} holds the CLI's loop thread
 * busy without progress; past 1 s it is reported with its stack, past {@code tune.watchdog.panic-after 2s} every
 * thread is dumped and the process exits with 134.
 */
class WatchdogTest {

    @Test
    @Timeout(60)
    void stuckLoopIsReportedThenThePanicDumpsAllThreadsAndExits() throws Exception {
        try (EchoServer a = new EchoServer()) {
            int stats = SluiceProcess.freePort();
            int fe = SluiceProcess.freePort();
            String cfg = TcpProxyTest.config(2, 100, stats, fe, TcpProxyTest.server("a", a.port()), "")
                    .replace("    hard-stop-after 20s\n", "    hard-stop-after 20s\n"
                            + "    tune.watchdog.panic-after 2s\n    log stderr format raw local0\n");
            try (SluiceProcess sp = SluiceProcess.start(cfg, stats)) {
                byte[] d = "before".getBytes(StandardCharsets.UTF_8);
                assertEquals(null, Echo.check(d, Echo.exchange(fe, d)), "traffic flows before the loop");
                long sent;
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", stats), 2000);
                    OutputStream o = s.getOutputStream();
                    o.write("expert-mode on; debug dev loop 5000\n".getBytes(StandardCharsets.UTF_8));
                    o.flush();
                    s.shutdownOutput();
                    sent = System.nanoTime();
                    // the answer never comes: the process dies while the command runs
                    assertTrue(sp.process().waitFor(20, TimeUnit.SECONDS), "no panic:\n" + sp.output());
                }
                long tookMs = (System.nanoTime() - sent) / 1_000_000;
                int status = sp.process().exitValue();
                SluiceProcess.poll(java.time.Duration.ofSeconds(5),
                        () -> sp.output().contains("Locked synchronizers") || sp.output().contains("\"watchdog\""),
                        sp::output);
                String out = sp.output();
                assertEquals(134, status, out);
                assertTrue(tookMs >= 1_900 && tookMs < 5_000, "panic after " + tookMs + " ms:\n" + out);
                // WD-3: the report with the stuck thread's stack (the spinning command is on it).
                assertTrue(out.matches("(?s).*WARNING! thread [12] has stopped processing traffic for \\d+ "
                        + "milliseconds.*"), out);
                assertTrue(out.contains("DebugCommands.loop"), "stack of the stuck thread:\n" + out);
                // WD-4: the all-threads dump, both loops and the watchdog itself.
                assertTrue(out.matches("(?s).*Thread [12] is about to kill the process.*"), out);
                assertTrue(out.contains("\"sluice-loop-0\"") && out.contains("\"sluice-loop-1\""), out);
                assertTrue(out.contains("\"watchdog\""), out);
            }
        }
    }
}
