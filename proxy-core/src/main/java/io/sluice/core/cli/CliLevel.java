package io.sluice.core.cli;

import java.util.Locale;

/**
 * CLI access levels, ordered: {@code user < operator < admin}. A socket starts its sessions at its configured
 * level (default {@link #OPERATOR}); a command runs only if the session's level is at least the command's.
 */
public enum CliLevel {
    /** Read-only, non-sensitive data. */
    USER,
    /** Everything readable plus non-sensitive changes (the default). */
    OPERATOR,
    /** Everything. */
    ADMIN;

    /** Returns the keyword as HAProxy prints it ({@code show cli level}). */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns true if a session at this level may run a command needing {@code required}. */
    public boolean allows(CliLevel required) {
        return compareTo(required) >= 0;
    }

    /**
     * Parses {@code user}, {@code operator} or {@code admin} ({@code stats socket ... level}); runs on the
     * configuration thread.
     */
    public static CliLevel parse(String word) {
        for (CliLevel l : values()) {
            if (l.keyword().equals(word)) {
                return l;
            }
        }
        throw new IllegalArgumentException("'level' only supports 'user', 'operator', and 'admin' (got '"
                + word + "')");
    }
}
