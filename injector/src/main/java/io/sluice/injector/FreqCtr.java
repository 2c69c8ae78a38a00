package io.sluice.injector;

/**
 * A frequency counter smoothed over a sliding one-second window (h1load's {@code freq_ctr}, itself HAProxy's).
 *
 * <p>The window is the current whole second plus the previous second's count weighted by the part of it still inside
 * the window. Owned by one worker; every method runs on that worker's thread. Times are the worker's clock in whole
 * seconds and microseconds within the second.
 */
final class FreqCtr {
    private long currSec;  // start of the current period, in seconds
    private long currCtr;  // events in the current period
    private long prevCtr;  // events in the previous period

    /**
     * Runs on the worker thread: pretends the run has been going at {@code rate} for a while (the window already
     * holds {@code rate} events), so that the start has no burst.
     */
    void preseed(long rate, long nowSec, long nowUsec) {
        currSec = nowSec;
        currCtr = rate * nowUsec / 1_000_000L;
        prevCtr = rate;
    }

    /** Runs on the worker thread: counts {@code inc} events now. */
    void update(long inc, long nowSec) {
        if (currSec != nowSec) {
            prevCtr = nowSec - currSec == 1 ? currCtr : 0;
            currSec = nowSec;
            currCtr = 0;
        }
        currCtr += inc;
    }

    /** Runs on the worker thread: events in the sliding window, plus {@code pend} already known to be coming. */
    private long window(long pend, long nowSec, long nowUsec) {
        long curr = 0;
        long age = nowSec - currSec;
        if (age <= 1) {
            long past = currCtr;
            if (age == 0) {
                curr = past;
                past = prevCtr;
            }
            curr += Worker.mul32hi(past, ((999999 - nowUsec) * 4294L) & 0xFFFF_FFFFL);
        }
        return curr + pend;
    }

    /** Runs on the worker thread: how many more events fit under {@code freq} per second (0 when at the limit). */
    long remain(long freq, long pend, long nowSec, long nowUsec) {
        long curr = window(pend, nowSec, nowUsec);
        return curr >= freq ? 0 : freq - curr;
    }

    /** Runs on the worker thread: ms to wait before the next event may happen under {@code freq}, 0 if none. */
    long nextEventDelay(long freq, long pend, long nowSec, long nowUsec) {
        long curr = window(pend, nowSec, nowUsec);
        if (curr < freq) {
            return 0;
        }
        long wait = (curr - freq) * 1000 / freq;
        return wait == 0 ? 1 : wait;
    }
}
