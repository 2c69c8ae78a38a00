package io.sluice.config.model;

import java.util.List;

/**
 * A {@code redirect location|prefix|scheme <to> [code <n>] [options] [if|unless <cond>]} rule, also
 * used by {@code http-request redirect}.
 *
 * @param type location, prefix or scheme
 * @param target the location, prefix or scheme as written
 * @param code 301, 302 (default), 303, 307 or 308
 * @param options drop-query, append-slash, ignore-empty, set-cookie X, clear-cookie X, as written
 * @param condition the condition, null when always
 * @param file the configuration file
 * @param line the line in {@code file}
 */
public record RedirectRule(Type type, String target, int code, List<String> options, Condition condition,
                           String file, int line) {
    /** The three redirect kinds. */
    public enum Type {
        /** Replace the whole location. */
        LOCATION,
        /** Prefix the path. */
        PREFIX,
        /** Change the scheme. */
        SCHEME
    }

    /** Makes the lists immutable. */
    public RedirectRule {
        options = List.copyOf(options);
    }
}
