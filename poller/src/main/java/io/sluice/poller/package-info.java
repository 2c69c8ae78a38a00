/**
 * One epoll loop per thread (HAProxy's {@code run_poll_loop} with the epoll poller), tasks,
 * tasklets, timers and cross-thread wake-ups.
 *
 * <h2>Shape</h2>
 * {@link io.sluice.poller.Pollers} owns the {@link io.sluice.fdtable.FdTable} and one
 * {@link io.sluice.poller.PollLoop} per thread; it is the table's
 * {@link io.sluice.fdtable.PollerHooks} (wake a thread, {@code _update_fd}, {@code clo}) and its
 * {@link io.sluice.fdtable.OsClose}. A loop owns an epoll instance with an event array of
 * {@code tune.maxpollevents} entries, an eventfd registered in it for wake-ups, a
 * {@link io.sluice.poller.Scheduler} (run queue, four tasklet classes, MPSC inbox), a
 * {@link io.sluice.poller.TimerHeap} and its {@link io.sluice.poller.Activity} counters. The
 * syscalls are in {@code io.sluice.poller.sys}.
 *
 * <h2>Loop (run_poll_loop)</h2>
 * <ol>
 *   <li>LOOP-1: publish progress (clears TH_FL_STUCK), refresh the tick, wake expired timers
 *       (TASK_WOKEN_TIMER).</li>
 *   <li>LOOP-2: run tasks and tasklets, at most {@code tune.runqueue-depth} handler calls, split
 *       over URGENT / NORMAL / BULK / HEAVY with weights 64 / 48 / 16 / 1 (one HEAVY per pass).</li>
 *   <li>LOOP-3: if nothing is runnable: WAKE-1 OR SLEEPING, WAKE-2 clear NOTIFIED, then re-check
 *       the inbox and lists; if something arrived, clear SLEEPING and poll with timeout 0.</li>
 *   <li>LOOP-4: timeout = 0 if woken, else from the earliest timer (ms left + 1, at most
 *       60 s); then {@code _do_poll}.</li>
 * </ol>
 * {@code _do_poll}: POLL-1 apply the local update list, POLL-2 walk the group's global list (both
 * in the fd table, which calls back {@code updateFd} under a tgid reference), POLL-3
 * {@code epoll_wait}, POLL-4 refresh the clock, publish progress, clear SLEEPING, POLL-5 for each
 * event: the eventfd is drained; any other fd goes to {@code fdTable.updateEvents} with
 * IN → READY_R, OUT → READY_W, RDHUP → SHUT_R, HUP → SHUT_RW, ERR → ERR_RW.
 *
 * <h2>_update_fd (PollLoop.updateFd)</h2>
 * UPFD-1 read state, polled_recv, polled_send. UPFD-2 FD_ET_POSSIBLE: if this thread already polls
 * both directions, nothing; else set both bits and ADD with IN|RDHUP|OUT|ET (never MOD/DEL by
 * updates). UPFD-3 anti-flap: without READY_R / SHUT_R / ERR_RW / POLL_ERR, and if ACTIVE_W is set
 * or this thread already polls the fd, treat ACTIVE_R as set. UPFD-4 already polled here: DEL if
 * this thread left thread_mask or no direction is active; else MOD if the polled directions
 * differ from the active ones. UPFD-5 not polled here: ADD if welcome and active. UPFD-6 events:
 * ACTIVE_R → IN|RDHUP, ACTIVE_W → OUT; data = fd. Polled bits are changed through
 * {@code FdTable.setPolled} before the epoll_ctl. Recovery (HAProxy HEAD): ADD + EEXIST → DEL, ADD;
 * MOD + ENOENT → ADD; DEL + ENOENT/EBADF ignored.
 *
 * <h2>Wake-up protocol (shared: {@link io.sluice.poller.LoopFlags}, the inbox)</h2>
 * <pre>
 *  flags:  bit 3 STOPPING | bit 2 STUCK | bit 1 NOTIFIED | bit 0 SLEEPING
 * </pre>
 * <ul>
 *   <li>WAKE-1 (loop) getAndOr SLEEPING; WAKE-2 (loop) getAndAnd ~NOTIFIED, then re-check the
 *       inbox (a volatile read of its producer index).</li>
 *   <li>WAKE-3 (waker, after publishing: inbox offer, or a global update) getAndOr NOTIFIED; if the
 *       old value had SLEEPING without NOTIFIED, write the eventfd.</li>
 *   <li>Why no wake-up is lost: all four accesses are volatile (sequentially consistent). If the
 *       waker's offer comes after the loop's re-check, its WAKE-3 comes after WAKE-1 and WAKE-2, so
 *       it sees SLEEPING and NOTIFIED clear and kicks. If NOTIFIED was found set, WAKE-3 preceded
 *       WAKE-2, hence the offer preceded the re-check, which sees the work.</li>
 *   <li>Benign: a kick may arrive after the loop already found the work; it then costs one empty
 *       pass (counted in {@code wakeups}).</li>
 *   <li>WAKE-4: the eventfd stays open until {@code Pollers.close()}, so a waker between WAKE-3 and
 *       its write never writes into a reused fd number while the process runs.</li>
 *   <li>Checked by {@code WakeProtocolModelTest} (every interleaving on the real LoopFlags, plus
 *       three broken orders that must be caught) and {@code WakeupStressTest}.</li>
 * </ul>
 *
 * <h2>Task and tasklet state (shared: the state word)</h2>
 * Bits are in {@link io.sluice.poller.TaskFlags}; every access is a volatile CAS or RMW.
 * <ul>
 *   <li>TL-1 any thread: CAS IN_LIST (return if already set). TL-2 the winner inserts it: owner
 *       thread → a class list (HEAVY flag → HEAVY; SELF_WAKING or waking itself → BULK; outside
 *       the scheduler → URGENT; else the class being run); other thread → the owner's inbox and
 *       WAKE-3. Inbox items go to URGENT.</li>
 *   <li>TL-3 owner: getAndAnd PERSISTENT (clears IN_LIST), then run. TL-4: if KILLED was set, the
 *       owner drops it instead.</li>
 *   <li>TASK-1 any thread: getAndOr the WOKEN reason. TASK-2: while neither RUNNING nor QUEUED,
 *       CAS QUEUED; the winner inserts it in the owner's run queue (directly, or via the inbox).
 *       TASK-3 owner: CAS to (state &amp; PERSISTENT) | RUNNING, the old bits go to the handler.
 *       TASK-4 owner, after the handler kept it: re-arm the timer, then CAS RUNNING away, adding
 *       QUEUED and re-inserting it if a WOKEN bit arrived meanwhile.</li>
 *   <li>TASK-5 kill, any thread: if RUNNING or QUEUED, CAS KILLED (the owner frees it at TASK-3 or
 *       TASK-4); else CAS QUEUED|KILLED and send it to the owner's inbox. Only the owner touches
 *       the timer heap, so a task killed from another thread leaves its timer on the owner.</li>
 *   <li>Why one insertion: IN_LIST (tasklet) / QUEUED (task) is won by exactly one CAS and only
 *       cleared by the owner when it takes the item out, so an item is never in two lists, and the
 *       intrusive {@code next} link is only written by the owner (or by the single winner before
 *       the inbox's release store publishes it).</li>
 * </ul>
 *
 * <h2>Progress</h2>
 * The loop never spins: it blocks only in epoll_wait, whose timeout is 0 whenever work is
 * pending. The scheduler's do-while ends when the budget is spent or no work is left; timer
 * wake-ups end because each step removes a task or raises the top key above now.
 */
package io.sluice.poller;
