package io.sluice.injector;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs sluice-h1load as a child JVM (the test class path, the real main class) and captures its output. */
final class InjectorProcess {
    final int exit;
    final String stdout;
    final String stderr;

    private InjectorProcess(int exit, String stdout, String stderr) {
        this.exit = exit;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Runs the injector with {@code args}; fails if it has not exited within {@code timeoutSec}. */
    static InjectorProcess run(long timeoutSec, String... args) throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Xshare:auto");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(H1Load.class.getName());
        cmd.addAll(Arrays.asList(args));
        File out = File.createTempFile("h1load", ".out");
        File err = File.createTempFile("h1load", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
            if (!p.waitFor(timeoutSec, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("sluice-h1load " + String.join(" ", args) + " did not exit within "
                    + timeoutSec + " s; output so far:\n" + Files.readString(out.toPath()));
            }
            return new InjectorProcess(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out.toPath());
            Files.deleteIfExists(err.toPath());
        }
    }

    /** The per-second lines split into columns (not the header, not the 7-column percentile rows). */
    List<String[]> lines() {
        List<String[]> rows = new ArrayList<>();
        for (String l : stdout.split("\n")) {
            if (l.isBlank() || l.startsWith("#")) {
                continue;
            }
            String[] cols = l.trim().split("\\s+");
            if (cols.length >= 10) {
                rows.add(cols);
            }
        }
        return rows;
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }

    /** Parses h1load's 4-character rate format back into a number ("9k79" → 9790, "99.9" → 99.9). */
    static double parseHuman(String s) {
        String units = "fpnum.kMGTPE";
        for (int i = 0; i < s.length(); i++) {
            int u = units.indexOf(s.charAt(i));
            if (u >= 0) {
                String digits = s.substring(0, i) + "." + s.substring(i + 1);
                return Double.parseDouble(digits) * Math.pow(1000, u - 5);
            }
        }
        return Double.parseDouble(s);
    }
}
