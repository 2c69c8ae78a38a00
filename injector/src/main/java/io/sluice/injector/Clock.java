package io.sluice.injector;

/**
 * The injector's clock: wall-clock microseconds at start, advanced by the monotonic {@link System#nanoTime()}.
 *
 * <p>h1load reads gettimeofday(); a monotonic source aligned to the wall clock once gives the same whole-second
 * boundaries (the time column, the rate windows) without jumps. Stateless after class initialisation; any thread.
 */
final class Clock {
    private static final long BASE_US = System.currentTimeMillis() * 1000L;
    private static final long BASE_NS = System.nanoTime();

    private Clock() {
    }

    /** Runs on any thread: microseconds since the UNIX epoch, monotonic. */
    static long nowUs() {
        return BASE_US + (System.nanoTime() - BASE_NS) / 1000L;
    }
}
