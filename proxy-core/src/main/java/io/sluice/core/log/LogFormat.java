package io.sluice.core.log;

import java.util.Locale;

/**
 * The header a {@code log} target puts in front of each line ({@code format} argument of HAProxy's {@code log}).
 *
 * <ul>
 *   <li>{@link #RAW}: the message only.</li>
 *   <li>{@link #SHORT}: {@code <PRI>message}.</li>
 *   <li>{@link #RFC3164}: {@code <PRI>Mmm dd HH:MM:SS [host ]tag[pid]: message} (HAProxy's default).</li>
 *   <li>{@link #RFC5424}: {@code <PRI>1 yyyy-mm-ddTHH:MM:SS.uuuuuu+hh:mm host tag pid - - message}.</li>
 * </ul>
 */
public enum LogFormat {
    /** No header at all. */
    RAW("raw"),
    /** Priority only. */
    SHORT("short"),
    /** BSD syslog. */
    RFC3164("rfc3164"),
    /** IETF syslog. */
    RFC5424("rfc5424");

    private final String keyword;

    LogFormat(String keyword) {
        this.keyword = keyword;
    }

    /** Returns the configuration keyword of this format. */
    public String keyword() {
        return keyword;
    }

    /**
     * Parses the word after {@code format}; runs on the configuration thread.
     *
     * @throws IllegalArgumentException for an unknown format, or "not supported yet" for HAProxy formats
     *     Sluice does not write ({@code priority}, {@code iso}, {@code timed})
     */
    public static LogFormat parse(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        for (LogFormat f : values()) {
            if (f.keyword.equals(w)) {
                return f;
            }
        }
        if (w.equals("priority") || w.equals("iso") || w.equals("timed")) {
            throw new IllegalArgumentException("log format '" + word + "' is not supported yet");
        }
        throw new IllegalArgumentException("unknown log format '" + word + "'");
    }
}
