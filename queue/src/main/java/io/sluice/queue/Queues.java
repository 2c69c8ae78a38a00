package io.sluice.queue;

/**
 * The queue operations of HAProxy 3.1-dev9's {@code queue.c}, with its names: add, dequeue election, dequeue,
 * unlink, grab from the backend, must-try-again and redistribute. Stateless: all state lives in {@link Backend},
 * {@link Server}, {@link PendingQueue} and {@link Pendconn}; one instance serves every backend.
 *
 * <p>Methods are not final so that tests can keep the pre-fix protocols (the canaries) as small subclasses. Step IDs
 * (ADD-n, PNS-n, PSQ-n, UNL-n, DEQ-n, GRB-n, MTA-n, RED-n) are described in the package protocol.
 */
public class Queues {

    /** Runs on any thread; creates the (stateless) operations object. */
    public Queues() {
    }

    /**
     * Runs on any thread; HAProxy's {@code may_dequeue_tasks}: {@code s} has a queue, or the backend has one and
     * {@code s} is usable; and {@code s} has room (curSess below its dynamic maxconn, or unlimited).
     */
    public boolean mayDequeueTasks(Server s) {
        if (s == null) {
            return false;
        }
        Backend px = s.backend();
        if (s.queue().length() == 0 && !(px.queue().length() != 0 && s.isUsable())) {
            return false;
        }
        return s.maxconn() == 0 || s.curSess() < s.dynamicMaxconn(px.clock().nowMs());
    }

    /**
     * Runs on the stream's thread, no lock held; HAProxy's {@code pendconn_add}: queues {@code stream} on its
     * assigned server's queue (SF_ASSIGNED) or on the backend's queue, and returns its pendconn. The stream must not
     * already wait (its pendconn inactive).
     */
    public Pendconn pendconnAdd(QueuedStream stream, Backend px) {
        Pendconn p = stream.pendconn();
        if (p.active) {
            throw new IllegalStateException("stream already queued: " + p);
        }
        int flags = stream.flags();
        Server srv = (flags & QueueFlags.SF_ASSIGNED) != 0 ? stream.target() : null;
        PendingQueue q = srv != null ? srv.queue() : px.queue();
        // ADD-1: fill the entry before it becomes visible (published by the queue lock at ADD-3).
        p.active = true;
        p.srv = srv;
        p.queue = q;
        p.key = QueueKey.make(stream.priorityClass(), stream.priorityOffset(), px.clock().nowMs());
        p.strmFlags = flags;
        p.target = null;
        p.queueIdx = q.idxVolatile() - 1;
        // ADD-2: count it before inserting, so that a releasing thread's may_dequeue sees it coming (pairs with
        // SLOT-3 in Assigner.releaseSlot).
        q.incLength();
        // ADD-3: insert under the queue lock; a dequeuer holding the lock sees it whole.
        q.lock().lock();
        try {
            q.insertLocked(p);
        } finally {
            q.lock().unlock();
        }
        // ADD-4: totpend after the insertion, like HAProxy (a dequeuer may subtract first).
        px.addTotpend(1);
        return p;
    }

