package io.sluice.it.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain blocking Java echo server on an ephemeral 127.0.0.1 port, one thread per connection: echoes until EOF,
 * then half-closes (so half-close propagates both ways). {@code corrupt} flips one byte (the broken variant the
 * checker must catch).
 */
final class EchoServer implements AutoCloseable {
    private final ServerSocket server;
    private final Thread acceptor;
    private final boolean corrupt;
    /** Connections accepted so far. */
    final AtomicInteger accepted = new AtomicInteger();
    /** Connections currently open. */
    final AtomicInteger open = new AtomicInteger();

    EchoServer(boolean corrupt) throws IOException {
        this.corrupt = corrupt;
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
        acceptor = new Thread(this::acceptLoop, "echo-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    EchoServer() throws IOException {
        this(false);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                open.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "echo-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[65536];
            boolean flipped = false;
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                if (corrupt && !flipped && n > 0) {
                    buf[n / 2] ^= 1;
                    flipped = true;
                }
                out.write(buf, 0, n);
            }
            s.shutdownOutput();
        } catch (IOException ignored) {
            // client gone
        } finally {
            open.decrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
