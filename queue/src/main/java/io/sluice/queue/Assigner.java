package io.sluice.queue;

/**
 * The slot side of HAProxy 3.1-dev9's {@code backend.c}: {@code assign_server}, {@code assign_server_and_queue}
 * with its balance-again loop, the after-queue re-check of {@code srv_redispatch_connect} (5541d4995), and
 * {@code sess_change_server}, plus the slot release every "stream leaves the server" path performs.
 *
 * <p>Every method runs on the stream's own thread with no queue lock held (except the admin paths noted). Methods
 * are not final so that tests can keep the pre-fix variants as subclasses.
 */
public class Assigner {

    private final Queues queues;

    /** Runs on any thread; an assigner using {@code queues} for every queue operation. */
    public Assigner(Queues queues) {
        this.queues = queues;
    }

    /** Runs on any thread; the queue operations this assigner uses. */
    public Queues queues() {
        return queues;
    }

    /**
     * Runs on the stream's thread; HAProxy's {@code sess_change_server}: moves the stream's slot from its current
     * server (if any) to {@code newSrv} (if any), keeping server and backend {@code served} in step. Does not
     * dequeue: the caller offers a released slot with {@link Queues#processServerQueue} when
     * {@link Queues#mayDequeueTasks} says so.
     */
    public void sessChangeServer(QueuedStream s, Server newSrv) {
        Server old = s.srvConn();
        if (old == newSrv) {
            return;
        }
        if (old != null) {
            // SLOT-2: release.
            old.addServed(-1);
            old.backend().addServed(-1);
            old.backend().lb().dropConn(old);
            s.setSrvConn(null);
        }
        if (newSrv != null) {
            newSrv.addServed(1);
            newSrv.backend().addServed(1);
            newSrv.backend().lb().takeConn(newSrv);
            s.setSrvConn(newSrv);
        }
    }

    /**
     * Runs on the stream's thread; the connection to the stream's server is established: counts it in
     * {@code cur_sess} (SF_CURR_SESS).
     */
    public void markConnected(QueuedStream s) {
        Server srv = s.srvConn();
        if (srv != null && (s.flags() & QueueFlags.SF_CURR_SESS) == 0) {
            s.setFlags(s.flags() | QueueFlags.SF_CURR_SESS);
            srv.addCurSess(1);
        }
    }

    /**
     * Runs on the stream's thread; SLOT-3, what every path that ends a stream's use of its server does (end of the
     * server connection, stream free, giving up after an error, redispatch): drop {@code cur_sess}, release the slot,
     * then offer it to the queues if {@code may_dequeue_tasks} says so. Returns the server released, or null.
     */
    public Server releaseSlot(QueuedStream s) {
        Server srv = s.srvConn();
        if ((s.flags() & QueueFlags.SF_CURR_SESS) != 0) {
            s.setFlags(s.flags() & ~QueueFlags.SF_CURR_SESS);
            Server cur = srv != null ? srv : s.target();
            if (cur != null) {
                cur.addCurSess(-1);
            }
        }
        if (srv == null) {
            return null;
        }
        sessChangeServer(s, null);
        // SLOT-3: after served-- (and after curSess--), look at the queues; pairs with ADD-2 and ASQ-5.
        if (queues.mayDequeueTasks(srv)) {
            queues.processServerQueue(srv);
        }
        // SLOT-4 (D-2): our server may not serve the backend queue (it went into maintenance or down, possibly
        // between may_dequeue and process_srv_queue's px_ok); if no slot is held any more, nobody else will: hand
        // the backend queue to a server that can. Returns at once when the backend queue is empty.
        queues.kickBackendQueue(srv.backend());
        return srv;
    }

    /**
     * Runs on the stream's thread; HAProxy's {@code assign_server}: releases any held slot, then load-balances.
     * NOSRV when no server has weight (ASN-1); FULL when the backend queue is non-empty for an algorithm that only
     * queues when all are full (ASN-2) or when the algorithm finds no server with room (ASN-3); OK with SF_ASSIGNED
     * and a target otherwise. A slot held before is retaken if the same server comes back, else offered (ASN-4).
     */
    public SrvStatus assignServer(QueuedStream s, Backend px) {
        if (s.pendconn().active || (s.flags() & QueueFlags.SF_ASSIGNED) != 0) {
            return SrvStatus.INTERNAL;
        }
        Server connSlot = s.srvConn();
        if (connSlot != null) {
            sessChangeServer(s, null);
        }
        SrvStatus err;
        Server srv = null;
        if (px.totWeight() == 0) {
            // ASN-1
            err = SrvStatus.NOSRV;
        } else if (px.lb().queuesOnlyWhenFull() && px.queue().length() != 0
                && px.queue().length() != px.beconn()) {
            // ASN-2
            err = SrvStatus.FULL;
        } else {
            // ASN-3
            srv = px.lb().pick(px, s);
            if (srv == null) {
                err = SrvStatus.FULL;
            } else {
                s.setTarget(srv);
                srv.incCumLbconn();
                s.setFlags(s.flags() | QueueFlags.SF_ASSIGNED);
                err = SrvStatus.OK;
            }
        }
        // ASN-4: take back our slot, or offer it to someone else.
        if (connSlot != null) {
            if (connSlot == srv) {
                sessChangeServer(s, srv);
            } else if (queues.mayDequeueTasks(connSlot)) {
                queues.processServerQueue(connSlot);
            }
        }
        return err;
    }

