package io.sluice.core.cli;

import java.util.List;

import io.sluice.core.log.LineBuffer;

/**
 * {@code show threads}: one block per loop thread in HAProxy 3.0's shape (haproxy-cli-formats.md §9): a first line
 * marked {@code *} for the thread running the command and {@code >} for a stuck one, then the group/thread line,
 * the CPU line and the current task. Runs on the session's thread; the values come from a {@link Provider}.
 */
public final class ShowThreads {
    /**
     * The state of one thread.
     *
     * @param tid 1-based global thread id
     * @param tgid 1-based thread group
     * @param ltid 1-based id within the group
     * @param id the system-level id printed in hex ({@code id=0x…}; Sluice prints the Java thread id)
     * @param act 1 if the thread has something to do
     * @param glob 1 if it has work in the group's global lists
     * @param wq tasks in its wait queue
     * @param rq tasks in its run queue
     * @param tl tasklets queued
     * @param tlsz tasklet list size
     * @param rqsz run queue size
     * @param stuck 1 if the watchdog considers it stuck
     * @param prof 1 if task profiling is on
     * @param harmless 1 if it is waiting in a harmless place (polling)
     * @param isolated 1 if it is running isolated
     * @param cpuPollNs CPU time when it last left the poller, ns
     * @param cpuNowNs CPU time now, ns
     * @param currentTask a description of the task it runs, {@code "0"} for none
     */
    public record ThreadState(int tid, int tgid, int ltid, long id, int act, int glob, int wq, int rq, int tl,
                              int tlsz, int rqsz, int stuck, int prof, int harmless, int isolated, long cpuPollNs,
                              long cpuNowNs, String currentTask) {
    }

    /** What the runtime implements to answer {@code show threads}. */
    public interface Provider {
        /** Returns the 1-based id of the thread running the command; runs on the session's thread. */
        int currentThread();

        /** Returns every loop thread's state in tid order; runs on the session's thread. */
        List<ThreadState> threads();
    }

    private ShowThreads() {
    }

    /** Registers {@code show threads} (user level); runs on the main thread at startup. */
    public static void register(CliRegistry registry, Provider provider) {
        registry.register(CliCommand.of("show threads", "show threads", "show some threads debugging information",
                CliLevel.USER, req -> {
                    format(provider.threads(), provider.currentThread(), req.out());
                    return true;
                }));
    }

    /** Writes the blocks; runs on the session's thread. */
    public static void format(List<ThreadState> threads, int current, LineBuffer out) {
        for (ThreadState t : threads) {
            out.append(t.tid() == current ? '*' : ' ').append(t.stuck() != 0 ? '>' : ' ').append("Thread ")
                    .appendLeft(Integer.toString(t.tid()), 2).append(": id=0x").appendHex(t.id())
                    .append(" act=").append(t.act()).append(" glob=").append(t.glob()).append(" wq=").append(t.wq())
                    .append(" rq=").append(t.rq()).append(" tl=").append(t.tl()).append(" tlsz=").append(t.tlsz())
                    .append(" rqsz=").append(t.rqsz()).append('\n');
            out.append("    ").appendPadded(t.tgid(), 2, ' ').append('/').appendLeft(Integer.toString(t.ltid()), 2)
                    .append("   stuck=").append(t.stuck()).append(" prof=").append(t.prof()).append(" harmless=")
                    .append(t.harmless()).append(" isolated=").append(t.isolated()).append('\n');
            out.append("             cpu_ns: poll=").append(t.cpuPollNs()).append(" now=").append(t.cpuNowNs())
                    .append(" diff=").append(t.cpuNowNs() - t.cpuPollNs()).append('\n');
            out.append("             curr_task=").append(t.currentTask()).append('\n');
        }
    }
}
