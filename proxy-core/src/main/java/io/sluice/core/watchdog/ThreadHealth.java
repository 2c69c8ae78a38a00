package io.sluice.core.watchdog;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * What one loop thread publishes for the watchdog: a progress counter and a sleeping flag; and what the watchdog
 * publishes back: whether it considers the thread stuck.
 *
 * <p>Writer/reader pairing (one rule per field):
 * <ul>
 *   <li>{@code progress}: written only by the owner loop thread ({@link #onProgress()}, opaque store of its own
 *       plain value + 1), read by the watchdog ({@link #progressOpaque()}). Opaque is enough: the watchdog only
 *       needs to see the value change eventually, it orders nothing on it.</li>
 *   <li>{@code sleeping}: written only by the owner ({@link #onSleepEnter()} / {@link #onSleepExit()}, release),
 *       read by the watchdog ({@link #isSleepingAcquire()}). Sentinel-free: 1 while the loop waits in
 *       {@code epoll_wait} (or any wait the loop means to do), 0 otherwise.</li>
 *   <li>{@code stuck}: written only by the watchdog (release), read by anyone ({@code show threads} prints
 *       {@code >} for a stuck thread).</li>
 * </ul>
 * A loop that already publishes both figures itself (the poller's {@code PollLoop.progress()} and
 * {@code isSleeping()}, volatile reads) is watched directly through {@link #of(int, Thread, LongSupplier,
 * BooleanSupplier)}: the watchdog then reads the loop's own fields and the {@code progress} / {@code sleeping}
 * fields above stay unused.
 *
 * <p>NOTE: benign race: the watchdog may read {@code sleeping == 0} and an unchanged {@code progress} just after the
 * loop woke up and before it counted progress; it then starts (or keeps) a stuck timer that the next period resets.
 * A false report needs a whole warning delay (1 s) of this, which a running loop never allows.
 */
public final class ThreadHealth {
    private static final VarHandle VH_PROGRESS;
    private static final VarHandle VH_SLEEPING;
    private static final VarHandle VH_STUCK;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            VH_PROGRESS = l.findVarHandle(ThreadHealth.class, "progress", long.class);
            VH_SLEEPING = l.findVarHandle(ThreadHealth.class, "sleeping", int.class);
            VH_STUCK = l.findVarHandle(ThreadHealth.class, "stuck", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int tid;
    private final Thread thread;
    /** The loop's own progress counter, or null when the loop calls {@link #onProgress()}. */
    private final LongSupplier progressSource;
    /** The loop's own sleeping flag, or null when the loop calls {@link #onSleepEnter()}. */
    private final BooleanSupplier sleepingSource;

    // See the class comment for writers and readers; accessed through the VarHandles above except by the owner.
    private long progress;
    private int sleeping;
    private boolean stuck;

    // ---- watchdog-private state (only the watchdog thread reads or writes these) ----
    long seenProgress = -1;
    long quietSinceNanos;
    boolean reported;

    /**
     * Creates the health record of a loop thread; runs on the main thread before the loop starts.
     *
     * @param tid the thread's global id, 1-based as HAProxy prints it
     * @param thread the loop thread (its stack is dumped when it is stuck)
     */
    public ThreadHealth(int tid, Thread thread) {
        this(tid, thread, null, null);
    }

    private ThreadHealth(int tid, Thread thread, LongSupplier progressSource, BooleanSupplier sleepingSource) {
        this.tid = tid;
        this.thread = thread;
        this.progressSource = progressSource;
        this.sleepingSource = sleepingSource;
    }

    /**
     * Creates the health record of a loop that publishes its progress and sleeping flag itself; runs on the main
     * thread. Both suppliers are called on the watchdog thread and must be lock-free reads.
     *
     * @param tid the thread's global id, 1-based as HAProxy prints it
     * @param thread the loop thread
     * @param progress the loop's progress counter (moves whenever the loop makes progress)
     * @param sleeping true while the loop waits with nothing to run
     */
    public static ThreadHealth of(int tid, Thread thread, LongSupplier progress, BooleanSupplier sleeping) {
        if (progress == null || sleeping == null) {
            throw new IllegalArgumentException("both sources are needed");
        }
        return new ThreadHealth(tid, thread, progress, sleeping);
    }

    /** Returns the 1-based thread id; runs on any thread. */
    public int tid() {
        return tid;
    }

    /** Returns the loop thread; runs on any thread. */
    public Thread thread() {
        return thread;
    }

    /**
     * Counts one unit of progress (a task run, an event dispatched, a loop turn); runs on the owner loop thread
     * only. HAProxy clears {@code TH_FL_STUCK} at the same points.
     */
    public void onProgress() {
        VH_PROGRESS.setOpaque(this, progress + 1); // plain read: only this thread writes
    }

    /** Marks the loop as waiting (about to call {@code epoll_wait}); runs on the owner loop thread only. */
    public void onSleepEnter() {
        VH_SLEEPING.setRelease(this, 1);
    }

    /** Marks the loop as running again and counts progress; runs on the owner loop thread only. */
    public void onSleepExit() {
        VH_SLEEPING.setRelease(this, 0);
        onProgress();
    }

    /** Returns the progress counter; runs on the watchdog (or any reader). */
    public long progressOpaque() {
        if (progressSource != null) {
            return progressSource.getAsLong();
        }
        return (long) VH_PROGRESS.getOpaque(this);
    }

    /** Returns true while the loop waits; runs on the watchdog (or any reader). */
    public boolean isSleepingAcquire() {
        if (sleepingSource != null) {
            return sleepingSource.getAsBoolean();
        }
        return (int) VH_SLEEPING.getAcquire(this) != 0;
    }

    /** Returns true while the watchdog considers this thread stuck; runs on any thread. */
    public boolean isStuckAcquire() {
        return (boolean) VH_STUCK.getAcquire(this);
    }

    /** Sets the stuck flag; runs on the watchdog thread only. */
    void setStuckRelease(boolean value) {
        VH_STUCK.setRelease(this, value);
    }
}
