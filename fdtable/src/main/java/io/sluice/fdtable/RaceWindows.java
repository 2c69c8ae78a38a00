package io.sluice.fdtable;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Race widening (seed 000's {@code { volatile int i = 10000; while (i--); }} delays): a busy wait at every point
 * of the protocols where one of running_mask / thread_mask is set and the other not yet, and between the steps
 * of the orphan close. Immutable; {@link #widen(Window)} runs on whichever thread reaches the window.
 *
 * <p>Off by default ({@link #DISABLED}: one final-field test, nothing else). Turned on by
 * {@code tune.debug.race-widen <n>} in the global config or by the test harness, with a maximum of {@code n}
 * spin iterations per window; each pass spins a random count in 0..n so that both orders of every race get
 * explored.
 */
public final class RaceWindows {

    /** The windows, named after the step they follow (see package-info). */
    public enum Window {
        /** UPD-3: our running bit is set, thread_mask not yet re-read. */
        UPD_AFTER_RUNNING_SET,
        /** UPD-4: sync loop done, decision not yet taken. */
        UPD_AFTER_SYNC,
        /** UPD-5 / UPD-12: running bit dropped, MUST_CLOSE not yet tested. */
        UPD_AFTER_CLR_RUNNING,
        /** UPD-10: just before the iocb. */
        UPD_BEFORE_IOCB,
        /** TAKE-3: running = our bit, thread_mask still the old owner's. */
        TAKE_AFTER_CAS,
        /** TAKE-4: thread_mask = our bit, running still set. */
        TAKE_AFTER_THREAD_STORE,
        /** DEL-1: running bit set, thread_mask still intact. */
        DEL_AFTER_RUNNING_SET,
        /** DEL-3: thread_mask = 0, our running bit still set. */
        DEL_AFTER_THREAD_CLEAR,
        /** DEL-4: running bit dropped, MUST_CLOSE not yet tested. */
        DEL_AFTER_CLR_RUNNING,
        /** ORPH-3: tgid reset, refcount not yet drained. */
        ORPH_AFTER_RESET,
        /** ORPH-4: refcount drained, masks not yet cleared. */
        ORPH_AFTER_DRAIN,
        /** ORPH-7: masks cleared, OS close not yet done. */
        ORPH_BEFORE_CLOSE,
    }

    /** No widening (production default). */
    public static final RaceWindows DISABLED = new RaceWindows(0);

    private final int maxSpins;

    private RaceWindows(int maxSpins) {
        this.maxSpins = maxSpins;
    }

    /**
     * Returns widening of at most {@code maxSpins} busy iterations per window; any thread.
     *
     * @param maxSpins {@code tune.debug.race-widen} value; 0 disables
     * @return the settings
     */
    public static RaceWindows of(int maxSpins) {
        if (maxSpins < 0) {
            throw new IllegalArgumentException("race-widen must be >= 0, got " + maxSpins);
        }
        return maxSpins == 0 ? DISABLED : new RaceWindows(maxSpins);
    }

    /** Tells whether widening is on; any thread. @return true if {@code maxSpins > 0} */
    public boolean enabled() {
        return maxSpins != 0;
    }

    /** Returns the maximum spins per window; any thread. @return tune.debug.race-widen */
    public int maxSpins() {
        return maxSpins;
    }

    /**
     * Busy-waits a random 0..maxSpins iterations if enabled, otherwise returns at once; runs on the thread that
     * reached window {@code w}. Never blocks, never allocates.
     *
     * @param w the window reached (documents the call site; all windows are widened alike)
     */
    public void widen(Window w) {
        if (maxSpins != 0) {
            spin();
        }
    }

    private void spin() {
        int n = ThreadLocalRandom.current().nextInt(maxSpins + 1);
        for (int i = 0; i < n; i++) {
            Thread.onSpinWait();
        }
    }
}
