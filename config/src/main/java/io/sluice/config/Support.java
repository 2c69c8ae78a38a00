package io.sluice.config;

/**
 * How far Sluice supports a keyword. This is the single switch later issues flip: when a
 * subsystem's runtime lands, its keyword registrations change from {@link #CHECKED} to
 * {@link #RUNTIME}, and starting Sluice stops refusing them.
 */
public enum Support {
    /** Parsed, validated and acted upon at run time. */
    RUNTIME,
    /** Parsed and validated ({@code sluice -c} accepts it) but there is no runtime yet: starting refuses it. */
    CHECKED,
    /** A HAProxy keyword Sluice will not implement: always an alert naming it. */
    NEVER
}