    /**
     * Runs on any thread with {@code srv}'s queue lock held; HAProxy's {@code pendconn_process_next_strm}: takes the
     * entry that goes first between {@code srv}'s queue and (when {@code pxOk}) the backend's, grants it a slot on
     * {@code srv} and wakes it. Returns false when both queues are empty. The caller has counted the slot in
     * {@code served} before the call (PSQ-3) and gives it back on false.
     */
    public boolean processNextStream(Server srv, Backend px, boolean pxOk, long nowMs) {
        PendingQueue sq = srv.queue();
        PendingQueue bq = px.queue();
        // PNS-1: the server queue's head, under the lock the caller holds.
        Pendconn p = sq.first(nowMs);
        Pendconn pp = null;
        if (pxOk) {
            // PNS-2: look at the backend queue under its lock, and keep it only if there is an entry.
            bq.lock().lock();
            pp = bq.first(nowMs);
            if (pp == null) {
                bq.lock().unlock();
            }
        }
        if (p == null && pp == null) {
            return false;
        }
        // PNS-3: choose; a tie goes to the server queue (KEY-4).
        boolean useServer = pp == null || (p != null && QueueKey.serverFirst(p.key, pp.key, nowMs));
        if (!useServer) {
            // PNS-4: the backend entry. Take its delete lock, unlink, then let the backend queue go.
            pp.delLock().lock();
            try {
                bq.removeLocked(pp);
                bq.lock().unlock();
                grantAndWake(pp, srv);
            } finally {
                pp.delLock().unlock();
            }
            bq.subLength(1);
            bq.addIdx(1);
            return true;
        }
        if (pp != null) {
            bq.lock().unlock();
        }
        // PNS-5: the server entry; its queue lock is held by the caller throughout.
        p.delLock().lock();
        try {
            sq.removeLocked(p);
            grantAndWake(p, srv);
        } finally {
            p.delLock().unlock();
        }
        sq.subLength(1);
        sq.addIdx(1);
        return true;
    }

    /**
     * PNS-6: with the entry's delete lock held: mark it assigned to {@code srv}, give the stream the slot
     * ({@code stream_add_srv_conn}) and wake it before the delete lock is released (pairs with DEQ-2).
     */
    private static void grantAndWake(Pendconn p, Server srv) {
        p.strmFlags |= QueueFlags.SF_ASSIGNED;
        p.target = srv;
        p.stream().setSrvConn(srv);
        p.stream().wake(QueueFlags.TASK_WOKEN_RES);
    }

    /**
     * Runs on any thread, no queue lock held; HAProxy's {@code px_ok}: may {@code s} serve the backend queue? It
     * must be usable, and be active, or (no active server is usable and it is the first backup or allbackups).
     */
    public boolean backendQueueAllowed(Server s) {
        Backend px = s.backend();
        if (!s.isUsable()) {
            return false;
        }
        if (!s.isBackup()) {
            return true;
        }
        return px.activeUsableCount() == 0 && (s == px.firstUsableBackup() || px.allBackups());
    }

    /**
     * Runs on any thread, no lock held; HAProxy's {@code process_srv_queue}: while {@code s} has free slots, elects
     * one dequeuer through the {@code dequeuing} flag (taken by exchange, never a trylock) and hands slots to waiting
     * entries. Returns the number of entries dequeued by this call.
     */
    public int processServerQueue(Server s) {
        Backend px = s.backend();
        boolean pxOk = backendQueueAllowed(s);
        int maxPoll = px.maxPollEvents();
        int done = 0;
        boolean stop = false;
        int maxconn;
        long now = px.clock().nowMs();
        while (!stop && (done < maxPoll || s.served() == 0) && s.served() < (maxconn = s.dynamicMaxconn(now))) {
            // PSQ-1: elect a dequeuer. If another thread holds the flag it will re-check served and the queues
            // after clearing it (PSQ-4), so leaving is safe.
            if (!s.takeDequeuing()) {
                break;
            }
            // PSQ-2: the server queue lock serialises with pendconnAdd's insertion (ADD-3).
            s.queue().lock().lock();
            try {
                // PSQ-3: hand out slots. The slot is counted (server and backend) before the entry is woken, and
                // given back if there was nobody (deviation D-1). HAProxy 3.1 counts after: a woken stream could
                // release first (served < 0), and until the loop ended px.served under-counted the slots held, so
                // that pendconnMustTryAgain saw "nobody served" and newcomers spun in the balance-again loop. The
                // transient over-count of a reservation that finds nobody is covered by PSQ-6.
                while (s.served() < maxconn) {
                    s.addServed(1);
                    px.addServed(1);
                    stop = !processNextStream(s, px, pxOk, now);
                    if (stop) {
                        s.addServed(-1);
                        px.addServed(-1);
                        break;
                    }
                    done++;
                    if (done >= maxPoll) {
                        break;
                    }
                }
                // PSQ-4: release the flag before the queue lock: an adder that inserts after our unlock will find
                // the flag free when its re-check runs (ASQ-5).
                s.releaseDequeuing();
            } finally {
                s.queue().lock().unlock();
            }
            // PSQ-6 (deviation D-3): the backend queue is not serialised by our server queue lock. An entry
            // inserted after our PNS-2 look, whose adder then saw our reservation in px.served (MTA-1) or whose
            // holder's release lost the PSQ-1 exchange to us, would be left with nobody to dequeue it. So after
            // giving back the reservation and clearing the flag, look at the backend tree once more under its lock
            // (pairs with ADD-3 then MTA-1, or with the releaser's SLOT-3 then PSQ-1) and go round again if an
            // entry is linked. Every extra round follows an entry seen linked, which we or another dequeuer take.
            if (stop && pxOk && px.queue().length() != 0) {
                PendingQueue bq = px.queue();
                bq.lock().lock();
                try {
                    stop = bq.isEmptyLocked();
                } finally {
                    bq.lock().unlock();
                }
            }
        }
        if (done > 0) {
            // PSQ-5: totpend after the loop, as HAProxy does (served was counted at PSQ-3).
            px.addTotpend(-done);
            px.lb().takeConn(s);
        }
        return done;
    }

