package io.sluice.it.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The stats socket of a running Sluice: one-shot, prompt mode, ';' lists, UNIX path with mode, show stat CSV. */
class StatsSocketTest {

    @Test
    @Timeout(60)
    void promptModeKeepsTheSessionOpenUntilQuit() throws Exception {
        try (EchoServer a = new EchoServer()) {
            int stats = SluiceProcess.freePort();
            int fe = SluiceProcess.freePort();
            try (SluiceProcess sp = SluiceProcess.start(TcpProxyTest.config(2, 100, stats, fe,
                    TcpProxyTest.server("a", a.port()), ""), stats); Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", stats));
                s.setSoTimeout(10_000);
                OutputStream o = s.getOutputStream();
                InputStream in = s.getInputStream();
                o.write("prompt\n".getBytes());
                assertEquals("\n> ", readUntil(in, "> "));
                o.write("show info\n".getBytes());
                String info = readUntil(in, "\n> ");
                assertTrue(info.contains("Nbthread: 2"), info);
                o.write("show cli level\n".getBytes());
                assertEquals("admin\n\n> ", readUntil(in, "\n> "));
                o.write("quit\n".getBytes());
                assertEquals(-1, in.read(), "closed after quit");
            }
        }
    }

    @Test
    @Timeout(60)
    void semicolonListsAndShowStatCsv() throws Exception {
        try (EchoServer a = new EchoServer()) {
            int stats = SluiceProcess.freePort();
            int fe = SluiceProcess.freePort();
            try (SluiceProcess sp = SluiceProcess.start(TcpProxyTest.config(1, 100, stats, fe,
                    TcpProxyTest.server("a", a.port()), ""), stats)) {
                byte[] d = "hello".getBytes();
                assertEquals(null, Echo.check(d, Echo.exchange(fe, d)));
                String out = sp.cli("show cli level; show stat");
                assertTrue(out.startsWith("admin\n\n# pxname,svname,"), out);
                String[] header = out.lines().filter(l -> l.startsWith("# pxname")).findFirst().orElseThrow()
                        .substring(2).split(",");
                int stot = java.util.Arrays.asList(header).indexOf("stot");
                int bin = java.util.Arrays.asList(header).indexOf("bin");
                String fRow = out.lines().filter(l -> l.startsWith("fe,FRONTEND,")).findFirst().orElseThrow();
                String sRow = out.lines().filter(l -> l.startsWith("be,a,")).findFirst().orElseThrow();
                String bRow = out.lines().filter(l -> l.startsWith("be,BACKEND,")).findFirst().orElseThrow();
                assertEquals("1", fRow.split(",", -1)[stot], fRow);
                assertEquals("5", fRow.split(",", -1)[bin], fRow);
                assertEquals("1", sRow.split(",", -1)[stot], sRow);
                assertEquals("1", bRow.split(",", -1)[stot], bRow);
                // logback.xml keeps Netty's native-loading DEBUG lines ("-Dio.netty.noUnsafe: false"...) out.
                assertTrue(!sp.output().contains("io.netty"), sp.output());
            }
        }
    }

    @Test
    @Timeout(60)
    void unixStatsSocketWithMode(@TempDir Path dir) throws Exception {
        try (EchoServer a = new EchoServer()) {
            int stats = SluiceProcess.freePort();
            int fe = SluiceProcess.freePort();
            Path sock = dir.resolve("admin.sock");
            String cfg = TcpProxyTest.config(1, 100, stats, fe, TcpProxyTest.server("a", a.port()), "")
                    .replace("    hard-stop-after 20s\n", "    hard-stop-after 20s\n    stats socket " + sock
                            + " mode 600 level user\n");
            try (SluiceProcess sp = SluiceProcess.start(cfg, stats)) {
                // The TCP stats socket may answer (listen done) before the UNIX one is bound and chmod'ed.
                sp.awaitTrue(Duration.ofSeconds(10), () -> "rw-------".equals(mode(sock)), "UNIX socket mode 600");
                try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    ch.connect(UnixDomainSocketAddress.of(sock));
                    ch.write(ByteBuffer.wrap("show cli level; show fd\n".getBytes()));
                    ch.shutdownOutput();
                    ByteBuffer buf = ByteBuffer.allocate(65536);
                    StringBuilder sb = new StringBuilder();
                    while (ch.read(buf) >= 0) {
                        buf.flip();
                        sb.append(StandardCharsets.UTF_8.decode(buf));
                        buf.clear();
                    }
                    assertEquals("user\n\nPermission denied\n\n", sb.toString());
                }
                sp.terminate(Duration.ofSeconds(15));
                assertTrue(!Files.exists(sock), "socket file removed at stop");
            }
        }
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            return "absent";
        }
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith(end)) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("EOF after: " + sb);
            }
            sb.append((char) c);
        }
        return sb.toString();
    }
}
