package io.sluice.core.stream;

import static io.sluice.core.h1.H1Flags.H1_MF_CHNK;
import static io.sluice.core.h1.H1Flags.H1_MF_CLEN;
import static io.sluice.core.h1.H1Flags.H1_MF_CONN_CLO;
import static io.sluice.core.h1.H1Flags.H1_MF_EXPECT_100;
import static io.sluice.core.h1.H1Flags.H1_MF_METH_CONNECT;
import static io.sluice.core.h1.H1Flags.H1_MF_METH_HEAD;
import static io.sluice.core.h1.H1Flags.H1_MF_VER_11;
import static io.sluice.core.stream.HttpStream.CLI;
import static io.sluice.core.stream.HttpStream.SRV;

import io.sluice.core.backend.BackendRt;
import io.sluice.core.backend.ForwardForRt;
import io.sluice.core.backend.HttpRt;
import io.sluice.core.h1.ConnectionPolicy;
import io.sluice.core.h1.ErrorFile;
import io.sluice.core.h1.H1HeadWriter;
import io.sluice.core.h1.H1Parser;
import io.sluice.core.h1.HttpErrors;
import io.sluice.core.h1.PreparedReply;
import io.sluice.core.http.CompiledCondition;
import io.sluice.core.http.HeaderAction;
import io.sluice.core.mux.H1Connection;
import io.sluice.core.mux.H1Stream;
import io.sluice.poller.Ticks;

/**
 * The HTTP analysers of one {@link HttpStream}, in HAProxy's order: on the request channel wait-for-request,
 * http-request rules / redirect / return (process_fe), switching rules, the inner request step (forwardfor,
 * connection header, head to the server) and body forwarding; on the response channel wait-for-response,
 * http-response rules, body forwarding; then the end of the transaction (HS-11), local replies (HS-13) and the
 * tunnel (HS-17). One per stream, created with it; every method runs on the stream's loop thread and reads or
 * writes the stream's package-private state.
 */
final class HttpAnalysers {
    /** Request analysers, lowest bit first (HAProxy's AN_REQ_* order). */
    static final int AN_REQ_WAIT_HTTP = 1;
    static final int AN_REQ_HTTP_PROCESS_FE = 1 << 1;
    static final int AN_REQ_SWITCHING_RULES = 1 << 2;
    static final int AN_REQ_HTTP_INNER = 1 << 3;
    static final int AN_REQ_HTTP_XFER_BODY = 1 << 4;
    static final int AN_REQ_ALL = AN_REQ_WAIT_HTTP | AN_REQ_HTTP_PROCESS_FE | AN_REQ_SWITCHING_RULES
            | AN_REQ_HTTP_INNER | AN_REQ_HTTP_XFER_BODY;
    /** Response analysers (HAProxy's AN_RES_* order). */
    static final int AN_RES_WAIT_HTTP = 1;
    static final int AN_RES_HTTP_PROCESS = 1 << 1;
    static final int AN_RES_HTTP_XFER_BODY = 1 << 2;
    static final int AN_RES_ALL = AN_RES_WAIT_HTTP | AN_RES_HTTP_PROCESS | AN_RES_HTTP_XFER_BODY;

    private final HttpStream s;
    private final H1Connection front;
    private final H1Connection back;
    private final H1Stream req;
    private final H1Stream res;
    private final HttpTunnel tunnelPump;

    HttpAnalysers(HttpStream s) {
        this.s = s;
        this.front = s.front;
        this.back = s.back;
        this.req = s.req;
        this.res = s.res;
        this.tunnelPump = new HttpTunnel(s);
    }

    // ---------------------------------------------------------------------------------------------
    // HS-4..6: request head, rules, routing

