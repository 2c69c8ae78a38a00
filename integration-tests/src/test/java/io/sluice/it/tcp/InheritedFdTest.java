package io.sluice.it.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bind "fd@${LISTEN_FD}"}: a launcher (python3) creates, binds and listens a socket on an ephemeral port,
 * leaves it inheritable and non-blocking, puts its number in {@code LISTEN_FD} and execs Sluice, which adopts the
 * socket instead of binding one; traffic sent to the launcher's port goes through Sluice.
 */
class InheritedFdTest {

    /** Listens on 127.0.0.1:0, writes the port to argv[1], execs argv[2:] with LISTEN_FD set. */
    private static final String LAUNCHER = String.join("\n",
            "import os, socket, sys",
            "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
            "s.bind(('127.0.0.1', 0))",
            "s.listen(128)",
            "s.setblocking(False)",
            "s.set_inheritable(True)",
            "with open(sys.argv[1] + '.tmp', 'w') as f:",
            "    f.write(str(s.getsockname()[1]))",
            "os.rename(sys.argv[1] + '.tmp', sys.argv[1])",
            "os.environ['LISTEN_FD'] = str(s.fileno())",
            "os.execv(sys.argv[2], sys.argv[2:])",
            "");

    @Test
    @Timeout(60)
    void inheritedListeningSocketCarriesTraffic(@TempDir Path dir) throws Exception {
        Path launcher = dir.resolve("launch.py");
        Files.writeString(launcher, LAUNCHER);
        Path portFile = dir.resolve("port");
        try (EchoServer a = new EchoServer()) {
            int stats = SluiceProcess.freePort();
            int unused = SluiceProcess.freePort();
            String cfg = TcpProxyTest.config(2, 100, stats, unused, TcpProxyTest.server("a", a.port()), "")
                    .replace("    bind 127.0.0.1:" + unused + "\n", "    bind \"fd@${LISTEN_FD}\"\n");
            assertTrue(cfg.contains("fd@${LISTEN_FD}"), cfg);
            try (SluiceProcess sp = SluiceProcess.start(cfg, stats,
                    List.of("python3", launcher.toString(), portFile.toString()))) {
                sp.awaitTrue(Duration.ofSeconds(10), () -> Files.exists(portFile), "launcher's port file");
                int port = Integer.parseInt(Files.readString(portFile).trim());
                for (int i = 0; i < 20; i++) {
                    byte[] d = ("through the inherited fd " + i).getBytes(StandardCharsets.UTF_8);
                    assertEquals(null, Echo.check(d, Echo.exchangeSmall(port, d)), "exchange " + i);
                }
                byte[] big = new byte[300_000];
                new java.util.Random(4).nextBytes(big);
                assertEquals(null, Echo.check(big, Echo.exchange(port, big)), "large exchange");
                assertEquals(21, a.accepted.get(), "every exchange reached the backend");
                String info = sp.cli("show info");
                assertTrue(info.contains("CumConns: 21"), info);
                assertEquals(0, sp.terminate(Duration.ofSeconds(20)), sp.output());
            }
        }
    }
}
