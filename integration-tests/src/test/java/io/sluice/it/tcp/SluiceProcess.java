package io.sluice.it.tcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A Sluice process started from the shaded jar ({@code -Dsluice.jar}) on a generated configuration; captures its
 * output, talks to its stats socket, and stops it. Runs on the test thread.
 */
final class SluiceProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final int statsPort;
    private final Path cfg;

    private SluiceProcess(Process process, int statsPort, Path cfg) {
        this.process = process;
        this.statsPort = statsPort;
        this.cfg = cfg;
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    synchronized (lines) {
                        lines.add(l);
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
        }, "sluice-output");
        t.setDaemon(true);
        t.start();
    }

    /** The shaded jar. */
    static Path jar() {
        String p = System.getProperty("sluice.jar");
        if (p == null) {
            throw new IllegalStateException("-Dsluice.jar is not set");
        }
        return Path.of(p);
    }

    /** A free ephemeral port on 127.0.0.1 (bound then released). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /**
     * Starts Sluice on {@code config} (which must declare {@code stats socket 127.0.0.1:<statsPort>}) and waits
     * until the stats socket answers.
     */
    static SluiceProcess start(String config, int statsPort) throws IOException, InterruptedException {
        return start(config, statsPort, List.of());
    }

    /**
     * Same, with the java command line appended to {@code launcher} (a program that prepares the process, e.g.
     * opens an inheritable socket, then execs its remaining arguments).
     */
    static SluiceProcess start(String config, int statsPort, List<String> launcher)
            throws IOException, InterruptedException {
        Path cfg = Files.createTempFile("sluice-it-", ".cfg");
        Files.writeString(cfg, config);
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of(javaBin(), "-Xmx256m", "-jar", jar().toString(), "-f", cfg.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        SluiceProcess sp = new SluiceProcess(pb.start(), statsPort, cfg);
        sp.awaitTrue(Duration.ofSeconds(20), () -> {
            if (!sp.process.isAlive()) {
                throw new IllegalStateException("sluice exited with " + sp.process.exitValue() + ":\n"
                        + sp.output());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", statsPort), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }, "stats socket up");
        return sp;
    }

    /** Runs Sluice on {@code config} and waits for it to exit; returns [exit status, output]. */
    static Object[] runToExit(String config, Duration max) throws IOException, InterruptedException {
        Path cfg = Files.createTempFile("sluice-it-", ".cfg");
        Files.writeString(cfg, config);
        ProcessBuilder pb = new ProcessBuilder(javaBin(), "-jar", jar().toString(), "-f", cfg.toString())
                .redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("sluice did not exit:\n" + out);
        }
        Files.deleteIfExists(cfg);
        return new Object[] {p.exitValue(), out};
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The process id. */
    long pid() {
        return process.pid();
    }

    /** The process. */
    Process process() {
        return process;
    }

    /** Everything the process printed so far. */
    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** Sends {@code commands} to the stats socket in one-shot mode (half-closing) and returns the answer. */
    String cli(String commands) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", statsPort), 2000);
            s.setSoTimeout(10_000);
            OutputStream o = s.getOutputStream();
            o.write((commands + "\n").getBytes(StandardCharsets.UTF_8));
            o.flush();
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Number of open fds of the process ({@code /proc/<pid>/fd}). */
    int fdCount() throws IOException {
        try (var s = Files.list(Path.of("/proc/" + pid() + "/fd"))) {
            return (int) s.count();
        }
    }

    /** Resident set size in KiB. */
    long rssKb() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Polls {@code cond} every 20 ms until true or {@code max} elapsed (then fails with {@code what}). */
    void awaitTrue(Duration max, BooleanSupplier cond, String what) throws InterruptedException {
        poll(max, cond, () -> what + "\n--- sluice output ---\n" + output());
    }

    /** Polls {@code cond} every 20 ms until true or {@code max} elapsed. */
    static void poll(Duration max, BooleanSupplier cond, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out waiting for: " + what.get());
            }
            Thread.sleep(20); // polling interval of a deadline loop, not a synchronisation
        }
    }

    /** SIGTERM, then wait up to {@code max} for the exit status. */
    int terminate(Duration max) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sluice did not stop after SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.deleteIfExists(cfg);
    }
}
