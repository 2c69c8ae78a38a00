/**
 * The per-fd atomic table and its protocols (HAProxy 2.8-dev8: cd8914bc5, 237e6a0d6, f98a8c317).
 *
 * <h2>API for the poller (stable)</h2>
 * <ul>
 *   <li>Construction: {@code new FdTable(FdLimit.current(), ThreadSet.of(nbthread, nbgroups), hooks, osClose)}
 *       ({@link io.sluice.fdtable.PollerHooks}: {@code wakeThread(tid)}, {@code updateFd(ctx, fd)} = HAProxy's
 *       {@code _update_fd}, optional {@code clo}; {@link io.sluice.fdtable.OsClose}: {@code close(fd, lingerRst)}).
 *       The 6-argument constructor adds {@link io.sluice.fdtable.RaceWindows} ({@code tune.debug.race-widen})
 *       and a spin limit (tests only).</li>
 *   <li>Per loop thread: {@code new ThreadContext(threads, tid)} — {@code tid tgid ltid ltidBit}, the local update
 *       list ({@code localUpdateCount / localUpdateAt / clearLocalUpdates}), counters poll_drop_fd / poll_skip_fd.
 *       </li>
 *   <li>Before each {@code epoll_wait} ({@code _do_poll} steps 1-2): {@code table.drainLocalUpdates(ctx)} then
 *       {@code table.applyGlobalUpdates(ctx)}; both call {@code hooks.updateFd(ctx, fd)} under a tgid reference,
 *       only for fds with an owner, after clearing this thread's update_mask bit ({@code doneUpdatePolling} for
 *       the group list). Custom walkers: {@code table.updateList(tgid).next(from)} + {@code grabTgid} +
 *       {@code doneUpdatePolling} + {@code dropTgid}.</li>
 *   <li>Inside {@code updateFd}: read {@code state(fd)}, {@code threadMask(fd)}, {@code polledRecv(fd)},
 *       {@code polledSend(fd)} (and {@code runningMask}, {@code generation}) to choose ADD / MOD / DEL, then
 *       {@code setPolled(fd, ctx, recv, send)} for this thread's bits.</li>
 *   <li>After {@code epoll_wait}: per event, {@code table.updateEvents(fd, evts, ctx)} with
 *       {@code FD_EV_READY_R} (EPOLLIN), {@code FD_EV_READY_W} (EPOLLOUT), {@code FD_EV_SHUT_R} (EPOLLRDHUP),
 *       {@code FD_EV_SHUT_RW} (EPOLLHUP), {@code FD_EV_ERR_RW} (EPOLLERR); returns DONE / CLOSED / MIGRATED.
 *       It calls the fd's {@link io.sluice.fdtable.IoCallback#onIo(int, io.sluice.fdtable.ThreadContext)} on
 *       the same loop thread.</li>
 *   <li>Owners: {@code insert(fd, owner, iocb, tgid, threadMask, flags)}, {@code delete(fd, ctx)},
 *       {@code takeover(fd, expectedOwner, ctx)}, {@code wantRecv/wantSend(fd, ctx)},
 *       {@code stopRecv/stopSend/stopBoth/mayRecv/maySend/cantRecv/cantSend/condRecv/condSend(fd)}.</li>
 * </ul>
 *
 * <h2>State layout</h2>
 * One 64-byte line per fd on a {@code long[]} (see {@link io.sluice.fdtable.FdTable}):
 * <pre>
 *  +0 thread_mask  +1 running_mask  +2 update_mask  +3 polled_recv  +4 polled_send
 *  +5 state        +6 refc_tgid     +7 generation       + owner[fd], iocb[fd]
 * </pre>
 * Masks hold one bit per <em>local</em> thread (ltid) of the fd's group. The state word and the refc_tgid word
 * are drawn in {@link io.sluice.fdtable.FdState}. Every protocol access is volatile mode; every mask RMW goes
 * through the CAS loop of {@code Masks.getAndModify} (Lincheck cannot see {@code getAndBitwiseOr/And}). The only
 * weaker accesses are release-mode stores that publish without taking part in a Dekker pair (INS-4, UPD-9 on a
 * single-owner fd, ORPH-6..8), each with a NOTE proving it in the code.
 *
 * <p>Who writes what:
 * <ul>
 *   <li>thread_mask: INS-4 (store), TAKE-4 (store: the taker's bit), DEL-3 (store 0).</li>
 *   <li>running_mask: each thread ORs / clears only its own bit (UPD-3, UPD-5, UPD-12, DEL-1, DEL-4, TAKE-6),
 *       except TAKE-3 and UPD-12a which CAS 0 → own bit.</li>
 *   <li>update_mask: a thread BTSes its own bit (local update, do_update, UPD-13), any thread CASes the whole
 *       mask to thread_mask (global update) or to the group's enabled mask (foreign group), each poller clears
 *       its own bit (drain / doneUpdatePolling), ORPH-6 stores 0 after the drain.</li>
 *   <li>polled_recv / polled_send: each poller sets / clears only its own bit ({@code setPolled}, under a tgid
 *       reference); ORPH-7 stores 0. INS never resets them.</li>
 *   <li>state: atomic RMWs (helpers, DEL-2, the BTR of DEL-5 and of closedOrMigrated), UPD-9 (store or CAS),
 *       INS-4 and ORPH-7 (store).</li>
 *   <li>refc_tgid: getAndAdd ±REFC_ONE (grab / take / drop), CAS (claim), AND (reset).</li>
 *   <li>owner: INS-4, ORPH-7 (null). iocb: INS-4. generation: ORPH-8 (+1 before the OS close).</li>
 * </ul>
 *
 * <h2>States of an fd number</h2>
 * <pre>
 *  CLOSED (refc_tgid == 0, owner null, state 0)
 *    --INS--> OPEN (tgid = g, thread_mask != 0)
 *    --TAKE--> OPEN (thread_mask = taker)           [any number of times]
 *    --DEL-1..3--> CLOSING (MUST_CLOSE set, thread_mask 0; runners still inside)
 *    --last runner wins MUST_CLOSE--> ORPHAN (tgid 0, draining readers)
 *    --ORPH-4..8--> CLOSED (the kernel may reuse the number)
 * </pre>
 *
 * <h2>Roles</h2>
 * Owner thread(s) (bits of thread_mask): run the iocb, delete, want/stop. Pollers: drain updates and report
 * events for the fds in their epoll, including fds they no longer own ("late" events). Taker: a thread of the
 * group stealing an idle connection under the victim's idle lock. Closer: the single winner of FD_MUST_CLOSE.
 * Watchers: anything holding a tgid reference (updateEvents before UPD-6 and on do_update, updtFdPolling,
 * takeover, the update walks).
 *
 * <h2>Steps</h2>
 * refc_tgid: grab = getAndAdd(+REFC_ONE), keep it if the old tgid is the wanted one, else getAndAdd(-REFC_ONE);
 * take = same for any non-zero tgid; drop = getAndAdd(-REFC_ONE); reset = AND REFC_MASK; claim = CAS from
 * "tgid t, refcount 0" (starting with t = 0) to "tgid g, refcount 1", retrying while readers are present.
 *
 * <p>Insert ({@code fd_insert}):
 * <ol>
 *   <li>INS-1 new state = caller's flags (FD_ET_POSSIBLE etc.); range check.</li>
 *   <li>INS-2 owner == null and state == 0 (previous life over); thread_mask &amp;= enabled, non-zero.</li>
 *   <li>INS-3 claimTgid: waits until no transient reader is left, then tgid = g with one reference.
 *       running_mask must be 0.</li>
 *   <li>INS-4 stores owner, iocb, state (flags | READY_R | READY_W), then thread_mask (admits pollers at
 *       UPD-2); release-mode stores, see the NOTE in the code.</li>
 *   <li>INS-5 drop the reference.</li>
 *   <li>INS-6 polled_* and update_mask untouched (pollers still know the number from a previous life).</li>
 *   <li>INS-7 may_both (READY_R|READY_W: already set by INS-4, so only a read). No used_fds counter: Sluice
 *       counts owners on demand ({@code usedFds()}), sparing two shared atomic adds per connection.</li>
 * </ol>
 *
 * <p>Delete ({@code fd_delete}; the caller is in thread_mask and holds no reference):
 * <ol>
 *   <li>DEL-1 OR running_mask |= me (no takeover can start).</li>
 *   <li>DEL-2 OR state |= FD_MUST_CLOSE.</li>
 *   <li>DEL-3 store thread_mask = 0 (no poller accepts the fd any more).</li>
 *   <li>DEL-4 prev = fetch-and running_mask &amp;= ~me.</li>
 *   <li>DEL-5 if prev == me and BTR(FD_MUST_CLOSE) succeeds: orphan close here. Otherwise a runner does it.</li>
 * </ol>
 *
 * <p>Orphan close ({@code _fd_delete_orphan}; the caller won the close and holds no reference):
 * <ol>
 *   <li>ORPH-1 read tgid, DISOWN and LINGER_RISK.</li>
 *   <li>ORPH-2 FD_CLONED: {@code hooks.clo} removes it from every epoll in polled_recv | polled_send.</li>
 *   <li>ORPH-3 reset tgid (every new grab / take fails).</li>
 *   <li>ORPH-4 spin until refc_tgid == 0 (the watchers that grabbed before ORPH-3 leave).</li>
 *   <li>ORPH-5 remove the fd from its group's update list.</li>
 *   <li>ORPH-6 update_mask = 0; trim the closer's own local list if its last entry is this fd.</li>
 *   <li>ORPH-7 polled_recv = polled_send = 0, state = 0, owner = null.</li>
 *   <li>ORPH-8 unless DISOWN: generation + 1, OS close (last: the number may be reused at once).</li>
 * </ol>
 *
 * <p>Takeover ({@code fd_takeover}; under the victim thread's idle lock):
 * <ol>
 *   <li>TAKE-1 owner must be the expected connection (else the number was reused: fail).</li>
 *   <li>TAKE-2 grab the tgid (fail if closed or another group).</li>
 *   <li>TAKE-3 CAS running_mask 0 → me (fail and drop if anyone runs it).</li>
 *   <li>TAKE-4 store thread_mask = me.</li>
 *   <li>TAKE-5 stop_recv (the new owner re-subscribes, producing its own local update).</li>
 *   <li>TAKE-6 clear my running bit (no close check: a connection is removed from the idle tree under the same
 *       lock before anyone deletes it, so delete cannot race takeover).</li>
 *   <li>TAKE-7 drop the reference.</li>
 * </ol>
 *
 * <p>Event ({@code fd_update_events}, on the poller's thread):
 * <ol>
 *   <li>UPD-1 grab the tgid, else count poll_drop_fd and return CLOSED. (HAProxy first clears TH_FL_STUCK;
 *       in Sluice the poller's loop publishes progress to the watchdog itself.)</li>
 *   <li>UPD-2 t = thread_mask; my bit absent → do_update (without touching running).</li>
 *   <li>UPD-3 OR running_mask |= me.</li>
 *   <li>UPD-4 sync loop: r = running &amp; ~me, t = thread_mask, until (r &amp; ~t) == 0 or my bit ∉ t
 *       (f98a8c317 exit).</li>
 *   <li>UPD-5 my bit ∉ t: count poll_skip_fd; prev = clear my running bit; prev == me → closed_or_migrated,
 *       else do_update.</li>
 *   <li>UPD-6 drop the reference (holding running protects us); locked = (t != me).</li>
 *   <li>UPD-7 FD_POLL_* from the report (SHUT_W while ACTIVE_W is an error).</li>
 *   <li>UPD-8 must_stop: directions reported while inactive.</li>
 *   <li>UPD-9 READY bits; install the new state (CAS loop if locked, store otherwise).</li>
 *   <li>UPD-10 iocb if present and the fd is active in some direction. An exception it throws is held: UPD-11..13
 *       run first (so the running bit is cleared and a close left to us happens), then it is rethrown to the
 *       poller, which reports it and goes on with its next event.</li>
 *   <li>UPD-11 grab the tgid again, else return CLOSED (the iocb closed it).</li>
 *   <li>UPD-12 t = thread_mask; prev = clear my running bit; prev == me and my bit ∉ t → closed_or_migrated.</li>
 *   <li>UPD-12a (Sluice addition) prev == me but my bit ∈ t: re-load thread_mask; if my bit is gone now, CAS
 *       running 0 → me (else do_update: whoever runs decides), then prev = clear my bit; prev == me →
 *       closed_or_migrated, else do_update.</li>
 *   <li>UPD-13 must_stop still inactive and my update bit clear → BTS it and append to the local list; drop;
 *       DONE.</li>
 * </ol>
 * closed_or_migrated: if BTR(FD_MUST_CLOSE) succeeds → drop, orphan close, CLOSED; else do_update.
 * do_update: BTS my update_mask bit, append to the local list if it was clear; drop; MIGRATED.
 *
 * <p>Updates: {@code updtFdPolling} takes the tgid (closed → return); foreign group → update_mask = that
 * group's enabled threads, list it there, wake one of its threads; otherwise drop, then local update (BTS own
 * bit + local list) when the group has one thread or thread_mask ∩ enabled == me, else global update
 * (update_mask CAS'd to thread_mask unless equal, list it, wake a thread of thread_mask if active and we are not
 * in it). {@code doneUpdatePolling}: clear own bit; while no enabled bit remains: unlist, re-read, re-list if
 * bits came back. The group list is a lock-free bitmap of fd numbers with HAProxy's list semantics
 * ({@link io.sluice.fdtable.GroupUpdateList}).
 *
 * <h2>Happens-before pairs</h2>
 * <ul>
 *   <li>INS-4 thread_mask store → UPD-2 / UPD-4 load: a poller that sees its bit sees owner, iocb and state.</li>
 *   <li>TAKE-3 running CAS → UPD-4 load of running; TAKE-4 thread_mask store → UPD-4 load of thread_mask.</li>
 *   <li>UPD-3 running OR → TAKE-3 CAS (fails) and DEL-4 fetch-and (prev ≠ me).</li>
 *   <li>DEL-2 MUST_CLOSE OR → DEL-3 store → UPD-4 / UPD-12 load of thread_mask → BTR in closed_or_migrated.</li>
 *   <li>Watcher's update_mask BTS (do_update) → its drop → ORPH-4 sees refcount 0 → ORPH-6 store 0.</li>
 *   <li>ORPH-3 reset → every later grab fails, so no update_mask write of the old life can follow ORPH-6.</li>
 *   <li>ORPH-8 OS close → the kernel's reuse → INS-3 claim of the new life.</li>
 * </ul>
 *
 * <h2>Why each pair of competing operations is safe</h2>
 * <ul>
 *   <li>updateEvents vs takeover (seed 000, ABA): the poller ORs its running bit before deciding, then waits
 *       in the sync loop; a taker needs running == 0 (TAKE-3). Either the taker's CAS came first, and the poller
 *       sees running ∌ taker's bit only after thread_mask = taker (TAKE-3 sets running before TAKE-4 replaces
 *       thread_mask, so the loop waits for the transition and then sees its bit gone: UPD-5), or the poller's
 *       OR came first and the CAS fails. No iocb ever runs on a thread after another took the fd over.</li>
 *   <li>updateEvents vs delete (seed 000, double close): "I was the last runner" is not unique — two threads
 *       can each be last in turn — so the close also needs the one-shot FD_MUST_CLOSE token, set (DEL-2)
 *       before thread_mask is cleared (DEL-3): whoever ends last without a thread bit must win the BTR. Exactly
 *       one close.</li>
 *   <li>delete vs a late poller that validated thread_mask before DEL-3: it ORs running after the deleter
 *       cleared its own, sees its bit gone in the sync loop, is last, and wins the token if the deleter did not
 *       (the deleter saw prev ≠ me, or lost the BTR).</li>
 *   <li>runner after its iocb vs a delete of the shared fd by another thread (found by Lincheck; HAProxy
 *       2.8 loses this close): the runner loads thread_mask (still with its bit), the deleter runs DEL-1..4 and
 *       sees the runner in running_mask, so it leaves the close; the runner then clears its bit, is last, but
 *       decides on the stale mask. UPD-12a re-checks thread_mask after the clear. Closing is safe only when
 *       "my bit is gone" was seen before the clear that made me last, so UPD-12a first makes itself the only
 *       runner again (CAS 0 → me) and then decides as UPD-5. Simply loading after the clear is wrong: a
 *       runner that joined in between would still be in its iocb when the close runs.</li>
 *   <li>two runners vs delete (f98a8c317): each leaves the sync loop as soon as its own bit left thread_mask,
 *       instead of waiting for the other's bit to appear in it; the last of them to clear running closes.</li>
 *   <li>orphan close vs a late do_update (seed 001): ORPH-3 then ORPH-4 mean every watcher that could still
 *       set an update_mask bit has finished before ORPH-6 wipes update_mask; later watchers fail to grab. No
 *       stale bit survives into the next life, so its first update reaches the poller.</li>
 *   <li>insert vs transient readers: a failed grab leaves +REFC_ONE for a moment; claim CASes only from
 *       refcount 0, so the count is never overwritten and later drains stay exact.</li>
 *   <li>takeover vs delete: cannot happen (idle-tree lock, see TAKE-6); takeover vs orphan close: TAKE-1 /
 *       TAKE-2 fail once ORPH-3 ran, and ORPH-4 waits for a taker that grabbed before.</li>
 *   <li>poller's updateFd vs orphan close / insert: always under a tgid reference, so polled_* bits are never
 *       set after ORPH-7 of the old life nor before INS-3 of the new one.</li>
 * </ul>
 *
 * <h2>Benign races</h2>
 * <ul>
 *   <li>NOTE: the helpers read the state without an RMW first and skip the RMW when no change is needed; a
 *       concurrent change is equivalent to the helper running earlier.</li>
 *   <li>NOTE: UPD-9 uses a store when thread_mask is exactly our bit: nobody else writes the state then
 *       (see {@code FdEvents.installState}).</li>
 *   <li>NOTE: updtFdPolling drops its reference before the mask work: its caller owns the fd.</li>
 *   <li>NOTE: a walk of the group list may miss an fd listed during the walk; the lister wakes a thread and the
 *       next walk sees it. Stale local-list entries of another life are harmless: the drain re-grabs.</li>
 * </ul>
 *
 * <h2>Progress of every spin</h2>
 * <ul>
 *   <li>claimTgid (INS-3): readers hold references for a bounded number of steps; ends when the last leaves.
 *       </li>
 *   <li>ORPH-4 drain: same; no new reader can succeed after ORPH-3, and the closer holds none.</li>
 *   <li>UPD-12a: no loop (one CAS; on failure the current runner decides).</li>
 *   <li>UPD-4 sync loop: a foreign running bit outside thread_mask belongs to a taker between TAKE-3 and TAKE-4
 *       (bounded), or to a deleter / runner after DEL-3, in which case our own bit is gone too and we leave.</li>
 *   <li>CAS loops of Masks, installState, updtFdPolling: lock-free (retry only when another thread
 *       progressed).</li>
 *   <li>doneUpdatePolling: re-lists only when another thread set bits meanwhile; lock-free.</li>
 * </ul>
 * Race widening ({@link io.sluice.fdtable.RaceWindows}) sits after TAKE-3, TAKE-4, DEL-1, DEL-3, DEL-4, UPD-3,
 * UPD-4, UPD-5 / UPD-12 clears, before UPD-10 and between the ORPH steps.
 */
package io.sluice.fdtable;
