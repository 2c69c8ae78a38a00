/**
 * The running process: {@link io.sluice.core.runtime.Runtime} builds frontends, backends and listeners from the
 * configuration, binds every listener before any loop thread starts, starts the loops, the log thread and the
 * watchdog, and stops gracefully on SIGTERM/SIGINT.
 *
 * <h2>Steps</h2>
 * <ul>
 *   <li>RT-1 refuse what mode tcp cannot run ("not supported yet"); RT-2 build proxies; RT-3 bind (a failure is an
 *       [ALERT] and exit 1, nothing started); RT-4 pollers, workers, listener registration (main, loops not
 *       started: the fd table's insert and first update happen-before the loops through {@code Thread.start});
 *       RT-5 log thread, loops, watchdog; RT-6 signal handlers.</li>
 *   <li>RT-7 on SIGTERM/SIGINT (main, woken by the latch the handler counts down): close every listener (on a loop
 *       thread of each); RT-8 wait until no session is left or {@code hard-stop-after} passed; RT-9 stop the loops
 *       and the log thread; exit 0.</li>
 * </ul>
 * <h2>Shared state</h2>
 * {@code loads[tid]} (sessions per thread, AtomicIntegerArray): incremented by the accepting thread when it chooses
 * a target (ACC-5), decremented by the owner when a session ends. {@code stopping}: volatile, written by main.
 * {@code showInfoRequested}: volatile, set by the SIGUSR1 handler, cleared by the watchdog thread which logs
 * {@code show info}.
 */
package io.sluice.core.runtime;
