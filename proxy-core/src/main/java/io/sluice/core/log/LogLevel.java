package io.sluice.core.log;

import java.util.Locale;

/**
 * Syslog severities (RFC 5424 §6.2.1) as HAProxy names them; a record's level is one of these ints.
 *
 * <p>Lower is more severe. Constants are plain ints so a record carries a level without a reference.
 */
public final class LogLevel {
    /** System is unusable. */
    public static final int EMERG = 0;
    /** Action must be taken immediately. */
    public static final int ALERT = 1;
    /** Critical conditions. */
    public static final int CRIT = 2;
    /** Error conditions; CLI errors use this severity. */
    public static final int ERR = 3;
    /** Warning conditions. */
    public static final int WARNING = 4;
    /** Normal but significant. */
    public static final int NOTICE = 5;
    /** Informational; traffic logs (tcplog) and CLI messages use this severity. */
    public static final int INFO = 6;
    /** Debug-level messages. */
    public static final int DEBUG = 7;

    private static final String[] NAMES = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};

    private LogLevel() {
    }

    /**
     * Returns HAProxy's name of a level ({@code "err"}, {@code "info"}…); runs on any thread.
     *
     * @throws IllegalArgumentException if {@code level} is not in 0..7
     */
    public static String name(int level) {
        if (level < EMERG || level > DEBUG) {
            throw new IllegalArgumentException("log level out of range: " + level);
        }
        return NAMES[level];
    }

    /**
     * Parses a level name as HAProxy's {@code log} keyword accepts it; runs on the configuration thread.
     *
     * @throws IllegalArgumentException with HAProxy's wording when the name is unknown
     */
    public static int parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(n)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown optional log level '" + name + "'");
    }
}