    /**
     * Runs on any thread, no lock held; SLOT-4 (deviation D-2, not in HAProxy 3.1): when the backend queue has
     * entries and no slot is held anywhere in the backend, hands the queue to the first server allowed to serve it
     * that has room. {@link Assigner#releaseSlot} calls it after every release: when the released server could not
     * serve the backend queue (it went into maintenance or down while its streams ran) and it was the last slot, the
     * backend entries would otherwise wait for {@code timeout queue} while idle servers exist, and newcomers would
     * spin in the must-try-again loop until the round bound. Returns at once when the backend queue is empty or a
     * slot is held; otherwise returns the number of entries dequeued.
     */
    public int kickBackendQueue(Backend px) {
        if (px.queue().length() == 0 || px.served() != 0) {
            return 0;
        }
        for (Server s : px.servers()) {
            if (backendQueueAllowed(s) && mayDequeueTasks(s)) {
                return processServerQueue(s);
            }
        }
        return 0;
    }

    /**
     * Runs on the stream's thread, no lock held; HAProxy's {@code pendconn_unlink} (queue timeout or abort): removes
     * the entry if it is still queued. Returns true if this call unlinked it (the caller logs the position and the
     * stream leaves with a queue timeout); false if a dequeuer or redistributor got there first (the caller must then
     * call {@link #pendconnDequeue}).
     */
    public boolean pendconnUnlink(Pendconn p) {
        // UNL-1: queue lock then delete lock (LOCK-1), unlink if still linked.
        if (!unlinkIfLinked(p)) {
            return false;
        }
        // UNL-2: counters, and the entry goes back to the stream (HAProxy does not count idx here).
        PendingQueue q = p.queue;
        q.subLength(1);
        q.backend().addTotpend(-1);
        p.active = false;
        return true;
    }

    /**
     * Runs on the stream's thread, no lock held; UNL-1 and MTA-2: under {@code p}'s queue lock then its delete lock
     * (LOCK-1), unlinks {@code p} if it is still linked. Returns true if this call unlinked it; exactly one of this,
     * PNS-4/5, GRB-2 and RED-2/4 does, since each holds the queue lock (and all but RED the delete lock).
     */
    private static boolean unlinkIfLinked(Pendconn p) {
        PendingQueue q = p.queue;
        q.lock().lock();
        try {
            p.delLock().lock();
            try {
                if (!p.linked) {
                    return false;
                }
                q.removeLocked(p);
                return true;
            } finally {
                p.delLock().unlock();
            }
        } finally {
            q.lock().unlock();
        }
    }

