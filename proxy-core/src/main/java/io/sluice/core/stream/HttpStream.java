package io.sluice.core.stream;

import java.net.InetSocketAddress;

import io.sluice.core.backend.BackendRt;
import io.sluice.core.backend.FrontendRt;
import io.sluice.core.backend.HttpRt;
import io.sluice.core.backend.ServerRt;
import io.sluice.core.h1.AddedHeaders;
import io.sluice.core.http.HttpMatchContext;
import io.sluice.core.listener.Listener;
import io.sluice.core.mux.H1Connection;
import io.sluice.core.mux.H1Stream;
import io.sluice.fdtable.FdTable;
import io.sluice.fdtable.IoCallback;
import io.sluice.fdtable.ThreadContext;
import io.sluice.poller.Activity;
import io.sluice.poller.PollLoop;
import io.sluice.poller.Task;
import io.sluice.poller.Ticks;
import io.sluice.poller.sys.Sockets;
import io.sluice.poller.sys.SysException;

/**
 * One mode http session: the H1 mux of the client connection ({@link H1Connection} front + request
 * {@link H1Stream}), the private server connection (back {@link H1Connection} + response {@link H1Stream}, HAProxy's
 * http-reuse never behaviour) and the stream of the current transaction: the back stream-connector state (SC_ST_*),
 * the analyser masks of the two channels ({@link HttpAnalysers}), the connect path and the timers. Pooled per
 * thread and reused from client to client; every method runs on the owner loop thread (package documentation: HS
 * steps).
 */
public final class HttpStream {
    static final int CLI = 0;
    static final int SRV = 1;

    final Worker worker;
    final FdTable table;
    final PollLoop loop;
    private final Task task;
    private final IoCallback cliCb = (fd, ctx) -> guarded(fd, CLI);
    private final IoCallback srvCb = (fd, ctx) -> guarded(fd, SRV);
    private final int[] newFd = {-1};
    /** h1c of the client and of the server; h1s of the request (on front) and of the response (on back). */
    final H1Connection front;
    final H1Connection back;
    final H1Stream req;
    final H1Stream res;
    final AddedHeaders added = new AddedHeaders(1024);
    HttpMatchContext match;
    final HttpAnalysers an;

    /** Front stream connector: EST while the session lives, CLO once released (the pooled object is free). */
    int scf = ScState.SC_ST_CLO;
    /** Back stream connector of the current transaction (SC_ST_*). */
    int scb = ScState.SC_ST_INI;
    /** Request and response analysers still to run (HttpAnalysers.AN_*). */
    int reqAn;
    int resAn;
    /** A local reply (rule or error page) is being flushed; the transaction ends when it is (HS-13). */
    boolean replying;
    /** HS-19: the body of a request answered locally is read and dropped (front h1c DRAINING). */
    boolean draining;
    /** Body bytes dropped so far while draining (bounded by {@link #drainMax}). */
    long drained;
    /** HS-19: the most body bytes drained to keep a connection alive (64 buffers: 1 MiB at the default bufsize). */
    final long drainMax;
    /** After a valid 101: both h1s are tunnels, raw bytes both ways (HS-17). */
    boolean tunnel;

    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();
    /** {@code show sess} identity of the current client connection, and its accept date. */
    private long uniqueId;
    private long acceptNanos;

    /** Inactivity expiry per side; request (http-request / keep-alive) and connect expiries. */
    final long[] exp = {Ticks.ETERNITY, Ticks.ETERNITY};
    long conExp = Ticks.ETERNITY;
    long reqExp = Ticks.ETERNITY;

    Listener listener;
    FrontendRt fe;
    HttpRt http;
    BackendRt be;
    ServerRt srv;
    BackendRt srvBe;
    int retriesLeft;
    boolean retried;
    /** The request went to a reused (idle, kept) server connection: HAProxy's SF_SRV_REUSED. */
    boolean srvReused;
    int txns;
    byte[] src;
    int srcPort;
    int dstPort;
    /** The client address as text for forwardfor, made at the first request that needs it (once per client). */
    byte[] xff;
    java.net.InetAddress srcAddr;
    int reqFlags;
    boolean frontClose;
    boolean backClose;
    private boolean srvCounted;
    boolean kaIdle;
    /** httplog state of the current transaction (HS-16). */
    final HttpTxnLog txn = new HttpTxnLog();

