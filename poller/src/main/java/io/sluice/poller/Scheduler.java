package io.sluice.poller;

import static io.sluice.poller.TaskFlags.TASK_HEAVY;
import static io.sluice.poller.TaskFlags.TASK_KILLED;
import static io.sluice.poller.TaskFlags.TASK_PERSISTENT;
import static io.sluice.poller.TaskFlags.TASK_RUNNING;
import static io.sluice.poller.TaskFlags.TASK_SELF_WAKING;

import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * One loop thread's run queue, tasklet class lists and inbox (HAProxy's {@code task.c} per-thread
 * part); owner thread only, except {@link #offerRemote} which any thread may call.
 *
 * <p>Tasklet classes and budget (HAProxy 2.8's {@code process_runnable_tasks}): URGENT (woken
 * from outside the scheduler and everything received from other threads), NORMAL (tasklets woken
 * by a running handler, and tasks picked from the run queue), BULK (self-waking tasklets), HEAVY
 * (tasklets flagged HEAVY). Each pass splits {@code tune.runqueue-depth} over the non-empty
 * classes with weights 64 / 48 / 16 / 1, rounding up, and never runs more than one HEAVY item.
 * Passes repeat while budget is left and work remains.
 *
 * <p>The run queue is a FIFO (HAProxy orders it by wake-up tick plus {@code nice}; without nice
 * values the FIFO is the same order). The inbox is a jctools MPSC queue whose chunks are pooled,
 * so a steady flow of cross-thread wake-ups allocates nothing.
 */
final class Scheduler {

    /** Class index: woken from outside the scheduler or from another thread. */
    static final int TL_URGENT = 0;
    /** Class index: woken by a running handler; tasks picked from the run queue. */
    static final int TL_NORMAL = 1;
    /** Class index: self-waking tasklets. */
    static final int TL_BULK = 2;
    /** Class index: heavy tasklets. */
    static final int TL_HEAVY = 3;
    static final int TL_CLASSES = 4;
    /** HAProxy's default class weights. */
    static final int[] WEIGHTS = {64, 48, 16, 1};

    private final PollLoop loop;
    private final int runqueueDepth;
    private final MpscUnboundedXaddArrayQueue<Tasklet> inbox = new MpscUnboundedXaddArrayQueue<>(1024, 4);
    private final Tasklet[] heads = new Tasklet[TL_CLASSES];
    private final Tasklet[] tails = new Tasklet[TL_CLASSES];
    private final int[] counts = new int[TL_CLASSES];
    private final int[] budgets = new int[TL_CLASSES];
    private Tasklet rqHead;
    private Tasklet rqTail;
    private int rqCount;
    /** The tasklet or task being run, null between runs; owner only. */
    private Tasklet current;
    /** Class being run, -1 outside run_tasks_from_lists; owner only. */
    private int currentQueue = -1;
    /** Handler failures (exceptions) caught by the scheduler; owner writes, racy reads. */
    long handlerErrors;
    /** The last handler failure, for diagnostics; owner writes, racy reads. */
    volatile Throwable lastHandlerError;

    Scheduler(PollLoop loop, int runqueueDepth) {
        this.loop = loop;
        this.runqueueDepth = runqueueDepth;
    }

    /** Runs on any thread but the owner: hands a won tasklet/task to the owner (TL-2 / TASK-2). */
    void offerRemote(Tasklet t) {
        inbox.offer(t);
    }

    /** Runs on the owner thread, TL-2 local path: puts a tasklet in its class list. */
    void insertLocalTasklet(Tasklet tl) {
        int s = tl.state();
        int q;
        if ((s & TASK_HEAVY) != 0) {
            q = TL_HEAVY;
        } else if ((s & TASK_SELF_WAKING) != 0) {
            q = TL_BULK;
        } else if (tl == current) {
            tl.fetchOrState(TASK_SELF_WAKING);
            q = TL_BULK;
        } else if (currentQueue < 0) {
            q = TL_URGENT;
        } else {
            q = currentQueue;
        }
        append(q, tl);
    }

    /** Runs on the owner thread, TASK-2 local path: appends a won task to the run queue. */
    void insertLocalTask(Task t) {
        t.next = null;
        if (rqTail == null) {
            rqHead = t;
        } else {
            rqTail.next = t;
        }
        rqTail = t;
        rqCount++;
    }

    /** Runs on the owner thread: true if something is runnable or in flight to the inbox. */
    boolean hasTasks() {
        return rqCount > 0 || counts[TL_URGENT] + counts[TL_NORMAL] + counts[TL_BULK] + counts[TL_HEAVY] > 0
                || !inbox.isEmpty();
    }

    /** Runs on the owner thread: queued items (run queue + lists), for diagnostics. */
    int queued() {
        return rqCount + counts[TL_URGENT] + counts[TL_NORMAL] + counts[TL_BULK] + counts[TL_HEAVY];
    }

    /**
     * Runs on the owner thread: HAProxy's {@code process_runnable_tasks}, at most
     * {@code tune.runqueue-depth} handler calls; returns how many ran.
     */
    int processRunnable() {
        int budget = runqueueDepth;
        int ran = 0;
        Activity act = loop.activity();
        do {
            drainInbox();
            int total = 0;
            for (int q = 0; q < TL_CLASSES; q++) {
                boolean has = counts[q] > 0 || (q == TL_NORMAL && rqCount > 0);
                budgets[q] = has ? WEIGHTS[q] : 0;
                total += budgets[q];
            }
            if (total == 0) {
                break;
            }
            for (int q = 0; q < TL_CLASSES; q++) {
                budgets[q] = (budget * budgets[q] + total - 1) / total;
            }
            if (budgets[TL_HEAVY] > 1) {
                budgets[TL_HEAVY] = 1;
            }
            for (int picked = 0; picked < budgets[TL_NORMAL] && rqHead != null; picked++) {
                Tasklet t = rqHead;
                rqHead = t.next;
                if (rqHead == null) {
                    rqTail = null;
                }
                rqCount--;
                append(TL_NORMAL, t);
                act.inc(Activity.TASKSW);
            }
            int done = runFromLists();
            ran += done;
            budget -= done;
        } while (budget > 0 && hasTasks());
        if (ran == 0) {
            act.inc(Activity.EMPTY_RQ);
        } else if (budget <= 0 && hasTasks()) {
            act.inc(Activity.LONG_RQ);
        }
        return ran;
    }

    /** Runs on the owner thread: moves what other threads sent into the URGENT list or run queue. */
    private void drainInbox() {
        Tasklet t;
        while ((t = inbox.relaxedPoll()) != null) {
            if (t.isTasklet() || (t.state() & TASK_KILLED) != 0) {
                append(TL_URGENT, t);
            } else {
                insertLocalTask((Task) t);
            }
        }
    }

    /** Runs on the owner thread: HAProxy's {@code run_tasks_from_lists}; returns items run. */
    private int runFromLists() {
        int done = 0;
        Activity act = loop.activity();
        for (int q = 0; q < TL_CLASSES;) {
            if (counts[q] == 0 || budgets[q] == 0) {
                q++;
                continue;
            }
            currentQueue = q;
            budgets[q]--;
            Tasklet t = pop(q);
            loop.madeProgress();
            act.inc(Activity.CTXSW);
            done++;
            if (t.isTasklet()) {
                runTasklet(t);
            } else {
                runTask((Task) t);
            }
        }
        currentQueue = -1;
        return done;
    }

    /** TL-3: clear the non-persistent bits (IN_LIST included) and run, unless KILLED (TL-4: free). */
    private void runTasklet(Tasklet tl) {
        int s = tl.fetchAndState(TASK_PERSISTENT);
        if ((s & TASK_KILLED) != 0) {
            free(tl);
            return;
        }
        current = tl;
        tl.calls++;
        try {
            tl.handler.process(tl, tl.context, s);
        } catch (Throwable e) {
            handlerFailed(e);
        } finally {
            current = null;
        }
    }

    /**
     * TASK-3: install PERSISTENT|RUNNING (clears QUEUED and the WOKEN reasons, which go to the
     * handler); a KILLED task is freed here (TASK-5). After the handler: free if killed meanwhile,
     * else re-arm the timer and drop RUNNING (TASK-4).
     */
    private void runTask(Task t) {
        int s = t.state();
        for (;;) {
            int w = t.casState(s, (s & TASK_PERSISTENT) | TASK_RUNNING);
            if (w == s) {
                break;
            }
            s = w;
        }
        if ((s & TASK_KILLED) != 0) {
            loop.timers().remove(t);
            free(t);
            return;
        }
        current = t;
        t.calls++;
        Tasklet keep;
        try {
            keep = t.handler.process(t, t.context, s);
        } catch (Throwable e) {
            handlerFailed(e);
            keep = t;
        } finally {
            current = null;
        }
        if (keep == null) {
            return;
        }
        if ((t.state() & TASK_KILLED) != 0) {
            loop.timers().remove(t);
            free(t);
            return;
        }
        loop.timers().queue(t);
        t.dropRunning();
    }

    private void free(Tasklet t) {
        t.context = null;
        t.next = null;
    }

    private void handlerFailed(Throwable e) {
        handlerErrors++;
        lastHandlerError = e;
        loop.onHandlerError(e);
    }

    private void append(int q, Tasklet t) {
        t.next = null;
        if (tails[q] == null) {
            heads[q] = t;
        } else {
            tails[q].next = t;
        }
        tails[q] = t;
        counts[q]++;
    }

    private Tasklet pop(int q) {
        Tasklet t = heads[q];
        heads[q] = t.next;
        if (heads[q] == null) {
            tails[q] = null;
        }
        t.next = null;
        counts[q]--;
        return t;
    }
}