    /**
     * Runs on the stream's thread after a wake in the queued state, no lock held; HAProxy's
     * {@code pendconn_dequeue}. Returns true if the entry is still queued (keep waiting); false once it was
     * unlinked: the stream's SF_DIRECT/SF_ASSIGNED and target are updated from the entry and the pendconn is
     * released. The stream then calls {@link Assigner#assignServerAndQueue} again, which returns OK at once if a
     * dequeuer already granted the slot.
     */
    public boolean pendconnDequeue(QueuedStream stream) {
        Pendconn p = stream.pendconn();
        if (!p.active) {
            throw new IllegalStateException("pendconnDequeue without a pendconn");
        }
        PendingQueue q = p.queue;
        boolean linked;
        // DEQ-1: read "linked" under the queue lock, so that no unlink is half done.
        q.lock().lock();
        try {
            linked = p.linked;
        } finally {
            q.lock().unlock();
        }
        // DEQ-2: serialise with a dequeuer still waking us under the delete lock (pairs with PNS-6).
        p.delLock().lock();
        p.delLock().unlock();
        if (linked) {
            return true;
        }
        // DEQ-3: take back what the dequeuer or redistributor decided.
        int flags = stream.flags() & ~QueueFlags.SF_QUEUE_COPIED;
        flags |= p.strmFlags & QueueFlags.SF_QUEUE_COPIED;
        if (p.target != null) {
            stream.setTarget(p.target);
            flags |= QueueFlags.SF_ASSIGNED;
        }
        stream.setFlags(flags);
        p.active = false;
        return false;
    }

    /**
     * Runs on any thread with {@code s}'s state lock held (server coming up, leaving maintenance, slowstart);
     * HAProxy 3.1's {@code pendconn_grab_from_px}: moves entries of the backend queue to {@code s} while it has
     * room, setting their target, granting them a slot when {@code s} has a maxconn (D-4), and waking them.
     * Returns the number moved.
     */
    public int pendconnGrabFromBackend(Server s) {
        // GRB-1: only a server allowed to serve the backend queue.
        if (!backendQueueAllowed(s)) {
            return 0;
        }
        Backend px = s.backend();
        PendingQueue bq = px.queue();
        long now = px.clock().nowMs();
        int xferred = 0;
        int granted = 0;
        bq.lock().lock();
        try {
            int maxconn = s.dynamicMaxconn(now);
            Pendconn p;
            // GRB-2: under the backend queue lock, unlink, target and wake (pendconnDequeue's DEQ-1 waits for us).
            // Deviation D-4: with a maxconn, the entry gets its slot here, counted before the wake like PSQ-3.
            // HAProxy 3.1 only set the target; until the woken stream took its slot, nobody was served, the
            // backend queue could still hold entries, and newcomers spun in the must-try-again loop.
            while ((p = bq.first(now)) != null) {
                boolean limited = s.maxconn() != 0;
                if (limited && s.served() >= maxconn) {
                    break;
                }
                if (limited) {
                    s.addServed(1);
                    px.addServed(1);
                    granted++;
                }
                p.delLock().lock();
                try {
                    bq.removeLocked(p);
                    p.target = s;
                    p.strmFlags |= QueueFlags.SF_ASSIGNED;
                    if (limited) {
                        p.stream().setSrvConn(s);
                    }
                    p.stream().wake(QueueFlags.TASK_WOKEN_RES);
                } finally {
                    p.delLock().unlock();
                }
                xferred++;
            }
        } finally {
            bq.lock().unlock();
        }
        if (xferred > 0) {
            bq.subLength(xferred);
            bq.addIdx(xferred);
            px.addTotpend(-xferred);
        }
        if (granted > 0) {
            px.lb().takeConn(s);
        }
        return xferred;
    }

