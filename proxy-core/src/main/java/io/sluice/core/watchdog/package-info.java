/**
 * The watchdog: detects loop threads that stopped making progress, reports them, and ends a process that cannot
 * recover.
 *
 * <h2>State</h2>
 * Each loop thread owns a {@link io.sluice.core.watchdog.ThreadHealth}: {@code progress} (a counter only the loop
 * increments), {@code sleeping} (1 while the loop waits in {@code epoll_wait}) and {@code stuck} (set by the
 * watchdog). The watchdog keeps, per thread and for itself only, the last progress value seen, the time it was
 * last healthy and whether it already reported it.
 *
 * <h2>Roles and steps</h2>
 * <ul>
 *   <li>Loop thread: {@code onSleepEnter()} before waiting, {@code onSleepExit()} after (which also counts
 *       progress), {@code onProgress()} after each task, tasklet or dispatched event batch. The poller's loops
 *       publish the same two figures in {@code PollLoop} (progress at each pass, event and handler; SLEEPING in
 *       its flags) and are watched through {@code ThreadHealth.of(tid, thread, loop::progress,
 *       loop::isSleeping)}: the watchdog reads them directly, nothing copies them.</li>
 *   <li>{@code WD-1} (watchdog, every period): a thread sleeping, or whose progress moved, is healthy: reset its
 *       quiet timer, clear {@code stuck}.</li>
 *   <li>{@code WD-2}: otherwise it is quiet since its last healthy check.</li>
 *   <li>{@code WD-3}: quiet for the warning delay (1 s): log once, through the log ring (never synchronously, seed
 *       004), {@code "WARNING! thread N has stopped processing traffic for M milliseconds"} and its stack; set
 *       {@code stuck} (shown as {@code >} by {@code show threads}).</li>
 *   <li>{@code WD-4}: quiet for {@code tune.watchdog.panic-after} (10 s): once per process, log an emergency line,
 *       dump every thread (state, locks, stack) to stderr, call the exit hook with status 134.</li>
 * </ul>
 *
 * <h2>Why it is safe</h2>
 * <ul>
 *   <li>The watchdog never takes a lock a loop thread may hold: it reads opaque/acquire fields, claims log
 *       records (lock-free) and dumps stacks through the JVM. So a deadlocked loop cannot stall it.</li>
 *   <li>A sleeping loop is never reported, however long it sleeps (the test
 *       {@code sleepingThreadNeverTriggersThePanic} and its broken variant, a watchdog that ignores the flag).</li>
 *   <li>Benign race: see {@link io.sluice.core.watchdog.ThreadHealth}; a report needs a full second of quiet.</li>
 * </ul>
 *
 * <h2>Progress</h2>
 * The watchdog loop parks one period per turn and ends on {@code stop()} or after a panic.
 */
package io.sluice.core.watchdog;
