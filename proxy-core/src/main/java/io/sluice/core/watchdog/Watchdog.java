package io.sluice.core.watchdog;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import io.sluice.core.log.LogLevel;
import io.sluice.core.log.LogRing;

/**
 * The watchdog: every period it looks at each registered {@link ThreadHealth}; a loop thread that is neither
 * sleeping nor making progress is "quiet". Quiet for {@code warnAfter} (1 s): reported once through the log ring
 * with its stack ({@code WD-3}). Quiet for {@code panicAfter} ({@code tune.watchdog.panic-after}, 10 s): all threads
 * are dumped to stderr and the exit hook is called with {@link #PANIC_STATUS} ({@code WD-4}).
 *
 * <p>Time is wall-clock (monotonic), not CPU time as in HAProxy: HAProxy's blocked threads spin on locks and burn
 * CPU, while a Java thread blocked on a monitor or a {@code ReentrantLock} parks; CPU time would never see a
 * deadlocked loop (seed 004), wall time does. Runs either on its own daemon thread ({@link #start()}) or on the
 * caller's thread ({@link #runLoop()}, e.g. the main thread once everything is started).
 */
public final class Watchdog {
    /** The exit status after a panic: 134, what a shell reports for HAProxy's {@code abort()}. */
    public static final int PANIC_STATUS = 134;
    /** Default period between checks. */
    public static final long DEFAULT_PERIOD_MILLIS = 100;
    /** Default delay before a quiet thread is reported. */
    public static final long DEFAULT_WARN_MILLIS = 1_000;
    /** Default {@code tune.watchdog.panic-after}. */
    public static final long DEFAULT_PANIC_MILLIS = 10_000;
    /** Smallest accepted {@code panic-after} (tests go down to it). */
    public static final long MIN_PANIC_MILLIS = 200;

    private static final String STUCK_MESSAGE =
            "WARNING! thread {} has stopped processing traffic for {} milliseconds; its stack:";
    private static final String PANIC_MESSAGE =
            "thread {} made no progress for {} milliseconds: dumping all threads and exiting";

    private final LogRing log;
    private final long warnAfterNanos;
    private final long panicAfterNanos;
    private final long periodNanos;
    private final ExitHook exitHook;
    private final PrintStream dumpTo;
    private final LongSupplier nanoClock;
    private final List<ThreadHealth> threads = new CopyOnWriteArrayList<>();
    private final AtomicBoolean panicStarted = new AtomicBoolean();

    // Tests only: the broken variant that ignores the sleeping flag (see WatchdogTest). Set before any check().
    boolean honourSleeping = true;

    // Written by stop() (any thread), read by the watchdog loop.
    private volatile boolean running = true;
    private volatile Thread thread;

    /**
     * Creates a watchdog; runs on the main thread.
     *
     * @param log the ring stuck reports go to
     * @param warnAfterMillis quiet time before a report (1 s in production)
     * @param panicAfterMillis quiet time before the panic ({@code tune.watchdog.panic-after})
     * @param periodMillis time between checks (100 ms in production)
     * @param exitHook called after the dump ({@link ExitHook#HALT} in production)
     * @param dumpTo where the panic dump goes ({@code System.err} in production)
     * @param nanoClock monotonic clock ({@code System::nanoTime} in production)
     */
    public Watchdog(LogRing log, long warnAfterMillis, long panicAfterMillis, long periodMillis, ExitHook exitHook,
                    PrintStream dumpTo, LongSupplier nanoClock) {
        if (panicAfterMillis < MIN_PANIC_MILLIS) {
            throw new IllegalArgumentException("tune.watchdog.panic-after must be at least " + MIN_PANIC_MILLIS
                    + " ms: " + panicAfterMillis);
        }
        if (warnAfterMillis <= 0 || warnAfterMillis > panicAfterMillis) {
            throw new IllegalArgumentException("watchdog warning delay must be in (0, panic-after]: "
                    + warnAfterMillis);
        }
        if (periodMillis <= 0) {
            throw new IllegalArgumentException("watchdog period must be positive: " + periodMillis);
        }
        this.log = log;
        this.warnAfterNanos = TimeUnit.MILLISECONDS.toNanos(warnAfterMillis);
        this.panicAfterNanos = TimeUnit.MILLISECONDS.toNanos(panicAfterMillis);
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
        this.exitHook = exitHook;
        this.dumpTo = dumpTo;
        this.nanoClock = nanoClock;
    }

