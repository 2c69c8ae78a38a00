package io.sluice.config.model;

/**
 * A proxy's {@code timeout} values in milliseconds; {@link #UNSET} (-1) when not configured.
 * 0 is a configured value meaning "no timeout", as in HAProxy.
 */
public record Timeouts(long client, long server, long connect, long httpRequest, long httpKeepAlive,
                       long queue, long tunnel, long check, long clientFin, long serverFin) {
    /** The value of a timeout that was never set. */
    public static final long UNSET = -1;

    /** All timeouts unset. */
    public static final Timeouts NONE = new Timeouts(UNSET, UNSET, UNSET, UNSET, UNSET, UNSET, UNSET, UNSET,
            UNSET, UNSET);
}