    /**
     * Runs on the owner thread: HS-4: AN_REQ_WAIT_HTTP: parses the request head (the mux's part: an error answers
     * HAProxy's page for the parser's status); once parsed, the following request analysers run in order.
     */
    boolean waitForRequest() {
        if (front.hi() == 0) {
            if (front.eof()) {
                s.txn.open = false; // nothing received: no transaction to log
                s.finish('-', '-');
            }
            return false;
        }
        if (s.kaIdle) {
            s.kaIdle = false;
            s.txn.start();
            long t = s.http.httpRequestMs();
            s.reqExp = t > 0 ? Ticks.add(s.loop.now(), t) : Ticks.ETERNITY;
        }
        front.state(H1Connection.H1C_ST_RUNNING);
        int r = req.parseHead(front);
        if (r == H1Parser.NEED_MORE) {
            if (front.eof()) {
                s.finish('C', 'R');
            }
            return false;
        }
        if (r == H1Parser.ERROR) {
            errorReply(req.parser().errorStatus(), 'P', 'R');
            return true;
        }
        if (req.bodyErrorWithHead(front)) {
            // HS-4: a bad chunk read with the head is the mux's error: 400, <BADREQ>, nothing reaches the server.
            errorReply(400, 'P', 'R');
            return true;
        }
        H1Parser p = req.parser();
        front.pos(p.headEnd());
        s.reqFlags = req.flags();
        s.reqAn &= ~AN_REQ_WAIT_HTTP;
        HttpTxnLog txn = s.txn;
        txn.headNanos = System.nanoTime();
        txn.tr = (txn.headNanos - txn.reqStartNanos) / 1_000_000L;
        txn.reqLineLen = Math.min(txn.reqLine.length, p.versionEnd() - p.methodStart());
        front.in().get(p.methodStart(), txn.reqLine, 0, txn.reqLineLen);
        s.reqExp = Ticks.ETERNITY;
        s.match.set(p, s.src, s.srcPort, s.dstPort);
        if (!processFrontend()) {
            return true;
        }
        BackendRt target = switchingRules();
        if (target == null) {
            errorReply(503, 'P', 'R');
            return true;
        }
        inner(target);
        return true;
    }

    /**
     * Runs on the owner thread: HS-5: AN_REQ_HTTP_PROCESS_FE: http-request rules in order (header actions edit the
     * table or the added lines; return/deny/redirect answer locally), then the redirect lines. False when a local reply
     * ends the request analysis.
     */
    private boolean processFrontend() {
        s.reqAn &= ~AN_REQ_HTTP_PROCESS_FE;
        int flags = s.reqFlags;
        H1Parser p = req.parser();
        boolean hasBody = (flags & (H1_MF_CLEN | H1_MF_CHNK)) != 0 && (p.contentLength() != 0
                || (flags & H1_MF_CHNK) != 0);
        for (HttpRt.Rule rule : s.http.requestRules()) {
            if (!rule.cond.test(s.match)) {
                continue;
            }
            if (rule.kind == HttpRt.R_ALLOW) {
                break;
            }
            if (rule.kind == HttpRt.R_HEADER) {
                if (!rule.header.apply(p.headers(), s.added)) {
                    errorReply(500, 'P', 'R');
                    return false;
                }
                continue;
            }
            boolean closing = rule.kind == HttpRt.R_REPLY && rule.reply.closes()
                    || ConnectionPolicy.frontClosesOnRequest(flags)
                    || s.http.frontMode() == ConnectionPolicy.MODE_CLO;
            boolean drain = hasBody && !closing && canDrain(flags, p.contentLength());
            closing |= hasBody && !drain;
            int conn = closing ? PreparedReply.CONN_CLOSE
                    : (flags & H1_MF_VER_11) == 0 ? PreparedReply.CONN_KEEP_ALIVE : PreparedReply.CONN_NONE;
            int n = rule.kind == HttpRt.R_REPLY
                    ? rule.reply.write(front.out(), conn, (flags & H1_MF_METH_HEAD) != 0)
                    : rule.redirect.write(front.out(), p, conn);
            if (n < 0) {
                errorReply(500, 'P', 'R');
                return false;
            }
            s.frontClose = closing;
            if (closing) {
                front.state(H1Connection.H1C_ST_CLOSING);
            }
            s.txn.status = rule.kind == HttpRt.R_REPLY ? rule.reply.status() : rule.redirect.code();
            s.txn.tCause = rule.cause;
            s.txn.tSt = 'R';
            localReply();
            if (drain) {
                // HS-19: the rest of the body is read and dropped so that the connection can stay alive.
                req.headForwarded(front);
                s.draining = !req.done();
                front.state(H1Connection.H1C_ST_DRAINING);
                s.touch(CLI);
            }
            return false;
        }
        return true;
    }

