package io.sluice.poller;

import static io.sluice.poller.TaskFlags.TASK_F_TASKLET;
import static io.sluice.poller.TaskFlags.TASK_F_USR1;
import static io.sluice.poller.TaskFlags.TASK_HEAVY;
import static io.sluice.poller.TaskFlags.TASK_IN_LIST;
import static io.sluice.poller.TaskFlags.TASK_KILLED;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A tasklet: a handler run by its owner loop thread when woken (HAProxy's {@code struct tasklet}),
 * also the common header of {@link Task}.
 *
 * <p>Shared mutable state (see the package documentation, steps TL-1..TL-4):
 * <ul>
 * <li>{@code state}: written by any thread with volatile-mode CAS/getAndBitwise, read volatile;
 *     bits in {@link TaskFlags}.</li>
 * <li>{@code next}, {@code listClass}, {@code calls}: owner thread only (plain), the intrusive
 *     link of the class lists and run queue. A tasklet is in at most one list at a time, because
 *     IN_LIST (QUEUED for a task) is won by a single CAS before any insertion.</li>
 * <li>{@code handler}, {@code context}: set before the first wake-up (published by the wake-up's
 *     volatile CAS and the inbox's release/acquire), then owner thread only.</li>
 * </ul>
 */
public class Tasklet {

    private static final VarHandle VH_STATE;

    static {
        try {
            VH_STATE = MethodHandles.lookup().findVarHandle(Tasklet.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Owner loop: the only thread that runs the handler. */
    final PollLoop owner;
    /** State word; volatile mode only, through {@link #VH_STATE}. */
    @SuppressWarnings("unused")
    private volatile int state;
    /** Handler; owner thread after the first wake-up. */
    TaskHandler handler;
    /** Handler's context; owner thread after the first wake-up. */
    Object context;
    /** Intrusive link (class list / run queue); owner thread only. */
    Tasklet next;
    /** Number of runs; owner thread writes (plain), diagnostics read racily. */
    long calls;

    /** Runs on any thread: a tasklet bound to {@code owner} (not woken yet). */
    public Tasklet(PollLoop owner, TaskHandler handler, Object context) {
        this(owner, handler, context, TASK_F_TASKLET);
    }

    Tasklet(PollLoop owner, TaskHandler handler, Object context, int initialState) {
        if (owner == null) {
            throw new IllegalArgumentException("a tasklet needs an owner loop");
        }
        this.owner = owner;
        this.handler = handler;
        this.context = context;
        VH_STATE.setVolatile(this, initialState);
    }

    /** Runs on any thread: the owner loop. */
    public final PollLoop owner() {
        return owner;
    }

    /** Runs on any thread: the state word (volatile read). */
    public final int state() {
        return (int) VH_STATE.getVolatile(this);
    }

    /** Runs on the owner thread: the handler's context. */
    public final Object context() {
        return context;
    }

    /** Runs on the owner thread: replaces the context (e.g. null to tell a taken-over tasklet). */
    public final void setContext(Object context) {
        this.context = context;
    }

    /** Runs on the owner thread: number of times the handler ran. */
    public final long calls() {
        return calls;
    }

    /**
     * Runs on any thread: wakes the tasklet on its owner (HAProxy's {@code tasklet_wakeup}); a
     * no-op if it is already in a list. TL-1: CAS IN_LIST; TL-2: the winner appends it to a local
     * class list (owner thread) or to the owner's inbox and wakes the owner.
     */
    public void wakeup() {
        int s = state();
        for (;;) {
            if ((s & TASK_IN_LIST) != 0) {
                return;
            }
            int w = casState(s, s | TASK_IN_LIST);
            if (w == s) {
                break;
            }
            s = w;
        }
        owner.enqueueTasklet(this);
    }

    /**
     * Runs on any thread: kills the tasklet so that its owner frees it (HAProxy's
     * {@code tasklet_kill}): if it is in a list, only KILLED is added and the scheduler drops it
     * when reached; otherwise IN_LIST|KILLED is added and it is sent to its owner, which drops it.
     */
    public void kill() {
        int s = state();
        for (;;) {
            if ((s & TASK_KILLED) != 0) {
                return;
            }
            if ((s & TASK_IN_LIST) != 0) {
                int w = casState(s, s | TASK_KILLED);
                if (w == s) {
                    return;
                }
                s = w;
            } else {
                int w = casState(s, s | TASK_IN_LIST | TASK_KILLED);
                if (w == s) {
                    owner.enqueueTasklet(this);
                    return;
                }
                s = w;
            }
        }
    }

    /** Runs on any thread: sets TASK_F_USR1 (idle connection marking). */
    public final void setUsr1() {
        VH_STATE.getAndBitwiseOr(this, TASK_F_USR1);
    }

    /** Runs on any thread: clears TASK_F_USR1. */
    public final void clearUsr1() {
        VH_STATE.getAndBitwiseAnd(this, ~TASK_F_USR1);
    }

    /** Runs on any thread: true if TASK_F_USR1 is set. */
    public final boolean isUsr1() {
        return (state() & TASK_F_USR1) != 0;
    }

    /** Runs on any thread before the first wake-up: puts the tasklet in the HEAVY class. */
    public final void setHeavy() {
        VH_STATE.getAndBitwiseOr(this, TASK_HEAVY);
    }

    /** Runs on any thread: true for a tasklet, false for a {@link Task}. */
    public final boolean isTasklet() {
        return (state() & TASK_F_TASKLET) != 0;
    }

    /** Volatile CAS returning the witness value. */
    final int casState(int expected, int update) {
        return (int) VH_STATE.compareAndExchange(this, expected, update);
    }

    /** Volatile fetch-and. */
    final int fetchAndState(int mask) {
        return (int) VH_STATE.getAndBitwiseAnd(this, mask);
    }

    /** Volatile fetch-or. */
    final int fetchOrState(int bits) {
        return (int) VH_STATE.getAndBitwiseOr(this, bits);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + TaskFlags.describe(state()) + " owner=" + owner.tid() + "]";
    }
}
