package io.sluice.poller;

/**
 * Millisecond ticks (HAProxy's {@code ticks.h}): a monotonic clock in ms, never 0, where
 * {@link #ETERNITY} (0) means "not set"; pure functions, any thread.
 *
 * <p>Unlike HAProxy's 32-bit ticks these are {@code long} and never wrap, so comparisons are
 * plain comparisons once {@link #ETERNITY} is handled.
 */
public final class Ticks {

    /** "No date": a timer that never expires. */
    public static final long ETERNITY = 0L;

    private static final long BASE = System.nanoTime();

    private Ticks() {
    }

    /** Runs on any thread: the current tick (ms since class load, plus 1 so it is never 0). */
    public static long now() {
        return (System.nanoTime() - BASE) / 1_000_000L + 1L;
    }

    /** Runs on any thread: true if {@code t} is a date (not {@link #ETERNITY}). */
    public static boolean isSet(long t) {
        return t != ETERNITY;
    }

    /** Runs on any thread: {@code now + timeoutMs}, or ETERNITY when {@code timeoutMs} ≤ 0. */
    public static long add(long now, long timeoutMs) {
        return timeoutMs <= 0 ? ETERNITY : now + timeoutMs;
    }

    /** Runs on any thread: true if {@code t} is set and not after {@code now}. */
    public static boolean isExpired(long t, long now) {
        return isSet(t) && t <= now;
    }

    /** Runs on any thread: the earlier of two dates, ETERNITY only if both are. */
    public static long first(long a, long b) {
        if (!isSet(a)) {
            return b;
        }
        if (!isSet(b)) {
            return a;
        }
        return Math.min(a, b);
    }

    /** Runs on any thread: true if date {@code a} is strictly before {@code b} (ETERNITY is last). */
    public static boolean isBefore(long a, long b) {
        if (!isSet(a)) {
            return false;
        }
        return !isSet(b) || a < b;
    }

    /**
     * Runs on any thread: HAProxy's {@code compute_poll_timeout}: 0 if {@code next} has passed,
     * otherwise the remaining ms + 1 (so the wait never ends just before the date), at most
     * {@code maxDelayMs}; {@code maxDelayMs} when {@code next} is ETERNITY.
     */
    public static int pollTimeout(long next, long now, int maxDelayMs) {
        if (!isSet(next)) {
            return maxDelayMs;
        }
        if (next <= now) {
            return 0;
        }
        long ms = next - now + 1;
        return ms >= maxDelayMs ? maxDelayMs : (int) ms;
    }
}
