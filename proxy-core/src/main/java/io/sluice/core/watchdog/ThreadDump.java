package io.sluice.core.watchdog;

import java.io.PrintStream;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Writes the panic dump: every JVM thread with its state, locks and whole stack, loop threads first-marked like
 * {@code show threads} ({@code *} for the culprit, {@code >} for a stuck one). Runs on the watchdog thread, cold.
 */
final class ThreadDump {
    private ThreadDump() {
    }

    /** Dumps all threads to {@code out}; runs on the watchdog thread. */
    static void dumpAll(PrintStream out, List<ThreadHealth> loops, ThreadHealth culprit) {
        out.println("Thread " + culprit.tid() + " is about to kill the process.");
        for (ThreadHealth h : loops) {
            out.println((h == culprit ? '*' : ' ') + "" + (h.isStuckAcquire() ? '>' : ' ') + "Thread "
                    + h.tid() + " : name=\"" + h.thread().getName() + "\" sleeping=" + (h.isSleepingAcquire() ? 1 : 0)
                    + " progress=" + h.progressOpaque() + " state=" + h.thread().getState());
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        ThreadInfo[] infos = mx.dumpAllThreads(mx.isObjectMonitorUsageSupported(), mx.isSynchronizerUsageSupported());
        for (ThreadInfo ti : infos) {
            out.println();
            out.print('"' + ti.getThreadName() + "\" #" + ti.getThreadId() + " " + ti.getThreadState());
            if (ti.getLockName() != null) {
                out.print(" on " + ti.getLockName());
            }
            if (ti.getLockOwnerName() != null) {
                out.print(" owned by \"" + ti.getLockOwnerName() + "\" #" + ti.getLockOwnerId());
            }
            out.println();
            StackTraceElement[] stack = ti.getStackTrace();
            MonitorInfo[] monitors = ti.getLockedMonitors();
            for (int i = 0; i < stack.length; i++) {
                out.println("\tat " + stack[i]);
                for (MonitorInfo m : monitors) {
                    if (m.getLockedStackDepth() == i) {
                        out.println("\t- locked " + m);
                    }
                }
            }
            LockInfo[] syncs = ti.getLockedSynchronizers();
            if (syncs.length > 0) {
                out.println("\tLocked synchronizers:");
                for (LockInfo s : syncs) {
                    out.println("\t- " + s);
                }
            }
        }
        out.flush();
    }
}