    /**
     * Runs on the owner thread: HS-6: AN_REQ_SWITCHING_RULES: use_backend conditions in order, else default_backend
     * (null: none).
     */
    private BackendRt switchingRules() {
        s.reqAn &= ~AN_REQ_SWITCHING_RULES;
        BackendRt target = s.fe.defaultBackend();
        CompiledCondition[] sc = s.http.switchConds();
        for (int i = 0; i < sc.length; i++) {
            if (sc[i].test(s.match)) {
                return s.http.switchBackends()[i];
            }
        }
        return target;
    }

    /**
     * Runs on the owner thread: HS-6: AN_REQ_HTTP_INNER: connection modes of both sides, the rewritten head
     * (X-Forwarded-For, connection header) to the server output, the body framer; then the back connector: reuse of the
     * private connection (ASS → EST at once, HS-12) or a connect (HS-7).
     */
    private void inner(BackendRt target) {
        s.be = target;
        boolean reuse = back.hasFd() && target == s.srvBe;
        if (!reuse) {
            s.closeServer();
        }
        s.frontClose = ConnectionPolicy.frontClosesOnRequest(s.reqFlags);
        s.backClose = ConnectionPolicy.backClosesOnRequest(false, false, s.http.frontMode(), target.httpMode());
        int conn = ConnectionPolicy.backHeader(s.reqFlags, s.backClose, false);
        byte[] xffName = ForwardForRt.header(s.http.forwardfor(), target.forwardfor(), s.src, req.parser().headers());
        if (xffName != null && s.xff == null) {
            // The client address as text, once per client connection (FWD-1).
            s.xff = ForwardForRt.addressText(s.srcAddr);
        }
        byte[] xffValue = xffName == null ? null : s.xff;
        if (H1HeadWriter.writeRequest(back.out(), req.parser(), s.added, xffName, xffValue, conn) < 0) {
            errorReply(500, 'P', 'R');
            return;
        }
        req.headForwarded(front);
        s.reqAn &= ~AN_REQ_HTTP_INNER;
        if (req.done()) {
            s.reqAn &= ~AN_REQ_HTTP_XFER_BODY;
        }
        s.txn.srvUsed = true;
        if (reuse) {
            // HS-12: the private server connection is reused.
            s.srvReused = true;
            s.txn.tc = 0;
            s.txn.sentNanos = s.txn.headNanos;
            s.scb = ScState.SC_ST_EST;
            back.state(H1Connection.H1C_ST_RUNNING);
            expectResponse();
            s.touch(SRV);
            s.touch(CLI);
            return;
        }
        s.txn.conStartNanos = System.nanoTime();
        s.srvReused = false;
        s.retriesLeft = target.retries();
        s.retried = false;
        s.srv = null;
        s.connect();
    }

    /**
     * Runs on the owner thread: HS-5: AN_REQ_HTTP_XFER_BODY: copies request body bytes (framing included) to the server
     * output.
     */
    boolean requestBody() {
        if (req.done() || s.waitingRequest()) {
            return false;
        }
        if (back.outRoom() == 0 || front.avail() == 0) {
            if (front.eof() && front.avail() == 0) {
                s.finish('C', 'D');
            }
            return false;
        }
        int n = req.forwardBody(front, back, true);
        if (n == H1Stream.FWD_ERROR) {
            if (res.headDone()) {
                s.finish('P', 'D');
                return false;
            }
            // HS-5: a bad chunk before any response: 400, phase by the back connector (C while connecting).
            char st = s.scb == ScState.SC_ST_EST ? 'H' : 'C';
            s.scb = ScState.SC_ST_CLO;
            errorReply(400, 'P', st);
            return true;
        }
        if (req.done()) {
            s.reqAn &= ~AN_REQ_HTTP_XFER_BODY;
        }
        return n > 0;
    }

