package io.sluice.core.stream;

import static io.sluice.core.h1.H1Flags.H1_MF_CHNK;
import static io.sluice.core.h1.H1Flags.H1_MF_CLEN;
import static io.sluice.core.h1.H1Flags.H1_MF_METH_HEAD;
import static io.sluice.core.h1.H1Flags.H1_MF_VER_11;
import static io.sluice.fdtable.FdState.FD_EV_READY_R;
import static io.sluice.fdtable.FdState.FD_EV_READY_W;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.sluice.core.backend.BackendRt;
import io.sluice.core.backend.FrontendRt;
import io.sluice.core.backend.HttpRt;
import io.sluice.core.backend.ServerRt;
import io.sluice.core.h1.AddedHeaders;
import io.sluice.core.h1.ConnectionPolicy;
import io.sluice.core.h1.H1BodyDecoder;
import io.sluice.core.h1.H1HeadWriter;
import io.sluice.core.h1.H1Parser;
import io.sluice.core.h1.HttpErrors;
import io.sluice.core.h1.PreparedReply;
import io.sluice.core.http.HeaderAction;
import io.sluice.core.http.HttpMatchContext;
import io.sluice.core.listener.Listener;
import io.sluice.fdtable.FdTable;
import io.sluice.fdtable.IoCallback;
import io.sluice.fdtable.ThreadContext;
import io.sluice.poller.Activity;
import io.sluice.poller.PollLoop;
import io.sluice.poller.Task;
import io.sluice.poller.Ticks;
import io.sluice.poller.sys.FdIo;
import io.sluice.poller.sys.Sockets;
import io.sluice.poller.sys.SysException;

/**
 * One mode http session (HTTP/1.1 on both sides): a client fd, at most one private server fd (http-reuse never
 * behaviour), four direct buffers, two parsers and body decoders, one timer task, all owned by one loop thread
 * (package documentation: HS steps). Pooled per thread; every method runs on the owner loop thread.
 */
public final class HttpStream {
    /** Free, in its worker's pool. */
    static final int PH_FREE = 0;
    /** Waiting for / parsing a request head (HAProxy's HTTP_MSG_RQBEFORE..RQLINE..HDR). */
    static final int PH_REQ = 1;
    /** Connecting to the server (SC_ST_CON). */
    static final int PH_CON = 2;
    /** A failed attempt waits for the task to retry (SC_ST_CER). */
    static final int PH_CER = 3;
    /** Request forwarded / response expected or forwarded (SC_ST_EST). */
    static final int PH_XFER = 4;
    /** A local reply (rule, error) is flushed, then the client is closed or the next request parsed. */
    static final int PH_REPLY = 5;
    /** After a valid 101: raw bytes both ways until either side closes (HS-17). */
    static final int PH_TUNNEL = 6;

    private static final int CLI = 0;
    private static final int SRV = 1;

    private final Worker worker;
    private final FdTable table;
    private final PollLoop loop;
    private final Task task;
    private final IoCallback cliCb = (fd, ctx) -> guarded(fd, CLI);
    private final IoCallback srvCb = (fd, ctx) -> guarded(fd, SRV);
    private final int[] fds = {-1, -1};
    /** Input buffers: bytes read from side d, [pos[d], hi[d]) not yet consumed. */
    private final ByteBuffer[] in = new ByteBuffer[2];
    private final int[] pos = new int[2];
    private final int[] hi = new int[2];
    /** Output buffers: bytes to write to side d, [olo[d], out[d].position()). */
    private final ByteBuffer[] out = new ByteBuffer[2];
    private final int[] olo = new int[2];
    private final boolean[] eof = new boolean[2];
    /** Tunnel only: our write side towards d is shut (HS-17). */
    private final boolean[] shutW = new boolean[2];
    private final long[] exp = {Ticks.ETERNITY, Ticks.ETERNITY};
    private final long[] bytes = new long[2];
    private final H1Parser reqP;
    private final H1Parser resP;
    private final H1BodyDecoder reqBody = H1BodyDecoder.withDefaults();
    private final H1BodyDecoder resBody = H1BodyDecoder.withDefaults();
    private final AddedHeaders added = new AddedHeaders(1024);
    private HttpMatchContext match;