    /**
     * Runs on the stream's thread; HAProxy's {@code assign_server_and_queue} (3.1-dev9): assigns a server if needed,
     * then takes a slot (OK), or queues on the server (QUEUED, or FULL at maxqueue), or, when every server is full,
     * queues on the backend and loads-balances again if {@code pendconnMustTryAgain} says nobody could dequeue it
     * (ASQ-4). The balance-again loop is bounded by {@link Backend#maxAssignRounds()} (ASQ-6): on the last round
     * the stream stays in the backend queue (QUEUED) and {@link Backend#roundsExceeded()} is counted, where HAProxy
     * 3.1 would spin as long as the queues stay in that state (seed 003: until the watchdog).
     *
     * <p>Callers should use {@link #srvRedispatchConnect}, which adds the after-queue re-check; this method alone
     * leaves the 5541d4995 window open.
     */
    public SrvStatus assignServerAndQueue(QueuedStream s, Backend px) {
        int rounds = 0;
        for (;;) {
            rounds++;
            // ASQ-1
            if (s.pendconn().active) {
                return SrvStatus.INTERNAL;
            }
            SrvStatus err = SrvStatus.OK;
            if ((s.flags() & QueueFlags.SF_ASSIGNED) == 0) {
                err = assignServer(s, px);
            }
            switch (err) {
                case OK: {
                    Server srv = s.target();
                    if (srv == null || s.srvConn() == srv) {
                        return SrvStatus.OK;
                    }
                    // ASQ-2: queue on the server if it has a queue or no free slot.
                    long now = px.clock().nowMs();
                    if (srv.maxconn() != 0
                            && (srv.queue().length() != 0 || srv.served() >= srv.dynamicMaxconn(now))) {
                        if (srv.maxqueue() > 0 && srv.queue().length() >= srv.maxqueue()) {
                            return SrvStatus.FULL;
                        }
                        queues.pendconnAdd(s, px);
                        return SrvStatus.QUEUED;
                    }
                    // ASQ-3: take the slot.
                    sessChangeServer(s, srv);
                    return SrvStatus.OK;
                }
                case FULL: {
                    // ASQ-4: every server is full: wait in the backend queue, unless nobody could dequeue us.
                    Pendconn p = queues.pendconnAdd(s, px);
                    if (rounds >= px.maxAssignRounds()) {
                        // ASQ-6: the bound HAProxy's commit suggests. Stop trying again and stay queued: whoever is
                        // making progress (a dequeuer, a server coming up, a flush) will wake us, or the queue
                        // timeout will. Counted, so that tests see an unconverged loop.
                        px.incRoundsExceeded();
                        return SrvStatus.QUEUED;
                    }
                    if (queues.pendconnMustTryAgain(p)) {
                        continue;
                    }
                    return SrvStatus.QUEUED;
                }
                default:
                    return err;
            }
        }
    }

    /**
     * Runs on the stream's thread; the queueing part of HAProxy's {@code srv_redispatch_connect}: calls
     * {@link #assignServerAndQueue}; on FULL for a DIRECT stream with {@code option redispatch}, drops the assignment
     * and load-balances again; on QUEUED runs the after-queue re-check ({@link #afterQueued}). The caller maps the
     * result: OK connect, QUEUED wait ({@code timeout queue}, then {@link Queues#pendconnUnlink}), FULL/NOSRV 503,
     * INTERNAL 500.
     */
    public SrvStatus srvRedispatchConnect(QueuedStream s, Backend px) {
        SrvStatus st = assignServerAndQueue(s, px);
        if (st == SrvStatus.FULL && px.redispatch()
                && (s.flags() & (QueueFlags.SF_DIRECT | QueueFlags.SF_ASSIGNED)) == QueueFlags.SF_DIRECT
                        + QueueFlags.SF_ASSIGNED) {
            s.setFlags((s.flags() & ~(QueueFlags.SF_DIRECT | QueueFlags.SF_ASSIGNED)) | QueueFlags.SF_REDISP);
            st = assignServerAndQueue(s, px);
        }
        if (st == SrvStatus.QUEUED) {
            afterQueued(s);
        }
        return st;
    }

    /**
     * Runs on the stream's thread just after it was queued; ASQ-5, the 5541d4995 fix: the last slot may have been
     * released between our "server full" decision and our insertion, by a thread that then saw an empty queue; so
     * re-check {@code may_dequeue_tasks} and dequeue ourselves if needed (we may be the entry dequeued and woken).
     */
    protected void afterQueued(QueuedStream s) {
        Pendconn p = s.pendconn();
        Server srv = p.srv;
        if (srv != null && queues.mayDequeueTasks(srv)) {
            queues.processServerQueue(srv);
        }
    }
}
