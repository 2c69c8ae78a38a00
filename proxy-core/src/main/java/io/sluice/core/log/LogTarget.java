package io.sluice.core.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One parsed {@code log} line: where to write, with which header, facility and level range, and the maximum line
 * length. Immutable; built on the configuration thread, read by the log thread.
 *
 * <p>Syntax (HAProxy's): {@code log <target> [len <length>] [format <format>] <facility> [<level> [<minlevel>]]}.
 * Targets: {@code stdout}, {@code stderr} (also {@code fd@1}, {@code fd@2}) and an absolute file path, which Sluice
 * opens for append (HAProxy would treat a path as a UNIX datagram syslog socket; Java 17 has no UNIX datagram
 * sockets, so a path is a plain file here). Network syslog targets are rejected as not supported yet.
 *
 * @param target the target word as written
 * @param path the file to append to, or null for stdout/stderr
 * @param format the header written before each line
 * @param facility the syslog facility code ({@link LogFacility})
 * @param maxLevel records less severe than this are not sent to this target
 * @param minLevel records more severe than this are sent with this level in their header
 * @param maxLength lines are truncated to this many bytes (header included, LF excluded)
 */
public record LogTarget(String target, Path path, LogFormat format, int facility, int maxLevel, int minLevel,
                        int maxLength) {
    /** HAProxy's default {@code len}. */
    public static final int DEFAULT_LENGTH = 1024;

    /** Compact constructor validating ranges; runs on the configuration thread. */
    public LogTarget {
        if (maxLength < 80 || maxLength > 65535) {
            throw new IllegalArgumentException("log len must be between 80 and 65535: " + maxLength);
        }
        if (minLevel > maxLevel) {
            throw new IllegalArgumentException("log minimum level is less severe than the maximum level");
        }
    }

    /** Returns true for a record of {@code level} this target writes; runs on the log thread. */
    public boolean accepts(int level) {
        return level <= maxLevel;
    }

    /** Returns the level written in this target's header for a record of {@code level} (minlevel clamp). */
    public int headerLevel(int level) {
        return Math.max(level, minLevel);
    }

    /**
     * Parses the words following the {@code log} keyword; runs on the configuration thread.
     *
     * @throws IllegalArgumentException with a message naming the bad word; {@code log global} is the
     *     configuration's business and is refused here
     */
    public static LogTarget parse(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("'log' expects either <address[:port]> and <facility> or 'global'");
        }
        String target = words.get(0);
        Path path = null;
        switch (target) {
            case "stdout", "fd@1", "stderr", "fd@2" -> {
            }
            case "global" -> throw new IllegalArgumentException("'log global' must be resolved by the configuration");
            default -> {
                if (!target.startsWith("/")) {
                    throw new IllegalArgumentException("log target '" + target
                            + "' is not supported yet (supported: stdout, stderr, an absolute file path)");
                }
                path = Path.of(target);
            }
        }
        int i = 1;
        int len = DEFAULT_LENGTH;
        LogFormat format = LogFormat.RFC3164;
        while (i < words.size()) {
            String w = words.get(i);
            if (w.equals("len") && i + 1 < words.size()) {
                try {
                    len = Integer.parseInt(words.get(i + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("log len expects a number: '" + words.get(i + 1) + "'");
                }
                i += 2;
            } else if (w.equals("format") && i + 1 < words.size()) {
                format = LogFormat.parse(words.get(i + 1));
                i += 2;
            } else if (w.equals("sample")) {
                throw new IllegalArgumentException("log 'sample' is not supported yet");
            } else {
                break;
            }
        }
        if (i >= words.size()) {
            throw new IllegalArgumentException("log " + target + ": missing <facility>");
        }
        int facility = LogFacility.parse(words.get(i++));
        int maxLevel = LogLevel.DEBUG;
        int minLevel = LogLevel.EMERG;
        if (i < words.size()) {
            maxLevel = LogLevel.parse(words.get(i++));
        }
        if (i < words.size()) {
            minLevel = LogLevel.parse(words.get(i++));
        }
        if (i < words.size()) {
            throw new IllegalArgumentException("log " + target + ": unexpected word '" + words.get(i) + "'");
        }
        return new LogTarget(target, path, format, facility, maxLevel, minLevel, len);
    }

    /** Opens the sink of this target; runs on the configuration (main) thread before the log thread starts. */
    public LogSink openSink() throws IOException {
        return switch (target) {
            case "stdout", "fd@1" -> LogSink.stdout();
            case "stderr", "fd@2" -> LogSink.stderr();
            default -> LogSink.file(path);
        };
    }
}
