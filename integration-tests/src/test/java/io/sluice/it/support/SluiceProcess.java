package io.sluice.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shaded {@code sluice.jar} (system property {@code sluice.jar}) as a real process, with
 * its stdout and stderr captured by two drain threads, and waits for it with a deadline.
 *
 * <p>Typical use: {@code try (SluiceProcess p = SluiceProcess.start(List.of("-c", "-f", cfg))) {
 * Result r = p.await(Duration.ofSeconds(30)); }}. {@link #close()} kills the process if it is
 * still running, so a failed test never leaves one behind. Methods run on the test thread.
 */
public final class SluiceProcess implements AutoCloseable {
    private final Process process;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread outDrain;
    private final Thread errDrain;

    /**
     * What the process produced.
     *
     * @param exitCode the exit status
     * @param stdout everything written on stdout
     * @param stderr everything written on stderr
     */
    public record Result(int exitCode, String stdout, String stderr) {
        /** Returns stdout and stderr together, for assertion messages. */
        public String describe() {
            return "exit=" + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private SluiceProcess(Process process) {
        this.process = process;
        this.outDrain = drain(process.getInputStream(), out, "sluice-stdout");
        this.errDrain = drain(process.getErrorStream(), err, "sluice-stderr");
    }

    /** Returns the path of the shaded jar under test; fails when it is missing. */
    public static Path jar() {
        String p = System.getProperty("sluice.jar");
        if (p == null || !Files.isRegularFile(Path.of(p))) {
            throw new IllegalStateException("sluice.jar not found (system property sluice.jar=" + p + ")");
        }
        return Path.of(p);
    }

    /** Returns the project root (system property {@code sluice.root}, else the working directory's parent). */
    public static Path root() {
        String p = System.getProperty("sluice.root");
        return p != null ? Path.of(p) : Path.of("..").toAbsolutePath().normalize();
    }

    /** Starts {@code java -jar sluice.jar args...} with the current environment. */
    public static SluiceProcess start(List<String> args) {
        return start(args, Map.of());
    }

    /** Starts {@code java -jar sluice.jar args...} with {@code env} added to the environment. */
    public static SluiceProcess start(List<String> args, Map<String, String> env) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Xshare:auto");
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        try {
            return new SluiceProcess(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
    }

    /** Runs {@code args} to completion within {@code deadline} and returns what it produced. */
    public static Result run(List<String> args, Duration deadline) {
        try (SluiceProcess p = start(args)) {
            return p.await(deadline);
        }
    }

    /** Returns the process's pid. */
    public long pid() {
        return process.pid();
    }

    /** Returns true while the process runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Returns the stdout captured so far. */
    public String stdoutSoFar() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** Returns the stderr captured so far. */
    public String stderrSoFar() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * Waits for the process to exit within {@code deadline}, then for its output to be drained.
     *
     * @throws AssertionError when the deadline passes (the process is killed, its output included)
     */
    public Result await(Duration deadline) {
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("sluice did not exit within " + deadline + "\n--- stdout\n" + stdoutSoFar()
                        + "--- stderr\n" + stderrSoFar());
            }
            outDrain.join(TimeUnit.SECONDS.toMillis(5));
            errDrain.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for sluice", e);
        }
        return new Result(process.exitValue(), stdoutSoFar(), stderrSoFar());
    }

    /** Kills the process if it still runs (destroy, then destroyForcibly after 5 s). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream sink, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (sink) {
                        sink.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // NOTE: the stream closes when the process dies; nothing more to read.
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
