package io.sluice.it.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Raw HTTP/1.1 over a socket for the tests: exact bytes out, one response parsed back (C-L, chunked, close). */
final class HttpWire implements AutoCloseable {
    /** One parsed response. */
    record Response(int status, Map<String, String> headers, String body) {
    }

    private final Socket s;
    private final InputStream in;
    private final OutputStream out;

    HttpWire(int port) throws IOException {
        s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        s.setSoTimeout(10_000);
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    HttpWire send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    HttpWire send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
        return this;
    }

    /** Reads one response; {@code head} = the request was HEAD (no body whatever the headers say). */
    Response read(boolean head) throws IOException {
        String line = readLine(in);
        if (line == null) {
            return null;
        }
        int status = Integer.parseInt(line.split(" ")[1]);
        Map<String, String> h = readHeaders(in);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (!head && status != 204 && status != 304) {
            readBody(in, h, body);
        }
        return new Response(status, h, body.toString(StandardCharsets.ISO_8859_1));
    }

    Response read() throws IOException {
        return read(false);
    }

    /** Reads one response head and counts its Content-Length body without keeping it; returns the count. */
    long readCounting() throws IOException {
        String line = readLine(in);
        Map<String, String> h = readHeaders(in);
        if (!line.contains(" 200 ")) {
            throw new IOException("unexpected status line: " + line);
        }
        return skipBody(in, h, false, false);
    }

    /** Reads exactly {@code n} raw bytes (tunnel data). */
    String readRaw(int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
    }

    /** How a connection ended after its last response: the bytes read, and whether it ended by RST. */
    record Ending(byte[] bytes, boolean reset) {
        String text() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** The client's own port (the one the proxy logs as {@code %cp}). */
    int localPort() {
        return s.getLocalPort();
    }

    /**
     * Reads every byte until the peer closes (EOF), or until a reset, within the socket timeout; a
     * timeout is an {@link IOException} (the connection was not closed).
     */
    Ending readToEnd() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (;;) {
            int r;
            try {
                r = in.read(buf);
            } catch (java.net.SocketTimeoutException e) {
                throw new IOException("connection not closed within the socket timeout; read so far: "
                        + all.toString(StandardCharsets.ISO_8859_1), e);
            } catch (java.net.SocketException e) {
                return new Ending(all.toByteArray(), true);
            }
            if (r < 0) {
                return new Ending(all.toByteArray(), false);
            }
            all.write(buf, 0, r);
        }
    }

    /** Sets the read timeout of the socket. */
    void readTimeout(int millis) throws IOException {
        s.setSoTimeout(millis);
    }

    /** Half-closes the client's sending side. */
    void shutdownOutput() throws IOException {
        s.shutdownOutput();
    }

    /** True when the proxy closed the connection (EOF within the socket timeout). */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() == -1;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        s.close();
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (;;) {
            int c = in.read();
            if (c < 0) {
                return sb.length() == 0 ? null : sb.toString();
            }
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) c);
        }
    }

    static Map<String, String> readHeaders(InputStream in) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        for (String l = readLine(in); l != null && !l.isEmpty(); l = readLine(in)) {
            int c = l.indexOf(':');
            h.merge(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim(),
                    (a, b) -> a + "," + b);
        }
        return h;
    }

    /** Reads (and discards or keeps) a body framed by {@code h}; returns its payload length. */
    static long skipBody(InputStream in, Map<String, String> h, boolean untilClose, boolean keep) throws IOException {
        return readBody(in, h, null);
    }

    /** Reads a body framed by {@code h} and returns its payload bytes (chunked decoded). */
    static byte[] readBodyBytes(InputStream in, Map<String, String> h) throws IOException {
        ByteArrayOutputStream keep = new ByteArrayOutputStream();
        if (h.containsKey("content-length") || h.containsKey("transfer-encoding")) {
            readBody(in, h, keep);
        }
        return keep.toByteArray();
    }

    private static long readBody(InputStream in, Map<String, String> h, ByteArrayOutputStream keep)
            throws IOException {
        long n = 0;
        if ("chunked".equalsIgnoreCase(h.get("transfer-encoding"))) {
            for (;;) {
                long size = Long.parseLong(readLine(in).split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!readLine(in).isEmpty()) {
                        // trailers
                    }
                    return n;
                }
                n += copy(in, size, keep);
                readLine(in);
            }
        }
        String cl = h.get("content-length");
        if (cl != null) {
            return copy(in, Long.parseLong(cl), keep);
        }
        if (keep != null) {
            return copy(in, Long.MAX_VALUE, keep);
        }
        return 0;
    }

    private static long copy(InputStream in, long len, ByteArrayOutputStream keep) throws IOException {
        byte[] buf = new byte[16384];
        long done = 0;
        while (done < len) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, len - done));
            if (r < 0) {
                if (len == Long.MAX_VALUE) {
                    return done;
                }
                throw new IOException("truncated body: " + done + "/" + len);
            }
            if (keep != null) {
                keep.write(buf, 0, r);
            }
            done += r;
        }
        return done;
    }
}