    private int phase;
    private Listener listener;
    private FrontendRt fe;
    private HttpRt http;
    private BackendRt be;
    private ServerRt srv;
    private BackendRt srvBe;
    private int retriesLeft;
    private boolean retried;
    private long conExp = Ticks.ETERNITY;
    private long reqExp = Ticks.ETERNITY;
    private int txns;
    private byte[] src;
    private int srcPort;
    private int dstPort;
    private byte[] xff;
    private int reqFlags;
    private boolean reqDone;
    private boolean resHead;
    private boolean resDone;
    private boolean frontClose;
    private boolean backClose;
    private boolean srvCounted;
    private boolean kaIdle;
    /** httplog state of the current transaction (HS-16). */
    private final HttpTxnLog txn = new HttpTxnLog();

    HttpStream(Worker worker) {
        this.worker = worker;
        this.table = worker.table();
        this.loop = worker.loop();
        int cap = worker.buffers().bufSize();
        int rewrite = Math.min(1024, cap / 2);
        this.reqP = new H1Parser(101, cap, rewrite);
        this.resP = new H1Parser(101, cap, rewrite);
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
        fds[CLI] = cfd;
        fds[SRV] = -1;
        srv = null;
        srvBe = null;
        be = null;
        txns = 0;
        for (int d = 0; d < 2; d++) {
            in[d] = worker.buffers().get();
            out[d] = worker.buffers().get();
            out[d].clear();
            pos[d] = hi[d] = olo[d] = 0;
            eof[d] = false;
            shutW[d] = false;
            bytes[d] = 0;
            exp[d] = Ticks.ETERNITY;
        }
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
        xff = http.forwardfor() && ra != null
                ? ra.getAddress().getHostAddress().getBytes(StandardCharsets.ISO_8859_1) : null;
        table.insert(cfd, this, cliCb, ctx.tgid, ctx.ltidBit, 0);
        newRequest();
        process();
    }

    /** HS-2: resets the transaction; the request timer is http-request, or http-keep-alive when idle. */
    private void newRequest() {
        phase = PH_REQ;
        compact(CLI);
        reqP.beginRequest(in[CLI], 0);
        reqDone = resHead = resDone = false;
        frontClose = backClose = false;
        added.reset();
        kaIdle = txns > 0 && hi[CLI] == 0;
        txn.open = false;
        retried = false;
        txn.srvUsed = false;
        txn.reqLineLen = -1;
        txn.tr = txn.tc = txn.tresp = -1;
        txn.status = -1;
        txn.tCause = txn.tSt = '-';
        txn.bytes0 = bytes[CLI];
        if (!kaIdle) {
            txn.start();
        }
        long t = kaIdle ? http.keepAliveMs() : http.httpRequestMs();
        reqExp = t > 0 ? Ticks.add(loop.now(), t) : Ticks.ETERNITY;
        exp[CLI] = exp[SRV] = Ticks.ETERNITY;
    }

    // ---------------------------------------------------------------------------------------------
    // HS-3: the processing loop

