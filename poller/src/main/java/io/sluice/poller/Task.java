package io.sluice.poller;

import static io.sluice.poller.TaskFlags.TASK_KILLED;
import static io.sluice.poller.TaskFlags.TASK_QUEUED;
import static io.sluice.poller.TaskFlags.TASK_RUNNING;
import static io.sluice.poller.TaskFlags.TASK_WOKEN_ANY;

/**
 * A task: a tasklet with a timer (HAProxy's {@code struct task}), bound to its owner loop thread.
 *
 * <p>Timer fields ({@code expire}, {@code wqKey}, {@code heapIndex}) are owner-thread only
 * (plain): only the owner arms, moves or removes the timer, and it is the owner that frees a
 * killed task (TASK-5), so no other thread ever touches the timer structure. Unbound tasks
 * (HAProxy's tid -1, shared wait queue) are not supported yet.
 */
public final class Task extends Tasklet {

    /** Expiry date in ticks, {@link Ticks#ETERNITY} for none; owner thread only. */
    public long expire;
    /** Key under which the task sits in the timer heap (may be earlier than expire: lazy). */
    long wqKey;
    /** Position in the owner's timer heap, -1 when not queued; owner thread only. */
    int heapIndex = -1;

    /** Runs on any thread: a task bound to {@code owner}, not woken, no timer. */
    public Task(PollLoop owner, TaskHandler handler, Object context) {
        super(owner, handler, context, 0);
    }

    /**
     * Runs on any thread: wakes the task with reason {@code f} (HAProxy's {@code task_wakeup}).
     * TASK-1: OR the reason; TASK-2: if neither RUNNING nor QUEUED, CAS QUEUED and the winner puts
     * it in the owner's run queue (directly on the owner thread, through the inbox otherwise). A
     * task woken while RUNNING is re-queued by the owner when its handler returns (TASK-4).
     */
    public void wakeup(int f) {
        int s = fetchOrState(f) | f;
        while ((s & (TASK_RUNNING | TASK_QUEUED)) == 0) {
            int w = casState(s, s | TASK_QUEUED);
            if (w == s) {
                owner.enqueueTask(this);
                return;
            }
            s = w;
        }
    }

    /** Runs on any thread: {@code wakeup(TASK_WOKEN_OTHER)}. */
    @Override
    public void wakeup() {
        wakeup(TaskFlags.TASK_WOKEN_OTHER);
    }

    /**
     * Runs on any thread: kills the task so that its owner frees it (HAProxy's {@code task_kill},
     * TASK-5). If RUNNING or QUEUED, only KILLED is added and the scheduler frees it when it gets
     * there; otherwise QUEUED|KILLED is added and the task is sent to its owner, which unlinks its
     * timer and drops it. Killing twice is a no-op.
     */
    @Override
    public void kill() {
        int s = state();
        for (;;) {
            if ((s & TASK_KILLED) != 0) {
                return;
            }
            if ((s & (TASK_RUNNING | TASK_QUEUED)) != 0) {
                int w = casState(s, s | TASK_KILLED);
                if (w == s) {
                    return;
                }
                s = w;
            } else {
                int w = casState(s, s | TASK_QUEUED | TASK_KILLED);
                if (w == s) {
                    owner.enqueueTask(this);
                    return;
                }
                s = w;
            }
        }
    }

    /**
     * Runs on the owner thread: arms the timer at {@link #expire} (HAProxy's {@code task_queue}):
     * only moves the timer if the new date is earlier; a later date is handled lazily when the old
     * key expires.
     */
    public void queue() {
        owner.assertInLoop();
        owner.timers().queue(this);
    }

    /** Runs on the owner thread: {@code expire = first(expire, when)} then {@link #queue()}. */
    public void schedule(long when) {
        expire = Ticks.first(expire, when);
        queue();
    }

    /** Runs on the owner thread: removes the timer (the expiry date is left as is). */
    public void unlinkTimer() {
        owner.assertInLoop();
        owner.timers().remove(this);
    }

    /** Runs on the owner thread: true if the timer is armed. */
    public boolean inTimerQueue() {
        return heapIndex >= 0;
    }

    /** Runs on the owner thread, TASK-4: clear RUNNING, re-queue if woken meanwhile. */
    void dropRunning() {
        int s = state();
        for (;;) {
            int n = s;
            if ((n & TASK_WOKEN_ANY) != 0) {
                n |= TASK_QUEUED;
            }
            n &= ~TASK_RUNNING;
            int w = casState(s, n);
            if (w == s) {
                if (((n & ~s) & TASK_QUEUED) != 0) {
                    owner.enqueueTask(this);
                }
                return;
            }
            s = w;
        }
    }
}
