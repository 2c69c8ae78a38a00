package io.sluice.fdtable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the process fd limit once at start, to size the table; runs on main before the loops start. This is
 * the package's only file read: one small procfs file, never on a hot path.
 */
public final class FdLimit {

    /** Size used when the limit cannot be read or is unlimited. */
    public static final int FALLBACK = 65_536;
    /** Largest table the process will allocate (64 MiB of lines). */
    public static final int MAX = 1 << 20;

    private FdLimit() {
    }

    /**
     * Returns the soft "Max open files" limit from {@code /proc/self/limits}, bounded to 64..{@link #MAX}, or
     * {@link #FALLBACK}; main thread, at start.
     *
     * @return the table size to use
     */
    public static int current() {
        try {
            return parse(Files.readString(Path.of("/proc/self/limits"), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return FALLBACK;
        }
    }

    /**
     * Extracts the soft open-files limit from the text of a {@code /proc/<pid>/limits} file; any thread.
     *
     * @param limits file content
     * @return the bounded limit, or {@link #FALLBACK} if absent or unlimited
     */
    static int parse(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] cols = line.substring("Max open files".length()).trim().split("\\s+");
                if (cols.length == 0 || "unlimited".equals(cols[0])) {
                    return FALLBACK;
                }
                long soft = Long.parseLong(cols[0]);
                return (int) Math.max(64, Math.min(MAX, soft));
            }
        }
        return FALLBACK;
    }
}
