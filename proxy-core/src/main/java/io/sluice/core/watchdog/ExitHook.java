package io.sluice.core.watchdog;

/**
 * What the watchdog calls after dumping the threads of a process it decided to kill. The real hook halts the JVM
 * ({@link #HALT}); unit tests inject one that records the status.
 */
@FunctionalInterface
public interface ExitHook {
    /** Halts the JVM without running shutdown hooks (a stuck thread could block them). */
    ExitHook HALT = status -> Runtime.getRuntime().halt(status);

    /** Ends the process with {@code status}; runs on the watchdog thread. */
    void exit(int status);
}