    HttpStream(Worker worker) {
        this.worker = worker;
        this.table = worker.table();
        this.loop = worker.loop();
        int cap = worker.buffers().bufSize();
        int rewrite = Math.min(1024, cap / 2);
        this.front = new H1Connection(table);
        this.back = new H1Connection(table);
        this.req = new H1Stream(worker.httpMaxhdr(), cap, rewrite);
        this.res = new H1Stream(worker.httpMaxhdr(), cap, rewrite);
        this.an = new HttpAnalysers(this);
        this.drainMax = 64L * cap;
        this.task = new Task(loop, (self, ctx, st) -> {
            try {
                onTask();
            } catch (RuntimeException e) {
                failed(e);
            }
            return self;
        }, this);
    }

    // ---------------------------------------------------------------------------------------------
    // HS-1: start

    /** Runs on the owner thread: takes {@code cfd} (accepted by {@code l}) and waits for the first request. */
    void start(int cfd, Listener l, ThreadContext ctx) {
        listener = l;
        fe = l.frontend();
        http = fe.http();
        if (match == null) {
            match = http.acls().newContext();
        }
        scf = ScState.SC_ST_EST;
        uniqueId = IDS.incrementAndGet();
        acceptNanos = System.nanoTime();
        srv = null;
        srvBe = null;
        be = null;
        txns = 0;
        front.attachBuffers(worker.buffers().get(), worker.buffers().get());
        back.attachBuffers(worker.buffers().get(), worker.buffers().get());
        front.bind(cfd, H1Connection.H1C_ST_EMBRYONIC);
        exp[CLI] = exp[SRV] = Ticks.ETERNITY;
        try {
            Sockets.setTcpNoDelay(cfd, true);
        } catch (SysException ignored) {
            // NOTE: UNIX sockets have no TCP_NODELAY; harmless.
        }
        InetSocketAddress ra = Sockets.remoteAddress(cfd);
        InetSocketAddress la = Sockets.localAddress(cfd);
        src = ra == null ? null : ra.getAddress().getAddress();
        srcPort = ra == null ? 0 : ra.getPort();
        dstPort = la == null ? l.localPort() : la.getPort();
        srcAddr = ra == null ? null : ra.getAddress();
        xff = null;
        table.insert(cfd, this, cliCb, ctx.tgid, ctx.ltidBit, 0);
        newRequest();
        process();
    }

    /**
     * Runs on the owner thread: HS-2: a new transaction: the stream's state is reset, the request timer is http-request
     * or keep-alive.
     */
    void newRequest() {
        scb = ScState.SC_ST_INI;
        reqAn = HttpAnalysers.AN_REQ_ALL;
        resAn = 0;
        replying = false;
        draining = false;
        drained = 0;
        tunnel = false;
        front.compact();
        req.beginRequest(front);
        res.clear();
        frontClose = backClose = false;
        be = null;
        added.reset();
        kaIdle = txns > 0 && front.hi() == 0;
        if (front.state() != H1Connection.H1C_ST_EMBRYONIC) {
            front.state(kaIdle ? H1Connection.H1C_ST_IDLE : H1Connection.H1C_ST_RUNNING);
        }
        txn.open = false;
        retried = false;
        txn.srvUsed = false;
        txn.reqLineLen = -1;
        txn.tr = txn.tc = txn.tresp = -1;
        txn.status = -1;
        txn.tCause = txn.tSt = '-';
        txn.bytes0 = front.bytesOut();
        if (!kaIdle) {
            txn.start();
        }
        long t = kaIdle ? http.keepAliveMs() : http.httpRequestMs();
        reqExp = t > 0 ? Ticks.add(loop.now(), t) : Ticks.ETERNITY;
        exp[CLI] = exp[SRV] = Ticks.ETERNITY;
    }

    /** Runs on the owner thread: the session is released (in its worker's pool). */
    boolean isFree() {
        return scf == ScState.SC_ST_CLO;
    }

    /** Runs on the owner thread: the request head is still awaited (the mux's part, before the stream exists). */
    boolean waitingRequest() {
        return (reqAn & HttpAnalysers.AN_REQ_WAIT_HTTP) != 0;
    }

    /** Runs on the owner thread: the transaction exchanges data with an established server (not a tunnel). */
    boolean exchanging() {
        return scb == ScState.SC_ST_EST && !tunnel && !replying;
    }

    // ---------------------------------------------------------------------------------------------
    // HS-3: the processing loop

