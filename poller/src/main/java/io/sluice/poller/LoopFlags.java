package io.sluice.poller;

import static io.sluice.poller.TaskFlags.TH_FL_NOTIFIED;
import static io.sluice.poller.TaskFlags.TH_FL_SLEEPING;
import static io.sluice.poller.TaskFlags.TH_FL_STOPPING;
import static io.sluice.poller.TaskFlags.TH_FL_STUCK;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A loop thread's flag word (HAProxy's {@code th_ctx->flags}: SLEEPING, NOTIFIED, STUCK,
 * STOPPING) and the steps of the wake-up protocol on it; any thread, every access volatile mode.
 *
 * <p>Steps (see the package documentation): the loop runs WAKE-1 {@link #setSleeping()}, WAKE-2
 * {@link #clearNotified()}, then re-checks its inbox; a waker publishes its work, then runs WAKE-3
 * {@link #notifyNeedsKick()} and writes the eventfd if that returns true. {@code
 * WakeProtocolModelTest} runs every interleaving of these steps, and of three broken orders.
 */
final class LoopFlags {

    private static final VarHandle VH_FLAGS;

    static {
        try {
            VH_FLAGS = MethodHandles.lookup().findVarHandle(LoopFlags.class, "flags", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** TH_FL_* bits; written by the loop (SLEEPING, NOTIFIED clear, STUCK clear) and by others. */
    @SuppressWarnings("unused")
    private volatile int flags;

    LoopFlags(int initial) {
        VH_FLAGS.setVolatile(this, initial);
    }

    /** Any thread: the flags (volatile read). */
    int get() {
        return (int) VH_FLAGS.getVolatile(this);
    }

    /** Loop thread, WAKE-1: announce the coming sleep. */
    void setSleeping() {
        VH_FLAGS.getAndBitwiseOr(this, TH_FL_SLEEPING);
    }

    /** Loop thread, WAKE-2: accept new kicks (clear NOTIFIED); the inbox re-check follows. */
    void clearNotified() {
        VH_FLAGS.getAndBitwiseAnd(this, ~TH_FL_NOTIFIED);
    }

    /** Loop thread: leaving (or not entering) the sleep. */
    void clearSleeping() {
        VH_FLAGS.getAndBitwiseAnd(this, ~TH_FL_SLEEPING);
    }

    /**
     * Any thread, WAKE-3, after publishing the work: sets NOTIFIED and returns true if the caller
     * must kick the eventfd (the loop sleeps and nobody kicked it since WAKE-2).
     */
    boolean notifyNeedsKick() {
        int old = (int) VH_FLAGS.getAndBitwiseOr(this, TH_FL_NOTIFIED);
        return (old & (TH_FL_SLEEPING | TH_FL_NOTIFIED)) == TH_FL_SLEEPING;
    }

    /** Any thread: asks the loop to stop. */
    void setStopping() {
        VH_FLAGS.getAndBitwiseOr(this, TH_FL_STOPPING);
    }

    /** Watchdog: sets STUCK; returns true if it was already set (no progress since last time). */
    boolean markStuck() {
        return ((int) VH_FLAGS.getAndBitwiseOr(this, TH_FL_STUCK) & TH_FL_STUCK) != 0;
    }

    /** Loop thread: clears STUCK if the watchdog set it (plain check first: the RMW is rare). */
    void clearStuck() {
        if ((get() & TH_FL_STUCK) != 0) {
            VH_FLAGS.getAndBitwiseAnd(this, ~TH_FL_STUCK);
        }
    }
}
