package io.sluice.config.model;

/**
 * The global {@code tune.*} settings, with HAProxy's defaults (and Sluice's for the watchdog and
 * race widening).
 *
 * @param bufsize {@code tune.bufsize} (16384)
 * @param maxpollevents {@code tune.maxpollevents} (200)
 * @param runqueueDepth {@code tune.runqueue-depth} (200)
 * @param fdEdgeTriggered {@code tune.fd.edge-triggered} (off)
 * @param httpMaxhdr {@code tune.http.maxhdr} (101)
 * @param idlePoolShared {@code tune.idle-pool.shared} (on)
 * @param poolLowFdRatio {@code tune.pool-low-fd-ratio} in percent (20)
 * @param poolHighFdRatio {@code tune.pool-high-fd-ratio} in percent (25)
 * @param watchdogPanicAfterMs {@code tune.watchdog.panic-after} (10 s)
 * @param raceWiden {@code tune.debug.race-widen} spin count (0 = off)
 */
public record Tune(int bufsize, int maxpollevents, int runqueueDepth, boolean fdEdgeTriggered, int httpMaxhdr,
                   boolean idlePoolShared, int poolLowFdRatio, int poolHighFdRatio, long watchdogPanicAfterMs,
                   int raceWiden) {
    /** Every default. */
    public static final Tune DEFAULTS = new Tune(16384, 200, 200, false, 101, true, 20, 25, 10_000, 0);
}