    private void guarded(int fd, int side) {
        try {
            if (isFree() || fd != (side == CLI ? front.fd() : back.fd())) {
                return;
            }
            if (side == SRV && scb == ScState.SC_ST_CON) {
                onConnectEvent(fd);
                if (isFree() || scb == ScState.SC_ST_CON || scb == ScState.SC_ST_TAR) {
                    return;
                }
            }
            process();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /**
     * Runs on the owner thread: HS-3: moves everything that can move, until nothing does, then subscribes and arms the
     * timer.
     */
    void process() {
        boolean progress;
        do {
            progress = flush(CLI) | flush(SRV);
            if (isFree()) {
                return;
            }
            progress |= read(CLI);
            if (isFree()) {
                return;
            }
            if (waitingRequest()) {
                if (back.hasFd()) {
                    read(SRV);
                }
                progress |= an.waitForRequest();
            } else if (exchanging()) {
                progress |= read(SRV);
                if (isFree()) {
                    return;
                }
                progress |= an.requestBody() | an.response();
            } else if (tunnel) {
                progress |= read(SRV);
                if (isFree()) {
                    return;
                }
                progress |= an.tunnel();
            } else if (replying) {
                progress |= an.replyDone();
            } else if (scb == ScState.SC_ST_CON || scb == ScState.SC_ST_TAR) {
                progress |= an.requestBody();
            }
            if (isFree()) {
                return;
            }
        } while (progress);
        subscribe();
        armTimer();
    }

    /** Runs on the owner thread: Reads side {@code d} (H1C-3) and refreshes its timer; true on progress. */
    private boolean read(int d) {
        H1Connection c = d == CLI ? front : back;
        int n = c.read(d == SRV ? res.headDone() : !waitingRequest());
        if (n != 0) {
            // HS-18: a FIN switches the side to its -fin timeout at once.
            touch(d);
        }
        if (d == SRV && n != 0 && waitingRequest()) {
            // HS-12: an idle server connection spoke or closed: it cannot be reused.
            closeServer();
        }
        return n != 0;
    }

    /** Runs on the owner thread: writes side {@code d}'s output (H1C-4); a write error ends the session. */
    private boolean flush(int d) {
        if (d == SRV && scb == ScState.SC_ST_CON) {
            return false;
        }
        int r = (d == CLI ? front : back).flush();
        if (r == H1Connection.IO_ERROR) {
            finish(d == CLI ? 'C' : 'S', 'D');
            return false;
        }
        if (r == H1Connection.IO_PROGRESS) {
            touch(d);
            return true;
        }
        return false;
    }

    /**
     * Runs on the owner thread: HS-14: refreshes side {@code d}'s inactivity date: client/server, tunnel once a tunnel,
     * and client-fin/server-fin once the side is half-closed (HS-18).
     */
    void touch(int d) {
        if (d == CLI && waitingRequest()) {
            return;
        }
        long t = d == CLI ? fe.clientMs() : (srvBe == null ? 0 : srvBe.serverMs());
        boolean half = halfClosed(d);
        if (tunnel && !half && srvBe != null && srvBe.tunnelMs() > 0) {
            t = srvBe.tunnelMs();
        }
        if (half) {
            long fin = d == CLI ? fe.clientFinMs() : (srvBe == null ? 0 : srvBe.serverFinMs());
            if (fin > 0) {
                t = fin;
            }
        }
        exp[d] = t > 0 ? Ticks.add(loop.now(), t) : Ticks.ETERNITY;
    }

    /**
     * Runs on the owner thread: HS-18: whether {@code timeout client-fin} / {@code server-fin} replaces the side's
     * timeout. In a tunnel, as in mode tcp (SES-9): once either direction is shut. Otherwise, as HAProxy's H1 mux: the
     * client side once the client sent its FIN or the connection is closing (the last bytes are being flushed before
     * the close); the server side once the server sent its FIN or our write side towards it is shut.
     */
    private boolean halfClosed(int d) {
        if (tunnel) {
            return front.eof() || back.eof() || front.shutW() || back.shutW();
        }
        if (d == CLI) {
            return front.eof() || front.shutW() || front.state() == H1Connection.H1C_ST_CLOSING;
        }
        return back.eof() || back.shutW();
    }

    // ---------------------------------------------------------------------------------------------
    // HS-7..9: connect and retries (the TcpStream SES-2/3 path: seed 002)

    /**
     * Runs on the owner thread: HS-7: the back connector goes REQ → ASS → CON: one connect attempt; a failure goes to
     * connectFailed.
     */
    void connect() {
        scb = ScState.SC_ST_REQ;
        ServerRt s = srv == null || !retried ? be.pick() : srv;
        if (s == null) {
            scb = ScState.SC_ST_CLO;
            an.errorReply(503, 's', 'C');
            return;
        }
        scb = ScState.SC_ST_ASS;
        srv = s;
        srvBe = be;
        int r = ServerConnect.attempt(s.address(), newFd, 0, this, srvCb, table, loop.context());
        if (newFd[0] >= 0) {
            back.bind(newFd[0], H1Connection.H1C_ST_RUNNING);
        }
        scb = ScState.SC_ST_CON;
        switch (r) {
            case ServerConnect.NO_SOCKET -> {
                scb = ScState.SC_ST_CLO;
                an.errorReply(503, 'R', 'C');
            }
            case ServerConnect.REFUSED -> connectFailed(false);
            case ServerConnect.CONNECTED -> {
                conExp = Ticks.add(loop.now(), be.connectMs());
                established();
            }
            default -> {
                conExp = Ticks.add(loop.now(), be.connectMs());
                armTimer();
            }
        }
    }

    private void onConnectEvent(int fd) {
        int outcome = ServerConnect.outcome(table, fd);
        if (outcome == ServerConnect.FAILED) {
            back.dropFd(loop.context());
            connectFailed(false);
        } else if (outcome == ServerConnect.OK) {
            scb = ScState.SC_ST_RDY;
            established();
        }
    }

    /**
     * Runs on the owner thread: HS-8: CER: the failed fd is already deleted (the request waiting in the server output
     * is kept for the next attempt); with retries left the connector waits in TAR for the task (no turn-around delay,
     * as in mode tcp: seed 002), else CLO and 503 ({@code SC}, or {@code sC} after {@code timeout connect}). HS-20:
     * a connect timeout on a later request of a keep-alive client connection sends no page and closes (reference
     * §3, HAProxy's TX_NOT_FIRST), still logged 503.
     */
    private void connectFailed(boolean timedOut) {
        scb = ScState.SC_ST_CER;
        srv.connErrors.incrementAndGet();
        conExp = Ticks.ETERNITY;
        if (retriesLeft > 0 && be.retryConnFailure()) {
            retriesLeft--;
            retried = true;
            srv.retries.incrementAndGet();
            be.retriesCount.incrementAndGet();
            scb = ScState.SC_ST_TAR;
            task.wakeup();
            return;
        }
        be.connErrors.incrementAndGet();
        scb = ScState.SC_ST_CLO;
        if (timedOut && txns > 0) {
            txn.status = 503;
            txn.open = true;
            finish('s', 'C');
            return;
        }
        an.errorReply(503, timedOut ? 's' : 'S', 'C');
    }

    /** Runs on the owner thread: HS-9: EST: the request head (in the server buffer) flows; response analysers. */
    private void established() {
        scb = ScState.SC_ST_EST;
        conExp = Ticks.ETERNITY;
        srv.sessionStarted();
        srvCounted = true;
        txn.sentNanos = System.nanoTime();
        txn.tc = (txn.sentNanos - txn.conStartNanos) / 1_000_000L;
        back.eof(false);
        back.resetInput();
        an.expectResponse();
        touch(SRV);
        touch(CLI);
        process();
    }

    // ---------------------------------------------------------------------------------------------
    // HS-14: subscriptions and timers

    private void subscribe() {
        ThreadContext ctx = loop.context();
        front.subscribe(ctx, !replying || draining);
        if (scb != ScState.SC_ST_CON) {
            back.subscribe(ctx, true);
        }
    }

    private long nextExpiry() {
        return Ticks.first(Ticks.first(conExp, reqExp), Ticks.first(exp[CLI], exp[SRV]));
    }

    void armTimer() {
        long e = nextExpiry();
        task.expire = e;
        if (Ticks.isSet(e)) {
            task.schedule(e);
        }
    }

    /** Runs on the owner thread from the task: retries and expired timeouts. */
    private void onTask() {
        if (isFree()) {
            task.expire = Ticks.ETERNITY;
            return;
        }
        long now = Ticks.now();
        if (scb == ScState.SC_ST_TAR) {
            connect();
        } else if (scb == ScState.SC_ST_CON && Ticks.isExpired(conExp, now)) {
            back.dropFd(loop.context());
            connectFailed(true);
        } else if (waitingRequest() && Ticks.isExpired(reqExp, now)) {
            reqExp = Ticks.ETERNITY;
            if (kaIdle) {
                finish('c', 'R');
                return;
            }
            an.errorReply(408, 'c', 'R');
        } else if (exchanging() && Ticks.isExpired(exp[SRV], now)) {
            exp[SRV] = Ticks.ETERNITY;
            an.serverError(504, 's', 'H');
        } else if (tunnel && Ticks.isExpired(exp[SRV], now)) {
            finish('s', 'D');
            return;
        } else if (Ticks.isExpired(exp[CLI], now)) {
            if (exchanging() && req.done() && !front.outPending()) {
                // As in HAProxy: once the request is sent, the client is not expected to act while the server
                // thinks; its timeout re-arms when response bytes wait for it (HS-14).
                exp[CLI] = Ticks.ETERNITY;
            } else {
                finish('c', 'D');
                return;
            }
        }
        if (isFree()) {
            return;
        }
        process();
        if (!isFree()) {
            task.expire = nextExpiry();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // HS-15: end

    /** Runs on the owner thread: closes the server connection (if any, bytes forgotten), releases the slot. */
    void closeServer() {
        back.close(loop.context());
        if (srvCounted) {
            srvCounted = false;
            srv.cur.decrementAndGet();
        }
        exp[SRV] = Ticks.ETERNITY;
        srvBe = null;
    }

    /** Runs on the owner thread: HS-16: one {@code option httplog} line for the transaction through the log ring. */
    void logTxn() {
        ServerRt s = txn.srvUsed ? srv : null;
        if (txn.open) {
            txn.count(fe, be, s); // show stat / show info HTTP counters, with or without option httplog
        }
        if (txn.open && http.httplog()) {
            txn.publish(worker.log().ring(), src, srcPort, fe.name(),
                    be == null || !txn.srvUsed ? fe.name() : be.name(), s, front.bytesOut(),
                    listener.limits().current(), fe.cur.get(), be == null ? 0 : be.cur.get(),
                    retried && be != null ? be.retries() - retriesLeft : 0);
        }
        txn.open = false;
    }

    private void failed(RuntimeException e) {
        worker.log().log(io.sluice.core.log.LogLevel.ERR, "http session failed: {}", e.toString());
        if (!isFree()) {
            finish('I', 'D');
        }
    }

    /** Runs on the owner thread: HS-15: closes both fds, releases buffers and limits, back to the pool. */
    void finish(char cause, char st) {
        ThreadContext ctx = loop.context();
        if (txn.open) {
            if (txn.tCause == '-') {
                txn.tCause = cause;
                txn.tSt = st;
            }
            logTxn();
        }
        closeServer();
        front.close(ctx);
        fe.bytesIn.addAndGet(back.bytesOut());
        fe.bytesOut.addAndGet(front.bytesOut());
        worker.buffers().put(front.in());
        worker.buffers().put(front.out());
        worker.buffers().put(back.in());
        worker.buffers().put(back.out());
        front.detachBuffers();
        back.detachBuffers();
        scf = ScState.SC_ST_CLO;
        scb = ScState.SC_ST_CLO;
        reqAn = resAn = 0;
        conExp = reqExp = Ticks.ETERNITY;
        if (task.inTimerQueue()) {
            task.unlinkTimer();
        }
        task.expire = Ticks.ETERNITY;
        loop.activity().inc(Activity.STREAM_CALLS);
        listener.limits().release(fe, ctx);
        worker.release(this);
    }

    // ---------------------------------------------------------------------------------------------
    // Diagnostics (racy reads from the CLI thread)

    /**
     * Runs on any thread (racy): true when {@code show sess} lists this session: a stream exists, i.e. the session
     * is live and a request head has been parsed (as HAProxy, an idle or embryonic HTTP connection has no stream).
     */
    public boolean hasStream() {
        return scf != ScState.SC_ST_CLO && (reqAn & HttpAnalysers.AN_REQ_WAIT_HTTP) == 0;
    }

    /** Runs on any thread (racy): one {@code show sess} line, in the shape of the mode tcp one. */
    public String describe() {
        return HttpSessLine.describe(this, uniqueId, acceptNanos, task.calls());
    }
}
