package io.sluice.poller;

import io.sluice.fdtable.ThreadSet;

/**
 * The settings of the loop threads, from the global section; immutable, any thread.
 *
 * @param threads thread topology ({@code nbthread}, {@code thread-groups})
 * @param fdTableSize number of fd slots (the process fd limit)
 * @param maxPollEvents {@code tune.maxpollevents}: epoll events fetched per wait (default 200)
 * @param runqueueDepth {@code tune.runqueue-depth}: handler calls per scheduler pass (default 200)
 * @param edgeTriggered {@code tune.fd.edge-triggered on}: proxy-core inserts connection fds with
 *     FD_ET_POSSIBLE, and the poller then registers them once in ET mode
 * @param maxDelayMs longest epoll_wait when no timer is armed (HAProxy's MAX_DELAY_MS, 60000)
 */
public record PollerConfig(ThreadSet threads, int fdTableSize, int maxPollEvents, int runqueueDepth,
        boolean edgeTriggered, int maxDelayMs) {

    /** HAProxy's default {@code tune.maxpollevents}. */
    public static final int DEFAULT_MAX_POLL_EVENTS = 200;
    /** HAProxy's default {@code tune.runqueue-depth}. */
    public static final int DEFAULT_RUNQUEUE_DEPTH = 200;
    /** HAProxy's MAX_DELAY_MS. */
    public static final int DEFAULT_MAX_DELAY_MS = 60_000;

    /** Validates the values; runs on any thread. */
    public PollerConfig {
        if (threads == null) {
            throw new IllegalArgumentException("threads is required");
        }
        if (fdTableSize < 16) {
            throw new IllegalArgumentException("fd table size too small: " + fdTableSize);
        }
        if (maxPollEvents < 1) {
            throw new IllegalArgumentException("tune.maxpollevents must be >= 1: " + maxPollEvents);
        }
        if (runqueueDepth < 1) {
            throw new IllegalArgumentException("tune.runqueue-depth must be >= 1: " + runqueueDepth);
        }
        if (maxDelayMs < 1) {
            throw new IllegalArgumentException("max delay must be >= 1 ms: " + maxDelayMs);
        }
    }

    /** Runs on any thread: HAProxy's defaults for {@code nbthread} threads in one group. */
    public static PollerConfig defaults(int nbthread, int fdTableSize) {
        return new PollerConfig(ThreadSet.of(nbthread, 1), fdTableSize, DEFAULT_MAX_POLL_EVENTS,
                DEFAULT_RUNQUEUE_DEPTH, false, DEFAULT_MAX_DELAY_MS);
    }

    /** Runs on any thread: a copy with another {@code tune.maxpollevents}. */
    public PollerConfig withMaxPollEvents(int n) {
        return new PollerConfig(threads, fdTableSize, n, runqueueDepth, edgeTriggered, maxDelayMs);
    }

    /** Runs on any thread: a copy with another {@code tune.runqueue-depth}. */
    public PollerConfig withRunqueueDepth(int n) {
        return new PollerConfig(threads, fdTableSize, maxPollEvents, n, edgeTriggered, maxDelayMs);
    }

    /** Runs on any thread: a copy with {@code tune.fd.edge-triggered} set. */
    public PollerConfig withEdgeTriggered(boolean on) {
        return new PollerConfig(threads, fdTableSize, maxPollEvents, runqueueDepth, on, maxDelayMs);
    }
}
