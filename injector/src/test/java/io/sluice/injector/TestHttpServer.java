package io.sluice.injector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny raw HTTP/1.1 server for the injector's integration tests: one thread per connection on 127.0.0.1, an
 * ephemeral port, and a fixed way of answering every request. It records what it received so that tests can check
 * the request bytes, the number of requests and connections, and the bytes it sent.
 */
final class TestHttpServer implements AutoCloseable {
    /** How the server answers. */
    enum Mode {
        /** 200 with Content-Length, keep-alive unless the request asked to close. */
        CONTENT_LENGTH,
        /** 200 with a chunked body (two chunks, an extension and a trailer), keep-alive. */
        CHUNKED,
        /** 200 without framing: the body ends when the server closes. */
        CLOSE_DELIMITED,
        /** Accepts and reads, never answers. */
        SILENT,
        /** Answers garbage instead of a status line. */
        MALFORMED,
        /** Content-Length responses written one byte at a time, so the head arrives in many reads. */
        TRICKLE,
        /** An interim 100 Continue, then a 204 No Content. */
        INTERIM,
    }

    static final byte[] CL_BODY = "hello, h1load\n".getBytes(StandardCharsets.ISO_8859_1);

    private final Mode mode;
    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final AtomicLong bytesSent = new AtomicLong();
    private volatile boolean closed;

    TestHttpServer(Mode mode) throws IOException {
        this.mode = mode;
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        acceptor = new Thread(this::acceptLoop, "test-http-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                sockets.add(s);
                connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "test-http-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int c;
            int state = 0; // matched bytes of CRLFCRLF
            while ((c = in.read()) >= 0) {
                head.write(c);
                state = (c == '\r' && (state == 0 || state == 2)) ? state + 1
                    : (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
                if (state < 4) {
                    continue;
                }
                String req = head.toString(StandardCharsets.ISO_8859_1);
                head.reset();
                state = 0;
                requests.add(req);
                boolean close = req.toLowerCase().contains("\r\nconnection: close\r\n");
                if (!answer(out, close, req.startsWith("HEAD "))) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away (RST on timeouts, or the end of the run)
        }
    }

    /** Writes one response; false when the connection must end now. */
    private boolean answer(OutputStream out, boolean close, boolean head) throws IOException {
        String resp;
        switch (mode) {
            case CONTENT_LENGTH:
            case TRICKLE:
                resp = "HTTP/1.1 200 OK\r\nContent-Length: " + CL_BODY.length + "\r\n"
                    + (close ? "Connection: close\r\n" : "") + "\r\n"
                    + (head ? "" : new String(CL_BODY, StandardCharsets.ISO_8859_1));
                break;
            case INTERIM:
                resp = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n"
                    + (close ? "Connection: close\r\n" : "") + "\r\n";
                break;
            case CHUNKED:
                resp = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" + (close ? "Connection: close\r\n" : "")
                    + "\r\n5;ext=1\r\nhello\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: t\r\n\r\n";
                break;
            case CLOSE_DELIMITED:
                resp = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nthe body ends with the connection\n";
                break;
            case MALFORMED:
                resp = "HTTX/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
                break;
            default:
                return true; // SILENT: keep reading, never answer
        }
        byte[] b = resp.getBytes(StandardCharsets.ISO_8859_1);
        if (mode == Mode.TRICKLE) {
            for (byte x : b) {
                out.write(x);
                out.flush();
            }
        } else {
            out.write(b);
            out.flush();
        }
        bytesSent.addAndGet(b.length);
        return !close && mode != Mode.CLOSE_DELIMITED;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed by the client
            }
        }
    }
}