    /**
     * Creates the production watchdog (1 s warning, or panic-after when shorter; 100 ms period; halts the JVM;
     * dumps to stderr).
     */
    public static Watchdog production(LogRing log, long panicAfterMillis) {
        long warn = Math.min(DEFAULT_WARN_MILLIS, panicAfterMillis);
        return new Watchdog(log, warn, panicAfterMillis, DEFAULT_PERIOD_MILLIS, ExitHook.HALT,
                System.err, System::nanoTime);
    }

    /** Adds a loop thread to watch; runs on the main thread (or any thread, before or after start). */
    public void register(ThreadHealth h) {
        h.seenProgress = h.progressOpaque();
        h.quietSinceNanos = nanoClock.getAsLong();
        threads.add(h);
    }

    /** Returns the watched threads in registration order; runs on any thread. */
    public List<ThreadHealth> threads() {
        return List.copyOf(threads);
    }

    /**
     * Checks every thread once; runs on the watchdog thread (tests call it directly with a fake clock). Returns
     * true if it started a panic.
     */
    public boolean check() {
        long now = nanoClock.getAsLong();
        for (ThreadHealth h : threads) {
            long p = h.progressOpaque();
            // WD-1: a sleeping thread, or one whose counter moved, is healthy: restart its quiet timer.
            if ((honourSleeping && h.isSleepingAcquire()) || p != h.seenProgress) {
                h.seenProgress = p;
                h.quietSinceNanos = now;
                if (h.reported) {
                    h.reported = false;
                    h.setStuckRelease(false);
                }
                continue;
            }
            // WD-2: quiet: how long?
            long quiet = now - h.quietSinceNanos;
            if (quiet >= panicAfterNanos) {
                panic(h, quiet);
                return true;
            }
            if (quiet >= warnAfterNanos && !h.reported) {
                h.reported = true;
                h.setStuckRelease(true);
                report(h, quiet);
            }
        }
        return false;
    }

    /** WD-3: reports a stuck thread with its stack through the log ring; runs on the watchdog thread. */
    private void report(ThreadHealth h, long quietNanos) {
        long seq = log.tryClaim();
        if (seq != LogRing.FULL) {
            log.record(seq).level(LogLevel.ALERT).text(STUCK_MESSAGE).arg(h.tid())
                    .arg(TimeUnit.NANOSECONDS.toMillis(quietNanos)).attach(h.thread().getStackTrace());
            log.publish(seq);
        }
    }

    /** WD-4: dumps all threads and calls the exit hook, once per process; runs on the watchdog thread. */
    private void panic(ThreadHealth h, long quietNanos) {
        if (!panicStarted.compareAndSet(false, true)) {
            return;
        }
        h.setStuckRelease(true);
        long seq = log.tryClaim();
        if (seq != LogRing.FULL) {
            log.record(seq).level(LogLevel.EMERG).text(PANIC_MESSAGE).arg(h.tid())
                    .arg(TimeUnit.NANOSECONDS.toMillis(quietNanos));
            log.publish(seq);
        }
        try {
            ThreadDump.dumpAll(dumpTo, threads(), h);
        } finally {
            running = false;
            exitHook.exit(PANIC_STATUS);
        }
    }

    /** Returns true once a panic has started; runs on any thread. */
    public boolean panicked() {
        return panicStarted.get();
    }

    /**
     * Checks every period until {@link #stop()} or a panic; runs on the calling thread (the main thread, once
     * everything is started). The loop ends because each turn parks at most one period and re-reads the flag.
     */
    public void runLoop() {
        thread = Thread.currentThread();
        while (running) {
            if (check()) {
                return;
            }
            LockSupport.parkNanos(this, periodNanos);
        }
    }

    /** Starts {@link #runLoop()} on a daemon thread named {@code watchdog}; runs on the main thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("watchdog already started");
        }
        Thread t = new Thread(this::runLoop, "watchdog");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Stops the loop (returns at once; the loop ends within one period); runs on any thread. */
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
