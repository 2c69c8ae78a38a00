package io.sluice.core.log;

import java.util.Locale;

/**
 * Syslog facilities by HAProxy's names ({@code kern} … {@code local7}); a facility is its numeric code.
 *
 * <p>The priority written in a syslog header is {@code facility * 8 + level}.
 */
public final class LogFacility {
    /** {@code local0}, the facility of HAProxy's sample configurations. */
    public static final int LOCAL0 = 16;

    private static final String[] NAMES = {
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
        "uucp", "cron", "auth2", "ftp", "ntp", "audit", "alert", "cron2",
        "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
    };

    private LogFacility() {
    }

    /**
     * Parses a facility name; runs on the configuration thread.
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
        throw new IllegalArgumentException("unknown log facility '" + name + "'");
    }

    /** Returns the name of a facility code; runs on any thread. */
    public static String name(int facility) {
        if (facility < 0 || facility >= NAMES.length) {
            throw new IllegalArgumentException("log facility out of range: " + facility);
        }
        return NAMES[facility];
    }
}