    // ---------------------------------------------------------------------------------------------
    // HS-10..11: response

    /**
     * Runs on the owner thread when the back connector is established: the response analysers are set, a response is
     * expected.
     */
    void expectResponse() {
        s.resAn = AN_RES_ALL;
        res.beginResponse(back, s.reqFlags);
    }

    /**
     * Runs on the owner thread: HS-10: AN_RES_WAIT_HTTP (1xx forwarded, invalid → 502), AN_RES_HTTP_PROCESS
     * (http-response header rules, connection header by ConnectionPolicy), AN_RES_HTTP_XFER_BODY (length, chunked or
     * until close).
     */
    boolean response() {
        if (!res.headDone()) {
            if (back.hi() == 0 && !back.eof()) {
                return false;
            }
            int r = res.parseHead(back);
            if (r == H1Parser.NEED_MORE) {
                if (back.eof() && s.srvReused) {
                    // HS-21: reference §2 (abort_keep_alive): a reused server connection closed before the response
                    // closes the client silently, no reply and no log, so that the client retries.
                    s.txn.open = false;
                    s.finish('S', 'H');
                } else if (back.eof()) {
                    serverError(502, 'S', 'H');
                }
                return false;
            }
            if (r == H1Parser.ERROR || res.bodyErrorWithHead(back)) {
                // A bad chunk read with the head is a parse error of the response, as in HAProxy's mux (PH).
                serverError(502, 'P', 'H');
                return true;
            }
            return responseHead();
        }
        return responseBody();
    }

    /**
     * Runs on the owner thread: HS-10: forwards the response body bytes that are in (framing as received) and ends
     * the transaction when both messages are done; true on progress.
     */
    private boolean responseBody() {
        boolean progress = false;
        if (!res.done()) {
            int n = res.forwardBody(back, front, false);
            if (n == H1Stream.FWD_ERROR) {
                truncated();
                return true;
            }
            progress = n > 0;
            if (progress && s.exp[CLI] == Ticks.ETERNITY) {
                s.touch(CLI);
            }
        }
        if (res.done() && req.done() && !front.outPending()) {
            endTransaction();
            return true;
        }
        return progress;
    }

    private boolean responseHead() {
        H1Parser p = res.parser();
        int resFlags = res.flags();
        int status = p.status();
        if (status >= 100 && status < 200 && status != 101) {
            if (H1HeadWriter.writeResponse(front.out(), p, null, PreparedReply.CONN_NONE) < 0) {
                return false;
            }
            res.interimForwarded(back, s.reqFlags);
            return true;
        }
        if (status == 101 && !ConnectionPolicy.validSwitchingProtocols(s.reqFlags, resFlags)) {
            // HS-10: a 101 needs Connection: upgrade in both the request and the response, else 502 PH.
            serverError(502, 'P', 'H');
            return true;
        }
        s.resAn &= ~AN_RES_WAIT_HTTP;
        s.added.reset();
        for (HeaderAction a : s.http.responseRules()) {
            if (a.condition().test(s.match)) {
                a.apply(p.headers(), s.added);
            }
        }
        s.resAn &= ~AN_RES_HTTP_PROCESS;
        s.txn.status = status;
        s.txn.tresp = (System.nanoTime() - s.txn.sentNanos) / 1_000_000L;
        // HS-17: a 2xx to CONNECT makes the transaction a tunnel, as a valid 101 does.
        boolean connectTunnel = status >= 200 && status < 300 && (s.reqFlags & H1_MF_METH_CONNECT) != 0;
        // The server's own "Connection: close" ends the server connection only (MODE-5); the client side
        // stays open unless the length is unknown (HAProxy keeps the client alive when a server closes).
        s.frontClose = s.frontClose || ConnectionPolicy.frontClosesOnResponse(s.reqFlags,
                resFlags & ~H1_MF_CONN_CLO, false, s.http.frontMode()) || status == 101 || connectTunnel;
        s.backClose = s.backClose || ConnectionPolicy.backClosesOnResponse(resFlags) || status == 101
                || connectTunnel;
        if (s.frontClose) {
            front.state(H1Connection.H1C_ST_CLOSING);
        }
        int conn = ConnectionPolicy.frontHeader(s.reqFlags, resFlags, s.frontClose, connectTunnel);
        if (H1HeadWriter.writeResponse(front.out(), p, s.added, conn) < 0) {
            if (front.out().position() == 0) {
                serverError(502, 'P', 'H');
                return true;
            }
            return false;
        }
        if ((connectTunnel || status == 101 && ConnectionPolicy.validSwitchingProtocols(s.reqFlags, resFlags))
                && req.done()) {
            // HS-17: Upgrade accepted: both h1s become tunnels, no analyser is left.
            back.pos(p.headEnd());
            s.tunnel = true;
            s.reqAn = s.resAn = 0;
            s.touch(CLI);
            s.touch(SRV);
            return true;
        }
        res.headForwarded(back);
        // NOTE: the body bytes read with the head join it in the output buffer now, so that the head and a small
        // body leave in one write() (flushing the head alone first cost a second syscall and packet per response).
        responseBody();
        return true;
    }