    /**
     * Runs on the stream's thread right after {@link #pendconnAdd}, no lock held; HAProxy 3.1's
     * {@code pendconn_must_try_again} (1a8f3a368): if nobody holds a slot that could dequeue the entry (server or
     * backend {@code served == 0}), takes it back and returns true: the caller must load-balance again.
     */
    public boolean pendconnMustTryAgain(Pendconn p) {
        // MTA-1: cheap exits without lock.
        if (!p.linked) {
            return false;
        }
        PendingQueue q = p.queue;
        if (p.srv != null ? p.srv.served() > 0 : q.backend().served() > 0) {
            return false;
        }
        // MTA-2: nobody to dequeue it: unlink under both locks if still linked.
        if (!unlinkIfLinked(p)) {
            return false;
        }
        q.subLength(1);
        q.addIdx(1);
        q.backend().addTotpend(-1);
        p.active = false;
        return true;
    }

    /**
     * Runs on any thread with {@code s}'s state lock held (server DOWN, STOPPING, maintenance, drain, or after its
     * streams were shut down); HAProxy 3.1-dev9's {@code pendconn_redistribute} with 53f52e67a: wakes the entries of
     * {@code s}'s queue so they load-balance again (RED-1..RED-3), and, when no usable active or backup server is
     * left, flushes the backend queue too (RED-4). Returns the number of entries woken.
     */
    public int pendconnRedistribute(Server s) {
        Backend px = s.backend();
        int xferred = redistributeServerQueue(s);
        // RED-4 (53f52e67a): never leave entries in the backend queue when no server could ever dequeue them.
        if (px.totWeightActive() == 0 && px.totWeightBackup() == 0) {
            xferred += flushBackendQueue(px);
        }
        return xferred;
    }

    /**
     * Runs with {@code s}'s state lock held; RED-1..RED-3, the server-queue half of redistribute (the whole of it
     * before 53f52e67a).
     */
    public int redistributeServerQueue(Server s) {
        Backend px = s.backend();
        // RED-1: only when in maintenance, or with redispatch and no persist.
        if (!s.isMaint() && !(px.redispatch() && !px.persist())) {
            return 0;
        }
        PendingQueue sq = s.queue();
        int xferred = 0;
        sq.lock().lock();
        try {
            // RED-2: every entry but force-persist ones: unlink, drop the assignment unless redispatch, wake.
            Pendconn p = sq.lowestLocked();
            while (p != null) {
                Pendconn next = sq.nextLocked(p);
                if ((p.strmFlags & QueueFlags.SF_FORCE_PRST) == 0) {
                    sq.removeLocked(p);
                    if (!px.redispatch()) {
                        p.strmFlags &= ~(QueueFlags.SF_DIRECT | QueueFlags.SF_ASSIGNED);
                    }
                    p.stream().wake(QueueFlags.TASK_WOKEN_RES);
                    xferred++;
                }
                p = next;
            }
        } finally {
            sq.lock().unlock();
        }
        if (xferred > 0) {
            // RED-3: counters.
            sq.subLength(xferred);
            px.addTotpend(-xferred);
        }
        return xferred;
    }

    /**
     * Runs on any thread (state lock of a server of {@code px} held, or none); RED-4: unlinks and wakes every entry
     * of the backend queue, clearing SF_FORCE_PRST; the woken streams load-balance again and get NOSRV or a server.
     */
    public int flushBackendQueue(Backend px) {
        PendingQueue bq = px.queue();
        int xferred = 0;
        bq.lock().lock();
        try {
            Pendconn p;
            while ((p = bq.first(px.clock().nowMs())) != null) {
                p.strmFlags &= ~QueueFlags.SF_FORCE_PRST;
                bq.removeLocked(p);
                p.stream().wake(QueueFlags.TASK_WOKEN_RES);
                xferred++;
            }
        } finally {
            bq.lock().unlock();
        }
        if (xferred > 0) {
            bq.subLength(xferred);
            px.addTotpend(-xferred);
        }
        return xferred;
    }
}
