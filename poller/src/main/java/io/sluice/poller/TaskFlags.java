package io.sluice.poller;

/**
 * Bits of a task's or tasklet's {@code state} word (HAProxy's {@code TASK_*}, same values), the
 * loop thread's flag bits ({@code TH_FL_*}), and their decoders; pure constants, any thread.
 *
 * <pre>
 *  bit: 16      15        14..8           7     6       5      4          2       0
 *       F_USR1  F_TASKLET WOKEN_{OTHER..  HEAVY IN_LIST KILLED SELF_WAKING QUEUED RUNNING
 *                          ..INIT}
 * </pre>
 */
public final class TaskFlags {

    /** The task is being run by its owner thread. */
    public static final int TASK_RUNNING = 0x0001;
    /** The task is in a run queue (or in a tasklet list, or in flight to its owner's inbox). */
    public static final int TASK_QUEUED = 0x0004;
    /** The tasklet woke itself while running: it goes to the BULK class. */
    public static final int TASK_SELF_WAKING = 0x0010;
    /** Kill requested: the owner thread frees it instead of running it. */
    public static final int TASK_KILLED = 0x0020;
    /** The tasklet is in a tasklet list (local class list or the owner's inbox). */
    public static final int TASK_IN_LIST = 0x0040;
    /** The tasklet belongs to the HEAVY class (at most one per scheduler pass). */
    public static final int TASK_HEAVY = 0x0080;
    /** Woken at creation. */
    public static final int TASK_WOKEN_INIT = 0x0100;
    /** Woken by its timer. */
    public static final int TASK_WOKEN_TIMER = 0x0200;
    /** Woken by I/O. */
    public static final int TASK_WOKEN_IO = 0x0400;
    /** Woken by a signal. */
    public static final int TASK_WOKEN_SIGNAL = 0x0800;
    /** Woken by a message. */
    public static final int TASK_WOKEN_MSG = 0x1000;
    /** Woken because a resource became available. */
    public static final int TASK_WOKEN_RES = 0x2000;
    /** Woken for another reason. */
    public static final int TASK_WOKEN_OTHER = 0x4000;
    /** Any of the WOKEN bits. */
    public static final int TASK_WOKEN_ANY = TASK_WOKEN_OTHER | TASK_WOKEN_INIT | TASK_WOKEN_TIMER | TASK_WOKEN_IO
            | TASK_WOKEN_SIGNAL | TASK_WOKEN_MSG | TASK_WOKEN_RES;
    /** This object is a tasklet, not a task. */
    public static final int TASK_F_TASKLET = 0x8000;
    /** Application-defined, persistent: H1 marks a backend connection's tasklet "idle, may be stolen". */
    public static final int TASK_F_USR1 = 0x10000;
    /** Bits that survive a run (everything else is cleared when the task or tasklet starts running). */
    public static final int TASK_PERSISTENT = TASK_SELF_WAKING | TASK_KILLED | TASK_HEAVY | TASK_F_TASKLET
            | TASK_F_USR1;

    /** Loop thread flag: the thread is in (or about to enter) epoll_wait with no runnable work. */
    public static final int TH_FL_SLEEPING = 0x01;
    /** Loop thread flag: somebody woke the thread since it last cleared this bit. */
    public static final int TH_FL_NOTIFIED = 0x02;
    /** Loop thread flag: set by the watchdog, cleared by the thread whenever it makes progress. */
    public static final int TH_FL_STUCK = 0x04;
    /** Loop thread flag: the loop was asked to stop. */
    public static final int TH_FL_STOPPING = 0x08;

    private TaskFlags() {
    }

    /** Runs on any thread: "QUEUED|WOKEN_TIMER|F_USR1" for a task state word. */
    public static String describe(int state) {
        StringBuilder sb = new StringBuilder();
        bit(sb, state, TASK_RUNNING, "RUNNING");
        bit(sb, state, TASK_QUEUED, "QUEUED");
        bit(sb, state, TASK_SELF_WAKING, "SELF_WAKING");
        bit(sb, state, TASK_KILLED, "KILLED");
        bit(sb, state, TASK_IN_LIST, "IN_LIST");
        bit(sb, state, TASK_HEAVY, "HEAVY");
        bit(sb, state, TASK_WOKEN_INIT, "WOKEN_INIT");
        bit(sb, state, TASK_WOKEN_TIMER, "WOKEN_TIMER");
        bit(sb, state, TASK_WOKEN_IO, "WOKEN_IO");
        bit(sb, state, TASK_WOKEN_SIGNAL, "WOKEN_SIGNAL");
        bit(sb, state, TASK_WOKEN_MSG, "WOKEN_MSG");
        bit(sb, state, TASK_WOKEN_RES, "WOKEN_RES");
        bit(sb, state, TASK_WOKEN_OTHER, "WOKEN_OTHER");
        bit(sb, state, TASK_F_TASKLET, "F_TASKLET");
        bit(sb, state, TASK_F_USR1, "F_USR1");
        return sb.length() == 0 ? "0" : sb.toString();
    }

    /** Runs on any thread: "SLEEPING|NOTIFIED" for a loop thread's flag word. */
    public static String describeThread(int flags) {
        StringBuilder sb = new StringBuilder();
        bit(sb, flags, TH_FL_SLEEPING, "SLEEPING");
        bit(sb, flags, TH_FL_NOTIFIED, "NOTIFIED");
        bit(sb, flags, TH_FL_STUCK, "STUCK");
        bit(sb, flags, TH_FL_STOPPING, "STOPPING");
        return sb.length() == 0 ? "0" : sb.toString();
    }

    private static void bit(StringBuilder sb, int word, int bit, String name) {
        if ((word & bit) != 0) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(name);
        }
    }
}
