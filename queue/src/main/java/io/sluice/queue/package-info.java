/**
 * Pending-connection queues of servers and backends, with HAProxy 3.1-dev9's dequeue rules (5541d4995, b11495652,
 * 1385e33eb, 53f52e67a): a pure library, no sockets, no logging, testable without I/O. This is the protocol
 * document; {@code docs/internals/queues.md} tells the same story with the seed, and
 * {@code docs/internals/lock-order.md} the lock order.
 *
 * <h2>Cast</h2>
 * <ul>
 *   <li>{@link io.sluice.queue.Backend}: servers, the backend queue, {@code served}, {@code totpend},
 *       {@code beconn}, {@code fullconn}, options, the {@link io.sluice.queue.LoadBalancer}, the
 *       {@link io.sluice.queue.MsClock}.</li>
 *   <li>{@link io.sluice.queue.Server}: admin/operational state, weight, {@code maxconn/minconn/maxqueue},
 *       {@code served}, {@code curSess}, the {@code dequeuing} flag, its queue, its state lock.</li>
 *   <li>{@link io.sluice.queue.PendingQueue}: an ordered set of pendconns, its lock, {@code length},
 *       {@code idx}, {@code maxLength}.</li>
 *   <li>{@link io.sluice.queue.Pendconn}: one waiting stream's place; one per stream, reused.</li>
 *   <li>{@link io.sluice.queue.QueuedStream}: the stream as the library sees it; {@code wake(reason)} is the only
 *       call made into it from another thread.</li>
 *   <li>Operations: {@link io.sluice.queue.Queues} (queue.c), {@link io.sluice.queue.Assigner} (backend.c),
 *       {@link io.sluice.queue.ServerAdmin} (CLI and health-check state changes).</li>
 * </ul>
 *
 * <h2>Ordering key (KEY-1..KEY-4)</h2>
 * <pre>
 *   31            20 19                      0
 *  +----------------+-------------------------+
 *  | class + 0x7ff  | (now_ms + offset) & MASK|      MASK = 2^20 - 1 (wraps every ~17.5 min)
 *  +----------------+-------------------------+
 * </pre>
 * KEY-1 builds it (class clamped to ±0x7ff, offset to ±0x7ffff ms). KEY-2: the boundary is
 * {@code (now − 2^19) & MASK}. KEY-3 ({@code pendconn_first}): within the lowest class, the first key at or above
 * the boundary goes first; keys below it are taken as wrapped ("in the future") and come after. KEY-4: between the
 * server queue's head and the backend queue's head, the lower class wins; in the same class, time fields below the
 * boundary get +2^20 and the smaller wins; <b>a tie goes to the server queue</b>. Equal keys keep arrival order.
 *
 * <h2>States of a pendconn</h2>
 * <pre>
 *            pendconnAdd (ADD-1..4)                 dequeuer: PNS-4/5, GRB-2, RED-2, RED-4
 *  FREE ───────────────────────────────▶ LINKED ─────────────────────────────────────▶ UNLINKED-WOKEN
 *   ▲  active=false                       active, linked          (target/flags edited, stream woken)
 *   │                                        │                                              │
 *   │     pendconnUnlink (UNL) / MTA-2       │                                              │
 *   ├────────────────────────────────────────┘ (by the stream itself: no wake)              │
 *   └──────────────────────────────────────── pendconnDequeue (DEQ-1..3) ───────────────────┘
 * </pre>
 * Only the stream moves its pendconn to FREE (HAProxy: only the stream frees its pendconn), so reuse needs no
 * reclamation: every other thread touches a pendconn only while it is LINKED, under its queue lock, and the last
 * of them to let go is serialised with DEQ-1/DEQ-2.
 *
 * <h2>Who may dequeue</h2>
 * <ul>
 *   <li>The elected dequeuer of a server ({@code process_srv_queue}, PSQ-1..PSQ-6): any thread that released a slot
 *       on it (SLOT-3), queued on it (ASQ-5), or changed its maxconn (ADM-5); it grants slots on that server.</li>
 *   <li>A server coming up ({@code pendconn_grab_from_px}, GRB-1..2) from the backend queue.</li>
 *   <li>Redistribute (RED-1..RED-4), under the server's state lock: wakes entries so they load-balance again.</li>
 *   <li>The stream itself, to leave: {@code pendconnUnlink} (timeout, abort) and {@code pendconnMustTryAgain}.</li>
 * </ul>
 *
 * <h2>Lock order (LOCK-1)</h2>
 * server state lock → server queue lock → backend queue lock → pendconn delete lock. Ranks are in
 * {@link io.sluice.queue.LockRank}; with a {@link io.sluice.queue.LockOrderChecker} attached (tests), a
 * {@link io.sluice.queue.RankedLock} throws before taking a lock whose rank is not above every rank held. No lock is
 * held while calling the load balancer's {@code pick}; {@code wake} is called with queue and/or delete locks held and
 * must not block, lock, log or allocate (STRM-2). Nothing in this package logs (seed 004).
 *
 * <h2>Steps</h2>
 * <ul>
 *   <li>ADD-1 fill the entry (key, flags, queue, idx−1); ADD-2 {@code length++} and the CAS-max of
 *       {@code maxLength}, before the insertion; ADD-3 insert under the queue lock; ADD-4 {@code totpend++}.</li>
 *   <li>PNS-1 server head (server queue lock held by the caller); PNS-2 lock the backend queue, keep it only if it
 *       has a head; PNS-3 choose by KEY-4; PNS-4 backend entry: delete lock, unlink, release the backend lock;
 *       PNS-5 server entry: delete lock, unlink; PNS-6 mark SF_ASSIGNED, target, give the slot
 *       ({@code setSrvConn}), wake, then release the delete lock.</li>
 *   <li>PSQ-1 {@code getAndSet(dequeuing, 1)}; if it was 1, leave: the holder re-checks. PSQ-2 server queue lock.
 *       PSQ-3 while {@code served < dyn_maxconn}: count the slot (server and backend), PNS, give it back if nobody.
 *       PSQ-4 {@code dequeuing = 0} (volatile) before unlocking. PSQ-5 {@code totpend -= done}, LB take hook.
 *       PSQ-6 if the loop stopped on empty queues, look at the backend tree once more under its lock.</li>
 *   <li>UNL-1 queue lock, delete lock, unlink if linked; UNL-2 counters, entry back to the stream.</li>
 *   <li>DEQ-1 read "linked" under the queue lock; DEQ-2 lock/unlock the delete lock; DEQ-3 if unlinked, copy
 *       SF_DIRECT|SF_ASSIGNED and the target back, free the entry.</li>
 *   <li>GRB-1 only a server allowed to serve the backend queue; GRB-2 under the backend lock, unlink, target,
 *       slot, wake while it has room.</li>
 *   <li>MTA-1 lock-free exits: unlinked, or someone served (server's {@code served} for a server entry, backend's for
 *       a backend entry); MTA-2 otherwise unlink under both locks and tell the caller to balance again.</li>
 *   <li>RED-1 skip the server queue unless in maintenance or (redispatch and not persist); RED-2 unlink and wake all
 *       but SF_FORCE_PRST, dropping SF_DIRECT|SF_ASSIGNED without redispatch; RED-3 counters; RED-4 (53f52e67a) when
 *       no active or backup weight is left, flush the backend queue too.</li>
 *   <li>ASN-1 no weight → NOSRV; ASN-2 non-empty backend queue and an algorithm that queues only when full → FULL;
 *       ASN-3 the algorithm's pick, or FULL; ASN-4 retake or offer a slot held before.</li>
 *   <li>ASQ-1 already queued → INTERNAL; ASQ-2 a server with a queue or no room → server queue (FULL at maxqueue);
 *       ASQ-3 take the slot; ASQ-4 FULL → backend queue, then must-try-again → balance again; ASQ-5 (5541d4995)
 *       after queueing on a server, re-check {@code may_dequeue_tasks} and dequeue; ASQ-6 the round bound.</li>
 *   <li>SLOT-1 dynamic maxconn; SLOT-2 {@code sess_change_server}; SLOT-3 release: {@code curSess--},
 *       {@code served--}, then {@code may_dequeue_tasks} → {@code process_srv_queue}; SLOT-4 the backend kick.</li>
 *   <li>ADM-1..ADM-6: disable/drain, enable, operational state, weight, maxconn, after shutdown sessions.</li>
 * </ul>
 *
 * <h2>Field modes</h2>
 * PC-1 (entry set-up, stream thread, published by the queue lock), PC-2 ({@code linked}: written under the queue
 * lock, read racily only by MTA-1), PC-3 ({@code strmFlags}, {@code target}: written by the unlinker under the
 * locks, read by the stream after DEQ-1/DEQ-2). SRV-1 state (written under the state lock, read volatile),
 * SRV-2 {@code served}, SRV-3 {@code curSess}, SRV-4 {@code dequeuing}; PX-1 {@code served}, PX-2 {@code totpend},
 * PX-3 {@code beconn}: all atomic, volatile mode only (Lincheck sees every access). STRM-1: the dequeuer sets the
 * stream's {@code srvConn} before waking it; STRM-2: {@code wake} runs under locks.
 *
 * <h2>Happens-before pairs</h2>
 * <ul>
 *   <li>ADD-3 (insert under the queue lock) → PSQ-2/PNS-1 (the dequeuer sees the whole entry).</li>
 *   <li>PNS-6 (edit, wake, unlock delete lock) → DEQ-2 (the stream reads target and flags after the wake).</li>
 *   <li>ADD-2 ({@code length++}) then MTA-1/ASQ-5 (read served) ↔ SLOT-3 ({@code served--}) then read length:
 *       Dekker-like, all volatile: at least one side sees the other.</li>
 *   <li>PSQ-4 ({@code dequeuing = 0} before unlock) → an adder's insertion after the unlock → its ASQ-5 exchange
 *       finds 0.</li>
 * </ul>
 *
 * <h2>Why each race is safe</h2>
 * <ul>
 *   <li><b>Queueing vs the last release (5541d4995).</b> B decides to queue (served ≥ maxconn), A releases the last
 *       slot and sees an empty queue, B inserts. ASQ-5: B re-checks after ADD-2; A's SLOT-3 reads length after
 *       {@code served--}; one of them runs PSQ. {@code ToctouModelTest}; canary without ASQ-5.</li>
 *   <li><b>Two would-be dequeuers.</b> PSQ-1 exchange elects one; the loser leaves because the winner clears the
 *       flag (PSQ-4) under the queue lock and its loop re-reads {@code served}. Before b11495652 a trylock of the
 *       queue lock elected the dequeuer and lost against any lock holder (an add, an unlink), leaving entries
 *       nobody dequeued. {@code AddDequeueUnlinkModelTest}; canary with the trylock.</li>
 *   <li><b>Timeout vs dequeue.</b> UNL-1 and PNS both hold the queue lock and the delete lock: exactly one unlinks.
 *       If the dequeuer won, the unlink returns false and the stream takes its slot through DEQ (and then releases
 *       it). Same test.</li>
 *   <li><b>Wake vs free.</b> The dequeuer wakes under the delete lock; DEQ-2 waits for it before the entry is freed
 *       or reused.</li>
 *   <li><b>A reservation hides "nobody served" (D-3).</b> A dequeuer reserves a slot (PSQ-3) and finds the queues
 *       empty; meanwhile Y finds the server full, queues in the backend queue and MTA-1 counts the reservation as a
 *       holder. PSQ-6 looks at the backend tree after giving the reservation back and takes Y.
 *       {@code BackendRecheckModelTest}; canary without PSQ-6.</li>
 *   <li><b>Last server down (53f52e67a, seed 003).</b> Entries in the backend queue with no usable server and
 *       nobody served are flushed by RED-4; without it a newcomer spins FULL → add → MTA-2 → balance again.
 *       {@code LastServerDownModelTest}; canary with the server-only redistribute, caught by ASQ-6's bound.</li>
 * </ul>
 *
 * <h2>Deviations from 3.1-dev9 (found by {@code QueueStressTest}; each keeps HAProxy's structure)</h2>
 * <ul>
 *   <li>D-1 (PSQ-3): the slot is counted before the wake; HAProxy counted after the loop, so a woken stream could
 *       release first (served &lt; 0) and px.served under-counted held slots, making MTA-1 say "nobody served".</li>
 *   <li>D-2 (SLOT-4): a release that leaves no slot held in the backend, on a server that may not serve the backend
 *       queue (maintenance mid-flight), hands the backend queue to a server that can.</li>
 *   <li>D-3 (PSQ-6): the backend queue is not serialised by the server queue lock: an entry inserted after PNS-2
 *       whose adder saw our reservation, or whose releaser lost PSQ-1 to us, is picked up by the re-look.</li>
 *   <li>D-4 (GRB-2): a grabbed entry gets its slot (as in 3.2, where process_srv_queue replaced grab).</li>
 *   <li>ASQ-6: HAProxy loops unbounded; here the last round stays queued and counts {@code roundsExceeded}.</li>
 * </ul>
 *
 * <h2>Progress</h2>
 * PSQ's outer loop ends when {@code served} reaches the dynamic maxconn, the queues are empty, or
 * {@code maxpollevents} entries were taken (and at least one slot is held); each PSQ-6 round follows an entry seen
 * linked, which this or another dequeuer then takes.
 * The ASQ loop is bounded by {@link io.sluice.queue.Backend#maxAssignRounds()}. DEQ never spins. Nothing here waits
 * except on the ranked locks, whose critical sections are short and never call out except to {@code wake}.
 */
package io.sluice.queue;