    private void guarded(int fd, int side) {
        try {
            if (phase == PH_FREE || fd != fds[side]) {
                return;
            }
            if (side == SRV && phase == PH_CON) {
                onConnectEvent(fd);
                if (phase == PH_FREE || phase == PH_CON || phase == PH_CER) {
                    return;
                }
            }
            process();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** HS-3: moves everything that can move, until nothing does, then subscribes and arms the timer. */
    private void process() {
        boolean progress;
        do {
            progress = flush(CLI) | flush(SRV);
            if (phase == PH_FREE) {
                return;
            }
            progress |= read(CLI);
            if (phase == PH_FREE) {
                return;
            }
            if (phase == PH_REQ) {
                if (fds[SRV] >= 0) {
                    read(SRV);
                }
                progress |= requestHead();
            } else if (phase == PH_XFER) {
                progress |= read(SRV);
                if (phase == PH_FREE) {
                    return;
                }
                progress |= requestBody() | response();
            } else if (phase == PH_TUNNEL) {
                progress |= read(SRV);
                if (phase == PH_FREE) {
                    return;
                }
                progress |= tunnel();
            } else if (phase == PH_REPLY) {
                progress |= replyDone();
            } else if (phase == PH_CON || phase == PH_CER) {
                progress |= requestBody();
            }
            if (phase == PH_FREE) {
                return;
            }
        } while (progress);
        subscribe();
        armTimer();
    }

    /** Reads side {@code d} into its input buffer while ready and not full; true on progress. */
    private boolean read(int d) {
        int fd = fds[d];
        if (fd < 0 || eof[d]) {
            return false;
        }
        if (hi[d] == in[d].capacity() && pos[d] > 0 && (d == SRV ? resHead : phase != PH_REQ)) {
            compact(d);
        }
        boolean progress = false;
        while (!eof[d] && hi[d] < in[d].capacity() && (table.state(fd) & FD_EV_READY_R) != 0) {
            int n;
            try {
                n = FdIo.read(fd, in[d], hi[d], in[d].capacity());
            } catch (SysException e) {
                n = FdIo.EOF;
            }
            if (n > 0) {
                hi[d] += n;
                progress = true;
                touch(d);
            } else if (n == FdIo.EOF) {
                eof[d] = true;
                progress = true;
            } else {
                table.cantRecv(fd);
            }
        }
        if (d == SRV && progress && phase == PH_REQ) {
            // HS-12: an idle server connection spoke or closed: it cannot be reused.
            closeServer();
        }
        return progress;
    }

    /** Writes side {@code d}'s output buffer while ready; true on progress. */
    private boolean flush(int d) {
        int fd = fds[d];
        ByteBuffer b = out[d];
        if (fd < 0 || b.position() == olo[d] || (d == SRV && phase == PH_CON)) {
            return false;
        }
        boolean progress = false;
        while (b.position() > olo[d] && (table.state(fd) & FD_EV_READY_W) != 0) {
            int n;
            try {
                n = FdIo.write(fd, b, olo[d], b.position());
            } catch (SysException e) {
                finish(d == CLI ? 'C' : 'S', 'D');
                return false;
            }
            if (n > 0) {
                olo[d] += n;
                bytes[d] += n;
                progress = true;
                touch(d);
            } else {
                table.cantSend(fd);
            }
        }
        if (b.position() == olo[d]) {
            b.clear();
            olo[d] = 0;
        }
        return progress;
    }

    private void compact(int d) {
        ByteBuffer b = in[d];
        if (pos[d] == 0) {
            return;
        }
        int n = hi[d] - pos[d];
        if (n > 0) {
            b.clear();
            b.put(0, b, pos[d], n);
        }
        pos[d] = 0;
        hi[d] = n;
    }

    private void touch(int d) {
        long t = d == CLI ? fe.clientMs() : (srvBe == null ? 0 : srvBe.serverMs());
        if (phase == PH_TUNNEL && srvBe != null && srvBe.tunnelMs() > 0) {
            t = srvBe.tunnelMs();
        }
        if (d == CLI && phase == PH_REQ) {
            return;
        }
        exp[d] = t > 0 ? Ticks.add(loop.now(), t) : Ticks.ETERNITY;
    }

    // ---------------------------------------------------------------------------------------------
    // HS-4..6: request head, rules, routing

    /** HS-4: parses the request head; on DONE evaluates the rules and routes. */
    private boolean requestHead() {
        if (hi[CLI] == 0) {
            if (eof[CLI]) {
                txn.open = false; // nothing received: no transaction to log
                finish('-', '-');
            }
            return false;
        }
        if (kaIdle) {
            kaIdle = false;
            txn.start();
            long t = http.httpRequestMs();
            reqExp = t > 0 ? Ticks.add(loop.now(), t) : Ticks.ETERNITY;
        }
        int r = reqP.parse(hi[CLI]);
        if (r == H1Parser.NEED_MORE) {
            if (eof[CLI]) {
                finish('C', 'R');
            }
            return false;
        }
        if (r == H1Parser.ERROR) {
            errorReply(reqP.errorStatus(), 'P', 'R');
            return true;
        }
        reqFlags = reqP.flags();
        pos[CLI] = reqP.headEnd();
        txn.headNanos = System.nanoTime();
        txn.tr = (txn.headNanos - txn.reqStartNanos) / 1_000_000L;
        txn.reqLineLen = Math.min(txn.reqLine.length, reqP.versionEnd() - reqP.methodStart());
        in[CLI].get(reqP.methodStart(), txn.reqLine, 0, txn.reqLineLen);
        reqExp = Ticks.ETERNITY;
        match.set(reqP, src, srcPort, dstPort);
        boolean hasBody = (reqFlags & (H1_MF_CLEN | H1_MF_CHNK)) != 0 && (reqP.contentLength() != 0
                || (reqFlags & H1_MF_CHNK) != 0);
        HttpRt.Rule[] rules = http.requestRules();
        for (HttpRt.Rule rule : rules) {
            if (!rule.cond.test(match)) {
                continue;
            }
            if (rule.kind == HttpRt.R_ALLOW) {
                break;
            }
            if (rule.kind == HttpRt.R_HEADER) {
                if (!rule.header.apply(reqP.headers(), added)) {
                    errorReply(500, 'P', 'R');
                    return true;
                }
                continue;
            }
            boolean closing = hasBody || rule.kind == HttpRt.R_REPLY && rule.reply.closes()
                    || ConnectionPolicy.frontClosesOnRequest(reqFlags) || http.frontMode() == ConnectionPolicy.MODE_CLO;
            int conn = closing ? PreparedReply.CONN_CLOSE
                    : (reqFlags & H1_MF_VER_11) == 0 ? PreparedReply.CONN_KEEP_ALIVE : PreparedReply.CONN_NONE;
            int n = rule.kind == HttpRt.R_REPLY
                    ? rule.reply.write(out[CLI], conn, (reqFlags & H1_MF_METH_HEAD) != 0)
                    : rule.redirect.write(out[CLI], reqP, conn);
            if (n < 0) {
                errorReply(500, 'P', 'R');
                return true;
            }
            frontClose = closing;
            txn.status = rule.kind == HttpRt.R_REPLY ? rule.reply.status() : rule.redirect.code();
            txn.tCause = rule.cause;
            txn.tSt = 'R';
            phase = PH_REPLY;
            return true;
        }
        BackendRt target = fe.defaultBackend();
        io.sluice.core.http.CompiledCondition[] sc = http.switchConds();
        for (int i = 0; i < sc.length; i++) {
            if (sc[i].test(match)) {
                target = http.switchBackends()[i];
                break;
            }
        }
        if (target == null) {
            errorReply(503, 'P', 'R');
            return true;
        }
        boolean reuse = fds[SRV] >= 0 && target == srvBe;
        if (!reuse) {
            closeServer();
        }
        frontClose = ConnectionPolicy.frontClosesOnRequest(reqFlags);
        int backMode = target.httpMode();
        backClose = ConnectionPolicy.backClosesOnRequest(false, false, http.frontMode(), backMode);
        int conn = ConnectionPolicy.backHeader(reqFlags, backClose, false);
        if (H1HeadWriter.writeRequest(out[SRV], reqP, added, xff, conn) < 0) {
            errorReply(500, 'P', 'R');
            return true;
        }
        reqBody.begin(reqP);
        reqDone = reqBody.result() == H1BodyDecoder.DONE;
        txn.srvUsed = true;
        if (reuse) {
            // HS-12: the private server connection is reused.
            txn.tc = 0;
            txn.sentNanos = txn.headNanos;
            be = target;
            phase = PH_XFER;
            beginResponse();
            touch(SRV);
            touch(CLI);
            return true;
        }
        be = target;
        txn.conStartNanos = System.nanoTime();
        retriesLeft = be.retries();
        retried = false;
        srv = null;
        connect();
        return true;
    }

    /** HS-5: copies request body bytes (as received, framing included) to the server buffer. */
    private boolean requestBody() {
        if (reqDone || phase == PH_REQ) {
            return false;
        }
        ByteBuffer o = out[SRV];
        int room = o.capacity() - o.position();
        int avail = hi[CLI] - pos[CLI];
        if (room == 0 || avail == 0) {
            if (eof[CLI] && avail == 0) {
                finish('C', 'D');
                return false;
            }
            return false;
        }
        int end = reqBody.feed(in[CLI], pos[CLI], pos[CLI] + Math.min(room, avail));
        int n = end - pos[CLI];
        o.put(o.position(), in[CLI], pos[CLI], n);
        o.position(o.position() + n);
        pos[CLI] = end;
        if (reqBody.result() == H1BodyDecoder.ERROR) {
            finish('P', 'D');
            return false;
        }
        reqDone = reqBody.result() == H1BodyDecoder.DONE;
        if (pos[CLI] == hi[CLI] && !reqDone) {
            pos[CLI] = hi[CLI] = 0;
        }
        return n > 0;
    }

    private void beginResponse() {
        compact(SRV);
        resP.beginResponse(in[SRV], 0, reqFlags);
    }

    // ---------------------------------------------------------------------------------------------
    // HS-7..9: connect and retries (the TcpStream SES-2/3 path: seed 002)

    /** HS-7: one connect attempt; a failure goes to {@link #connectFailed}. */
    private void connect() {
        phase = PH_CON;
        ServerRt s = srv == null || !retried ? be.pick() : srv;
        if (s == null) {
            errorReply(503, 's', 'C');
            return;
        }
        srv = s;
        srvBe = be;
        switch (ServerConnect.attempt(s.address(), fds, SRV, this, srvCb, table, loop.context())) {
            case ServerConnect.NO_SOCKET -> errorReply(503, 'R', 'C');
            case ServerConnect.REFUSED -> connectFailed();
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
            closeServer();
            connectFailed();
        } else if (outcome == ServerConnect.OK) {
            established();
        }
    }

    /** HS-8: the failed fd is already deleted; the next attempt runs from the task (seed 002), else 503. */
    private void connectFailed() {
        srv.connErrors.incrementAndGet();
        conExp = Ticks.ETERNITY;
        if (retriesLeft > 0) {
            retriesLeft--;
            retried = true;
            srv.retries.incrementAndGet();
            be.retriesCount.incrementAndGet();
            phase = PH_CER;
            task.wakeup();
            return;
        }
        be.connErrors.incrementAndGet();
        errorReply(503, 'S', 'C');
    }

    /** HS-9: connected: the request head (already in the server buffer) flows. */
    private void established() {
        phase = PH_XFER;
        conExp = Ticks.ETERNITY;
        srv.sessionStarted();
        srvCounted = true;
        txn.sentNanos = System.nanoTime();
        txn.tc = (txn.sentNanos - txn.conStartNanos) / 1_000_000L;
        eof[SRV] = false;
        pos[SRV] = hi[SRV] = 0;
        beginResponse();
        touch(SRV);
        touch(CLI);
        process();
    }

    // ---------------------------------------------------------------------------------------------
    // HS-10..11: response

    /** HS-10: parses the response head (1xx forwarded), applies http-response rules, then forwards the body. */
    private boolean response() {
        if (!resHead) {
            if (hi[SRV] == 0 && !eof[SRV]) {
                return false;
            }
            int r = resP.parse(hi[SRV]);
            if (r == H1Parser.NEED_MORE) {
                if (eof[SRV]) {
                    serverError(502, 'S', 'H');
                }
                return false;
            }
            if (r == H1Parser.ERROR) {
                serverError(502, 'P', 'H');
                return true;
            }
            int resFlags = resP.flags();
            int status = resP.status();
            if (status >= 100 && status < 200 && status != 101) {
                if (H1HeadWriter.writeResponse(out[CLI], resP, null, PreparedReply.CONN_NONE) < 0) {
                    return false;
                }
                pos[SRV] = resP.headEnd();
                beginResponse();
                return true;
            }
            added.reset();
            for (HeaderAction a : http.responseRules()) {
                if (a.condition().test(match)) {
                    a.apply(resP.headers(), added);
                }
            }
            txn.status = status;
            txn.tresp = (System.nanoTime() - txn.sentNanos) / 1_000_000L;
            // The server's own "Connection: close" ends the server connection only (MODE-5); the client side
            // stays open unless the length is unknown (HAProxy keeps the client alive when a server closes).
            frontClose = frontClose || ConnectionPolicy.frontClosesOnResponse(reqFlags,
                    resFlags & ~io.sluice.core.h1.H1Flags.H1_MF_CONN_CLO, false,
                    http.frontMode()) || status == 101;
            backClose = backClose || ConnectionPolicy.backClosesOnResponse(resFlags) || status == 101;
            int conn = ConnectionPolicy.frontHeader(reqFlags, resFlags, frontClose, false);
            if (H1HeadWriter.writeResponse(out[CLI], resP, added, conn) < 0) {
                if (out[CLI].position() == 0) {
                    serverError(502, 'P', 'H');
                    return true;
                }
                return false;
            }
            pos[SRV] = resP.headEnd();
            if (status == 101 && ConnectionPolicy.validSwitchingProtocols(reqFlags, resFlags) && reqDone) {
                // HS-17: Upgrade accepted: the connection becomes a tunnel.
                phase = PH_TUNNEL;
                resHead = true;
                touch(CLI);
                touch(SRV);
                return true;
            }
            resBody.begin(resP);
            resHead = true;
            resDone = resBody.result() == H1BodyDecoder.DONE;
        }
        boolean progress = false;
        if (!resDone) {
            ByteBuffer o = out[CLI];
            int room = o.capacity() - o.position();
            int avail = hi[SRV] - pos[SRV];
            if (room > 0 && avail > 0) {
                int end = resBody.feed(in[SRV], pos[SRV], pos[SRV] + Math.min(room, avail));
                int n = end - pos[SRV];
                o.put(o.position(), in[SRV], pos[SRV], n);
                o.position(o.position() + n);
                pos[SRV] = end;
                progress = n > 0;
                if (progress && exp[CLI] == Ticks.ETERNITY) {
                    touch(CLI);
                }
                if (pos[SRV] == hi[SRV]) {
                    pos[SRV] = hi[SRV] = 0;
                }
            }
            if (resBody.result() == H1BodyDecoder.MORE && eof[SRV] && hi[SRV] == pos[SRV]) {
                resBody.onEof();
            }
            if (resBody.result() == H1BodyDecoder.ERROR) {
                finish('S', 'D');
                return false;
            }
            resDone = resBody.result() == H1BodyDecoder.DONE;
        }
        if (resDone && reqDone && out[CLI].position() == olo[CLI]) {
            endTransaction();
            return true;
        }
        return progress;
    }

    /**
     * HS-17: tunnel after a 101: copies what each side sent to the other while there is room; a side's FIN is
     * propagated once its data is delivered; the session ends when both write sides are shut.
     */
    private boolean tunnel() {
        boolean progress = copyRaw(CLI, SRV) | copyRaw(SRV, CLI);
        for (int d = 0; d < 2; d++) {
            int o = 1 - d;
            if (eof[d] && !shutW[o] && pos[d] == hi[d] && out[o].position() == olo[o]) {
                // SES-6 as in mode tcp: a side's FIN, once its data is delivered, half-closes the other side.
                shutW[o] = true;
                try {
                    Sockets.shutdown(fds[o], false, true);
                } catch (SysException ignored) {
                    // NOTE: the peer is gone; its read side reports it.
                }
                progress = true;
            }
        }
        if (shutW[CLI] && shutW[SRV]) {
            finish('-', '-');
            return false;
        }
        return progress;
    }

    private boolean copyRaw(int from, int to) {
        ByteBuffer o = out[to];
        int n = Math.min(o.capacity() - o.position(), hi[from] - pos[from]);
        if (n <= 0) {
            return false;
        }
        o.put(o.position(), in[from], pos[from], n);
        o.position(o.position() + n);
        pos[from] += n;
        if (pos[from] == hi[from]) {
            pos[from] = hi[from] = 0;
        }
        return true;
    }

    /** An invalid or missing response: a 502/504 to the client if nothing was sent yet, then close. */
    private void serverError(int status, char cause, char st) {
        closeServer();
        if (resHead) {
            finish(cause, 'D');
            return;
        }
        errorReply(status, cause, st);
    }

    /** HS-11: the transaction is over: close what must close, else parse the next (pipelined) request. */
    private void endTransaction() {
        txns++;
        be.total.incrementAndGet();
        logTxn();
        if (backClose || eof[SRV] || pos[SRV] != hi[SRV]) {
            closeServer();
        }
        if (frontClose) {
            finish('-', '-');
            return;
        }
        newRequest();
    }

    /** HS-13: a local reply is flushed: close or go on with the next request. */
    private boolean replyDone() {
        if (out[CLI].position() != olo[CLI]) {
            return false;
        }
        logTxn();
        if (frontClose) {
            finish('-', '-');
            return false;
        }
        txns++;
        newRequest();
        return true;
    }

    /** Queues HAProxy's error page {@code status} and closes after it (HS-13). */
    private void errorReply(int status, char cause, char st) {
        closeServer();
        ByteBuffer o = out[CLI];
        o.clear();
        olo[CLI] = 0;
        o.put(HttpErrors.raw(status));
        txn.status = status;
        txn.open = true;
        if (txn.tCause == '-') {
            txn.tCause = cause;
            txn.tSt = st;
        }
        frontClose = true;
        phase = PH_REPLY;
        eof[CLI] = true;
    }

    // ---------------------------------------------------------------------------------------------
    // HS-14: subscriptions and timers

    private void subscribe() {
        ThreadContext ctx = loop.context();
        int c = fds[CLI];
        if (!eof[CLI] && hi[CLI] < in[CLI].capacity() && phase != PH_REPLY) {
            table.wantRecv(c, ctx);
        } else {
            table.stopRecv(c);
        }
        if (out[CLI].position() > olo[CLI]) {
            table.wantSend(c, ctx);
        } else {
            table.stopSend(c);
        }
        int s = fds[SRV];
        if (s < 0 || phase == PH_CON) {
            return;
        }
        if (!eof[SRV] && hi[SRV] < in[SRV].capacity()) {
            table.wantRecv(s, ctx);
        } else {
            table.stopRecv(s);
        }
        if (out[SRV].position() > olo[SRV]) {
            table.wantSend(s, ctx);
        } else {
            table.stopSend(s);
        }
    }

    private long nextExpiry() {
        return Ticks.first(Ticks.first(conExp, reqExp), Ticks.first(exp[CLI], exp[SRV]));
    }

    private void armTimer() {
        long e = nextExpiry();
        task.expire = e;
        if (Ticks.isSet(e)) {
            task.schedule(e);
        }
    }

    /** Runs on the owner thread from the task: retries and expired timeouts. */
    private void onTask() {
        if (phase == PH_FREE) {
            task.expire = Ticks.ETERNITY;
            return;
        }
        long now = Ticks.now();
        if (phase == PH_CER) {
            connect();
        } else if (phase == PH_CON && Ticks.isExpired(conExp, now)) {
            closeServer();
            connectFailed();
        } else if (phase == PH_REQ && Ticks.isExpired(reqExp, now)) {
            reqExp = Ticks.ETERNITY;
            if (kaIdle) {
                finish('c', 'R');
                return;
            }
            errorReply(408, 'c', 'R');
        } else if (phase == PH_XFER && Ticks.isExpired(exp[SRV], now)) {
            exp[SRV] = Ticks.ETERNITY;
            serverError(504, 's', 'H');
        } else if (phase == PH_TUNNEL && Ticks.isExpired(exp[SRV], now)) {
            finish('s', 'D');
            return;
        } else if (Ticks.isExpired(exp[CLI], now)) {
            if (phase == PH_XFER && reqDone && out[CLI].position() == olo[CLI]) {
                // As in HAProxy: once the request is sent, the client is not expected to act while the server
                // thinks; its timeout re-arms when response bytes wait for it (HS-14).
                exp[CLI] = Ticks.ETERNITY;
            } else {
                finish('c', 'D');
                return;
            }
        }
        if (phase == PH_FREE) {
            return;
        }
        process();
        if (phase != PH_FREE) {
            task.expire = nextExpiry();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // HS-15: end

    private void closeServer() {
        int sfd = fds[SRV];
        if (sfd >= 0) {
            fds[SRV] = -1;
            table.delete(sfd, loop.context());
        }
        if (srvCounted) {
            srvCounted = false;
            srv.cur.decrementAndGet();
        }
        out[SRV].clear();
        olo[SRV] = 0;
        pos[SRV] = hi[SRV] = 0;
        eof[SRV] = false;
        exp[SRV] = Ticks.ETERNITY;
        srvBe = null;
    }

    /** HS-16: one {@code option httplog} line for the transaction through the log ring. */
    private void logTxn() {
        if (txn.open && http.httplog()) {
            ServerRt s = txn.srvUsed ? srv : null;
            txn.publish(worker.log().ring(), src, srcPort, fe.name(),
                    be == null || !txn.srvUsed ? fe.name() : be.name(), s, bytes[CLI], listener.limits().current(),
                    fe.cur.get(), be == null ? 0 : be.cur.get(), retried && be != null ? be.retries() - retriesLeft : 0);
        }
        txn.open = false;
    }

    private void failed(RuntimeException e) {
        worker.log().log(io.sluice.core.log.LogLevel.ERR, "http session failed: {}", e.toString());
        if (phase != PH_FREE) {
            finish('I', 'D');
        }
    }

    /** HS-15: closes both fds, releases buffers and limits, returns the session to the pool. */
    private void finish(char cause, char st) {
        ThreadContext ctx = loop.context();
        if (txn.open) {
            if (txn.tCause == '-') {
                txn.tCause = cause;
                txn.tSt = st;
            }
            logTxn();
        }
        closeServer();
        int cfd = fds[CLI];
        fds[CLI] = -1;
        if (cfd >= 0) {
            table.delete(cfd, ctx);
        }
        fe.bytesIn.addAndGet(bytes[SRV]);
        fe.bytesOut.addAndGet(bytes[CLI]);
        for (int d = 0; d < 2; d++) {
            worker.buffers().put(in[d]);
            worker.buffers().put(out[d]);
            in[d] = out[d] = null;
        }
        phase = PH_FREE;
        conExp = reqExp = Ticks.ETERNITY;
        if (task.inTimerQueue()) {
            task.unlinkTimer();
        }
        task.expire = Ticks.ETERNITY;
        loop.activity().inc(Activity.STREAM_CALLS);
        listener.limits().release(fe, ctx);
        worker.release(this);
    }
}