    /** Runs on the owner thread: HS-10: a body cut short (no page once the head is out): flushed, then closed (SD). */
    private void truncated() {
        s.closeServer();
        if (s.txn.tCause == '-') {
            s.txn.tCause = 'S';
            s.txn.tSt = 'D';
        }
        closeAfterReply();
    }

    /** Runs on the owner thread: HS-17: one pass of the tunnel after a 101 or a 2xx to CONNECT ({@link HttpTunnel}). */
    boolean tunnel() {
        return tunnelPump.run();
    }

    /**
     * Runs on the owner thread: An invalid or missing response: a 502/504 to the client if nothing was sent yet, then
     * close.
     */
    void serverError(int status, char cause, char st) {
        s.closeServer();
        if (res.headDone()) {
            s.finish(cause, 'D');
            return;
        }
        errorReply(status, cause, st);
    }

    /**
     * Runs on the owner thread: HS-11: the transaction is over: close what must close, else parse the next (pipelined)
     * request.
     */
    private void endTransaction() {
        s.txns++;
        s.be.total.incrementAndGet();
        s.logTxn();
        if (s.backClose || back.eof() || back.avail() != 0) {
            s.closeServer();
        } else {
            back.state(H1Connection.H1C_ST_IDLE);
        }
        if (s.frontClose) {
            s.finish('-', '-');
            return;
        }
        s.newRequest();
    }

    /**
     * Runs on the owner thread: HS-19: whether the body of a request answered locally is drained (then the connection
     * stays alive) rather than the connection closed: not when the client waits for a 100-continue it will never get,
     * not when the announced length exceeds the drain limit.
     */
    private boolean canDrain(int flags, long contentLength) {
        if ((flags & H1_MF_EXPECT_100) != 0) {
            return false;
        }
        return (flags & H1_MF_CHNK) != 0 || contentLength <= s.drainMax;
    }

    /**
     * Runs on the owner thread: HS-19: drops the body bytes of a request answered locally; bad framing, a client close
     * or more than the drain limit ends the session (the reply is flushed first when it can be).
     */
    private boolean drainRequest() {
        int n = req.drainBody(front);
        if (n == H1Stream.FWD_ERROR || (n == 0 && front.eof() && !req.done())) {
            s.frontClose = true;
            s.draining = false;
            front.eof(true);
            return true;
        }
        s.drained += n;
        if (s.drained > s.drainMax) {
            s.frontClose = true;
            s.draining = false;
            front.eof(true);
            return true;
        }
        if (req.done()) {
            s.draining = false;
            front.state(H1Connection.H1C_ST_RUNNING);
            return true;
        }
        return n > 0;
    }

