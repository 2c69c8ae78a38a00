package io.sluice.queue;

/**
 * Named bits shared by the queue library and its callers: the stream flags a pendconn copies (SF_*), the wake
 * reasons passed to {@link QueuedStream#wake(int)} (TASK_WOKEN_*) and the server admin flags (ADMF_*).
 *
 * <p>The values keep HAProxy's names so the seeds read against this code without translation; the numeric values are
 * ours (only the names matter, nothing is exchanged with HAProxy).
 */
public final class QueueFlags {

    /** The stream was sent to a server chosen by persistence (cookie, use-server), not by load balancing. */
    public static final int SF_DIRECT = 1;
    /** The stream has a server in its target; load balancing must be skipped. */
    public static final int SF_ASSIGNED = 1 << 1;
    /** The stream must stay on its server even when it is down or in maintenance ({@code force-persist}). */
    public static final int SF_FORCE_PRST = 1 << 2;
    /** The stream counts in its server's {@code cur_sess} (set when the connection is established). */
    public static final int SF_CURR_SESS = 1 << 3;
    /** The stream was redispatched at least once. */
    public static final int SF_REDISP = 1 << 4;

    /** The flags a dequeuer or redistributor may edit in {@link Pendconn} and that go back to the stream. */
    public static final int SF_QUEUE_COPIED = SF_DIRECT | SF_ASSIGNED;

    /** Wake reason: a resource (a server slot, or the end of the wait) became available. */
    public static final int TASK_WOKEN_RES = 1;
    /** Wake reason: anything else (used by the proxy for shutdowns). */
    public static final int TASK_WOKEN_OTHER = 1 << 1;

    /** Server admin flag: forced maintenance ({@code disable server}, {@code set server state maint}). */
    public static final int SRV_ADMF_FMAINT = 1;
    /** Server admin flag: forced drain ({@code set server state drain}): no new load-balanced streams. */
    public static final int SRV_ADMF_FDRAIN = 1 << 1;

    private QueueFlags() {
    }

    /** Runs on any thread; returns the names of the SF_* bits set in {@code flags}, for test failures and the CLI. */
    public static String describeStreamFlags(int flags) {
        StringBuilder sb = new StringBuilder();
        append(sb, flags, SF_DIRECT, "DIRECT");
        append(sb, flags, SF_ASSIGNED, "ASSIGNED");
        append(sb, flags, SF_FORCE_PRST, "FORCE_PRST");
        append(sb, flags, SF_CURR_SESS, "CURR_SESS");
        append(sb, flags, SF_REDISP, "REDISP");
        int rest = flags & ~(SF_DIRECT | SF_ASSIGNED | SF_FORCE_PRST | SF_CURR_SESS | SF_REDISP);
        if (rest != 0) {
            sb.append(sb.length() == 0 ? "" : "|").append("0x").append(Integer.toHexString(rest));
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    /** Runs on any thread; returns the names of the SRV_ADMF_* bits set in {@code admin}. */
    public static String describeAdmin(int admin) {
        StringBuilder sb = new StringBuilder();
        append(sb, admin, SRV_ADMF_FMAINT, "FMAINT");
        append(sb, admin, SRV_ADMF_FDRAIN, "FDRAIN");
        return sb.length() == 0 ? "READY" : sb.toString();
    }

    private static void append(StringBuilder sb, int word, int bit, String name) {
        if ((word & bit) != 0) {
            sb.append(sb.length() == 0 ? "" : "|").append(name);
        }
    }
}
