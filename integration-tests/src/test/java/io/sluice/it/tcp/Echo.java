package io.sluice.it.tcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/** Client side of an echo exchange: sends, half-closes, reads to EOF, compares byte by byte. */
final class Echo {
    private Echo() {
    }

    /** Sends {@code data} through 127.0.0.1:{@code port}, half-closes, returns what came back until EOF. */
    static byte[] exchange(int port, byte[] data) throws IOException, InterruptedException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(60_000);
            IOException[] wErr = new IOException[1];
            Thread w = new Thread(() -> {
                try {
                    s.getOutputStream().write(data);
                    s.shutdownOutput();
                } catch (IOException e) {
                    wErr[0] = e;
                }
            }, "echo-writer");
            w.start();
            ByteArrayOutputStream got = new ByteArrayOutputStream(data.length);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[65536];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                got.write(buf, 0, n);
            }
            w.join(60_000);
            if (wErr[0] != null) {
                throw wErr[0];
            }
            return got.toByteArray();
        }
    }

    /**
     * Same exchange for a payload that fits in the socket buffers, on the calling thread only (no writer thread):
     * cheap enough for tens of thousands of short connections.
     */
    static byte[] exchangeSmall(int port, byte[] data) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(60_000);
            s.getOutputStream().write(data);
            s.shutdownOutput();
            return s.getInputStream().readAllBytes();
        }
    }

    /** The checker: null if {@code got} equals {@code sent}, else a description of the first difference. */
    static String check(byte[] sent, byte[] got) {
        if (got.length != sent.length) {
            return "length " + got.length + " != " + sent.length;
        }
        int i = Arrays.mismatch(sent, got);
        return i < 0 ? null : "first difference at byte " + i;
    }
}
