package io.sluice.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.jetbrains.lincheck.Lincheck;

/** Helpers shared by the Lincheck model tests. */
final class ModelCheck {

    private ModelCheck() {
    }

    /** Runs {@code scenario} under Lincheck's model checker; fails if any interleaving breaks it. */
    static void check(int invocations, Runnable scenario) {
        Lincheck.runConcurrentTest(invocations, scenario);
    }

    /**
     * Runs a canary {@code scenario} under Lincheck and asserts that the checker reports it with a message containing
     * one of {@code expected}; prints one line saying how it was caught (kept in the surefire output for the report).
     */
    static void assertCaught(String canary, int invocations, Runnable scenario, String... expected) {
        Throwable t = null;
        for (int attempt = 0; attempt < REPORT_ATTEMPTS; attempt++) {
            t = catchThrowable(() -> Lincheck.runConcurrentTest(invocations, scenario));
            if (t == null || !isReporterCrash(t)) {
                break;
            }
        }
        assertThat(t).as("Lincheck must catch the canary " + canary).isInstanceOf(AssertionError.class);
        String msg = t.getMessage();
        for (String e : expected) {
            int at = msg.indexOf(e);
            if (at >= 0) {
                int end = msg.indexOf('\n', at);
                String line = msg.substring(at, end < 0 ? msg.length() : end);
                System.out.println("[canary caught] " + canary + ": " + line);
                return;
            }
        }
        throw new AssertionError("canary " + canary + " failed for another reason than " + String.join(" | ", expected),
                t);
    }

    /**
     * Lincheck 3.7 sometimes finds the failure and then crashes while rendering its trace (an IndexOutOfBounds in
     * {@code TraceNodesKt.traceToTree}): the canary was caught but the message is lost. Such a run is repeated, at
     * most this many times, to obtain the message the assertion checks.
     */
    private static final int REPORT_ATTEMPTS = 3;

    /** True when {@code t} was thrown by Lincheck's failure reporter rather than by the scenario or the checker. */
    static boolean isReporterCrash(Throwable t) {
        if (t instanceof AssertionError) {
            return false;
        }
        for (StackTraceElement f : t.getStackTrace()) {
            String c = f.getClassName();
            if (c.startsWith("org.jetbrains.kotlinx.lincheck.trace.")
                    || c.equals("org.jetbrains.kotlinx.lincheck.ReporterKt")) {
                return true;
            }
        }
        return false;
    }

    /** Joins {@code t}, turning an interrupt into an assertion failure. */
    static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
