package io.sluice.queue;

/** A clock the test moves by hand. */
final class ManualClock implements MsClock {
    volatile long now;

    ManualClock(long start) {
        this.now = start;
    }

    @Override
    public long nowMs() {
        return now;
    }
}
