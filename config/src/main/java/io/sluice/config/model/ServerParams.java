package io.sluice.config.model;

/**
 * The tunable part of a {@code server} line, also what {@code default-server} sets. Defaults are
 * HAProxy's: weight 1, inter 2 s, rise 2, fall 3; fastinter/downinter default to inter (0 here).
 */
public record ServerParams(int maxconn, int minconn, int maxqueue, int weight, boolean check, long interMs,
                           long fastinterMs, long downinterMs, int rise, int fall, boolean disabled,
                           boolean backup, long slowstartMs) {
    /** HAProxy's server defaults. */
    public static final ServerParams DEFAULTS = new ServerParams(0, 0, 0, 1, false, 2000, 0, 0, 2, 3, false,
            false, 0);
}