    /**
     * Runs on the owner thread: HS-13: a local reply is flushed (and, HS-19, the request body drained): close or go on
     * with the next request.
     */
    boolean replyDone() {
        boolean progress = s.draining && drainRequest();
        if (front.outPending() || s.draining) {
            return progress;
        }
        s.logTxn();
        if (s.frontClose) {
            s.finish('-', '-');
            return false;
        }
        s.txns++;
        s.newRequest();
        return true;
    }

    /**
     * Runs on the owner thread: HS-13: the stream answers by itself: no analyser is left, the reply in the client
     * output is flushed.
     */
    private void localReply() {
        s.reqAn = s.resAn = 0;
        s.replying = true;
    }

    /**
     * Runs on the owner thread: Queues the error page {@code status} (HS-13): the backend's errorfile for the status
     * once the switching rules chose it, else the frontend's, else HAProxy's built-in page; an empty errorfile sends
     * nothing. Before a stream exists (mux-level: parser errors, 408) the page closes the connection; after
     * (stream-level, HS-20: 403, 500, 502, 503, 504) the connection follows the client's mode as any reply does.
     */
    void errorReply(int status, char cause, char st) {
        boolean routed = s.be != null;
        ErrorFile.Pages pages = routed ? s.be.errorPages() : ErrorFile.Pages.NONE;
        if (pages.reply(status) == null && !pages.silent(status)) {
            pages = s.http.errorPages();
        }
        s.closeServer();
        front.clearOutput();
        HttpTxnLog txn = s.txn;
        txn.status = status;
        txn.muxError = s.waitingRequest();
        txn.open = true;
        if (txn.tCause == '-') {
            txn.tCause = cause;
            txn.tSt = st;
        }
        PreparedReply page = pages.reply(status);
        if (s.waitingRequest()) {
            if (page != null) {
                if (page.write(front.out(), PreparedReply.CONN_CLOSE, false) < 0) {
                    front.out().put(HttpErrors.raw(status));
                }
            } else if (!pages.silent(status)) {
                front.out().put(HttpErrors.raw(status));
            }
            closeAfterReply();
            return;
        }
        if ((s.reqAn & AN_REQ_HTTP_INNER) != 0) {
            // The head was not handed to the body framer yet (rules, routing or the head rewrite failed).
            req.headForwarded(front);
        }
        if (page == null && pages.silent(status)) {
            closeAfterReply();
            return;
        }
        if (page == null) {
            page = HttpErrors.reply(status);
        }
        // HS-20: reference §5(b)/§7: 400 and 408 close; the others keep a keep-alive client, draining the rest of
        // an unread request body as after a return/redirect/deny (HS-19).
        int flags = s.reqFlags;
        boolean closing = page.closes() || status == 400 || status == 408
                || ConnectionPolicy.frontClosesOnRequest(flags) || s.http.frontMode() == ConnectionPolicy.MODE_CLO;
        boolean hasBody = !req.done();
        boolean drain = hasBody && !closing && canDrain(flags, req.parser().contentLength());
        closing |= hasBody && !drain;
        int conn = closing ? PreparedReply.CONN_CLOSE
                : (flags & H1_MF_VER_11) == 0 ? PreparedReply.CONN_KEEP_ALIVE : PreparedReply.CONN_NONE;
        if (page.write(front.out(), conn, (flags & H1_MF_METH_HEAD) != 0) < 0) {
            front.out().put(HttpErrors.raw(status));
            closing = true;
        }
        if (closing) {
            closeAfterReply();
            return;
        }
        s.frontClose = false;
        localReply();
        if (hasBody) {
            s.draining = true;
            front.state(H1Connection.H1C_ST_DRAINING);
            s.touch(CLI);
        }
    }

    /** Runs on the owner thread: HS-13: the reply queued in the client output is the last thing sent. */
    private void closeAfterReply() {
        s.frontClose = true;
        front.state(H1Connection.H1C_ST_CLOSING);
        localReply();
        front.eof(true);
    }
}
