package io.sluice.core.cli;

import io.sluice.core.log.LineBuffer;

/**
 * {@code show activity [-1|0|<thr>]}: per-thread activity counters in HAProxy 3.0's order and shape
 * (haproxy-cli-formats.md §8). Runs on the session's thread; the values come from a {@link Provider}.
 */
public final class ShowActivity {
    /** The counters, in output order; {@code avg} ones aggregate as a rounded average, the others as a sum. */
    public enum Counter {
        /** Context switches. */
        CTXSW("ctxsw"), TASKSW("tasksw"), EMPTY_RQ("empty_rq"), LONG_RQ("long_rq"), CURR_RQ("curr_rq"),
        LOOPS("loops"), WAKE_TASKS("wake_tasks"), WAKE_SIGNAL("wake_signal"), POLL_IO("poll_io"),
        POLL_EXP("poll_exp"), POLL_DROP_FD("poll_drop_fd"), POLL_SKIP_FD("poll_skip_fd"), CONN_DEAD("conn_dead"),
        STREAM_CALLS("stream_calls"), POOL_FAIL("pool_fail"), BUF_WAIT("buf_wait"), CPUST_MS_TOT("cpust_ms_tot"),
        CPUST_MS_1S("cpust_ms_1s"), CPUST_MS_15S("cpust_ms_15s"), AVG_CPU_PCT("avg_cpu_pct", true),
        AVG_LOOP_US("avg_loop_us", true), ACCEPTED("accepted"), ACCQ_PUSHED("accq_pushed"), ACCQ_FULL("accq_full"),
        ACCQ_RING("accq_ring"), FD_TAKEOVER("fd_takeover"), CHECK_ADOPTED("check_adopted"),
        CHECK_STARTED("check_started"), CHECK_ACTIVE("check_active"), CHECK_RUNNING("check_running");

        private final String label;
        private final boolean average;

        Counter(String label) {
            this(label, false);
        }

        Counter(String label, boolean average) {
            this.label = label;
            this.average = average;
        }

        /** Returns the line's name. */
        public String label() {
            return label;
        }

        /** Returns true if the total is a rounded average instead of a sum. */
        public boolean average() {
            return average;
        }
    }

    /** The values of one answer. Filled by the provider, read by the formatter, on the session's thread. */
    public static final class Snapshot {
        private final int nbthread;
        private final long[][] values;
        /** The 1-based thread running the command ({@code thread_id}). */
        public int currentThread = 1;
        /** Wall clock, microseconds since the epoch ({@code date_now}). */
        public long dateNowMicros;
        /** Process uptime in microseconds ({@code uptime_now}). */
        public long uptimeNowMicros;

        /** Creates an empty snapshot for {@code nbthread} threads. */
        public Snapshot(int nbthread) {
            if (nbthread < 1) {
                throw new IllegalArgumentException("nbthread must be >= 1: " + nbthread);
            }
            this.nbthread = nbthread;
            this.values = new long[Counter.values().length][nbthread];
        }

        /** Returns the number of threads. */
        public int nbthread() {
            return nbthread;
        }

        /** Sets counter {@code c} of 1-based thread {@code tid}. */
        public Snapshot set(Counter c, int tid, long value) {
            values[c.ordinal()][tid - 1] = value;
            return this;
        }

        /** Returns counter {@code c} of 1-based thread {@code tid}. */
        public long get(Counter c, int tid) {
            return values[c.ordinal()][tid - 1];
        }

        /** Returns the aggregate of a counter: sum, or rounded average for the {@code avg_*} ones. */
        public long total(Counter c) {
            long sum = 0;
            for (long v : values[c.ordinal()]) {
                sum += v;
            }
            return c.average() ? (sum + nbthread / 2) / nbthread : sum;
        }
    }

    /** What the runtime implements to answer {@code show activity}. */
    public interface Provider {
        /** Returns {@code nbthread}; runs on the session's thread. */
        int nbthread();

        /** Fills the snapshot; runs on the session's thread. */
        void fill(Snapshot snapshot);
    }

    /** The out-of-range reply. */
    public static final String BAD_THREAD = "Thread ID number must be between -1 and nbthread";

    private ShowActivity() {
    }

    /** Registers {@code show activity} (operator level since 2.8); runs on the main thread at startup. */
    public static void register(CliRegistry registry, Provider provider) {
        registry.register(CliCommand.of("show activity", "show activity [-1|0|thread_num]",
                "show per-thread activity stats (for support/developers)", CliLevel.OPERATOR, req -> {
                    int nbt = provider.nbthread();
                    int which = -1;
                    if (!req.arg(2).isEmpty()) {
                        try {
                            which = Integer.parseInt(req.arg(2));
                        } catch (NumberFormatException e) {
                            return req.error(BAD_THREAD);
                        }
                    }
                    if (which < -1 || which > nbt) {
                        return req.error(BAD_THREAD);
                    }
                    Snapshot s = new Snapshot(nbt);
                    provider.fill(s);
                    format(s, which, req.out());
                    return true;
                }));
    }

    /**
     * Writes the answer; {@code which} is -1 (total and every thread), 0 (total only) or a 1-based thread. Runs on
     * the session's thread.
     */
    public static void format(Snapshot s, int which, LineBuffer out) {
        out.append("thread_id: ").append(s.currentThread).append(" (1..").append(s.nbthread()).append(")\n");
        out.append("date_now: ").append(s.dateNowMicros / 1_000_000).append('.')
                .appendZeroPadded(s.dateNowMicros % 1_000_000, 6).append('\n');
        out.append("uptime_now: ").append(s.uptimeNowMicros / 1_000_000).append('.')
                .appendZeroPadded(s.uptimeNowMicros % 1_000_000, 6).append('\n');
        for (Counter c : Counter.values()) {
            out.append(c.label()).append(": ");
            if (which > 0) {
                out.append(s.get(c, which));
            } else {
                out.append(s.total(c));
                if (which < 0 && s.nbthread() > 1) {
                    out.append(" [");
                    for (int t = 1; t <= s.nbthread(); t++) {
                        out.append(' ').append(s.get(c, t));
                    }
                    out.append(" ]");
                }
            }
            out.append('\n');
        }
    }
}
