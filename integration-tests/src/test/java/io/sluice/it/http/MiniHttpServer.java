package io.sluice.it.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small blocking HTTP/1.1 origin server for the tests, on an ephemeral 127.0.0.1 port. It counts the TCP
 * connections it accepted (keep-alive reuse checks) and answers by path: {@code /chunked} (chunked response),
 * {@code /204}, {@code /304}, {@code /silent} (never answers), {@code /ws} (101 then an echo tunnel), {@code /big/<n>} (n bytes), {@code /badlen} (two different Content-Lengths: an
 * invalid response, the deliberately broken server), anything else 200 with a description of the request.
 */
final class MiniHttpServer implements AutoCloseable {
    private final ServerSocket ss;
    private final Thread acceptor;
    private final String name;
    /** Connections accepted so far. */
    final AtomicInteger connections = new AtomicInteger();
    /** Requests answered so far. */
    final AtomicInteger requests = new AtomicInteger();
    /** Connections whose serving thread has ended (the peer closed, or the server did). */
    final AtomicInteger closed = new AtomicInteger();
    /**
     * When set, every request start is recorded in {@link #seen} (request line, headers, body kept
     * whole: for small bodies only) and {@link #canned} answers are used.
     */
    volatile boolean recording;
    /** What this server received, in order, when {@link #recording}. */
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** Raw answers by path (sent as they are, then the connection is closed), when {@link #recording}. */
    final Map<String, byte[]> canned = new ConcurrentHashMap<>();

    /**
     * One request start as the origin saw it: {@code line} is whatever came where a request line
     * was expected (smuggled bytes show up here), {@code headers} and {@code body} are null until
     * they were read whole, {@code connId} the server connection.
     */
    static final class Seen {
        final int connId;
        final String line;
        volatile Map<String, String> headers;
        volatile byte[] body;

        Seen(int connId, String line) {
            this.connId = connId;
            this.line = line;
        }

        String bodyText() {
            byte[] b = body;
            return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return "conn " + connId + " [" + line + "] " + headers + (body == null ? " (body not read whole)"
                    : " body=" + body.length);
        }
    }

    MiniHttpServer(String name) throws IOException {
        this.name = name;
        ss = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "mini-http-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return ss.getLocalPort();
    }

    private void acceptLoop() {
        while (!ss.isClosed()) {
            try {
                Socket s = ss.accept();
                int id = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s, id), "mini-http-" + name + "-" + id);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, int connId) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            for (;;) {
                String line = HttpWire.readLine(in);
                if (line == null) {
                    return;
                }
                boolean rec = recording;
                Seen seenNow = new Seen(connId, line);
                if (rec) {
                    seen.add(seenNow);
                }
                String[] rl = line.split(" ");
                Map<String, String> h = HttpWire.readHeaders(in);
                seenNow.headers = h;
                if ("100-continue".equalsIgnoreCase(h.get("expect"))) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                long bodyLen;
                if (rec) {
                    byte[] b = HttpWire.readBodyBytes(in, h);
                    bodyLen = b.length;
                    seenNow.body = b;
                    byte[] raw = canned.get(rl[1]);
                    if (raw != null) {
                        requests.incrementAndGet();
                        out.write(raw);
                        out.flush();
                        return;
                    }
                } else {
                    bodyLen = HttpWire.skipBody(in, h, false, false);
                }
                requests.incrementAndGet();
                String path = rl[1];
                boolean close = "close".equalsIgnoreCase(h.get("connection"));
                String conn = close ? "Connection: close\r\n" : "";
                if (path.startsWith("/ws")) {
                    // Upgrade: answer 101, then echo raw bytes until the peer closes.
                    out.write("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    in.transferTo(out);
                    return;
                }
                if (path.startsWith("/sleep/")) {
                    try {
                        Thread.sleep(Long.parseLong(path.substring(7))); // a slow server, on purpose
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (path.startsWith("/silent")) {
                    in.read(); // until the proxy gives up and closes
                    return;
                }
                String head;
                byte[] body;
                if (path.startsWith("/chunked")) {
                    out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" + conn + "\r\n"
                            + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (close) {
                        return;
                    }
                    continue;
                } else if (path.startsWith("/big/")) {
                    long n = Long.parseLong(path.substring(5));
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + n + "\r\n" + conn + "\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    byte[] block = new byte[65536];
                    java.util.Arrays.fill(block, (byte) 'b');
                    for (long left = n; left > 0; left -= block.length) {
                        out.write(block, 0, (int) Math.min(block.length, left));
                    }
                    out.flush();
                    if (close) {
                        return;
                    }
                    continue;
                } else if (path.startsWith("/204")) {
                    head = "HTTP/1.1 204 No Content\r\n";
                    body = new byte[0];
                } else if (path.startsWith("/304")) {
                    head = "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n";
                    body = new byte[0];
                } else if (path.startsWith("/badlen")) {
                    head = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n";
                    body = "hello".getBytes(StandardCharsets.ISO_8859_1);
                } else {
                    body = (name + " " + rl[0] + " " + path + " conn=" + connId + " body=" + bodyLen + " xff="
                            + h.get("x-forwarded-for") + " xtest=" + h.get("x-test"))
                            .getBytes(StandardCharsets.ISO_8859_1);
                    head = "HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n";
                }
                out.write((head + conn + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                if (!rl[0].equals("HEAD")) {
                    out.write(body);
                }
                out.flush();
                if (close) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the peer went away, or sent what this simple server cannot parse (recorded in seen)
        } finally {
            closed.incrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        ss.close();
    }
}
