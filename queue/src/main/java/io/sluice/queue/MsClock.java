package io.sluice.queue;

/** The time source of the queue library, in millisecond ticks; the proxy passes its loop clock, tests a counter. */
@FunctionalInterface
public interface MsClock {
    /** Runs on any thread; the current time in ms (any origin; only differences and the low 20 bits matter). */
    long nowMs();
}
