package io.sluice.injector;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;

/**
 * One client connection and its request/response state machine (h1load's {@code handle_conn}).
 *
 * <p>States: CON (connect in progress) → REQ (take a request from the budget) → SND (writing it) → RCV (reading the
 * response) → REQ again, or THK (pausing: -T, -R, or the 500 ms pause once -d is over) → REQ, until a close. The
 * object is reused for many channels; it is the channel's only handler (so it is {@link ChannelHandler.Sharable}:
 * an old channel may still deliver its last events while the object already serves a new one, and every callback
 * first checks that the event comes from the current channel). Every method runs on the owning worker's event loop.
 *
 * <p>Accounting, as in h1load: a connect error is {@code cerr} (and stops the run with -e), a connect timeout is
 * counted nowhere, a send error is {@code xerr} only on the first request of a connection (a reused connection closed
 * by the server is retried silently), a receive error or premature close is {@code xerr}, a malformed response is
 * {@code perr}, a transfer timeout is only a completed request. A request is "done" (tot_req) when it succeeded,
 * failed after being sent, or timed out.
 */
@ChannelHandler.Sharable
final class Conn extends ChannelInboundHandlerAdapter implements ChannelFutureListener {
    private static final int FREE = 0;
    private static final int CON = 1;
    private static final int REQ = 2;
    private static final int SND = 3;
    private static final int RCV = 4;
    private static final int THK = 5;

    // Response phases while in RCV.
    private static final int PH_HEAD = 0;
    private static final int PH_BODY_CL = 1;
    private static final int PH_BODY_CHUNKED = 2;
    private static final int PH_BODY_CLOSE = 3;
    private static final int PH_DONE = 4;
    private static final int PH_DRAIN = 5;   // response complete, waiting for the close the server owes us

    /** Largest response head kept across reads. */
    private static final int MAX_HEAD = 65536;

    private final Worker w;
    private final ResponseParser parser = new ResponseParser();
    private final ByteBuf kaReq;
    private final ByteBuf clReq;

    // Intrusive wait-queue links and think-heap slot, owned by the worker.
    Conn prev;
    Conn next;
    int heapIndex = -1;
    long expireUs;

    private Channel ch;
    private int state;
    private int phase;
    private long totReq;
    private long reqDateUs;
    private long bodyRemain;
    private boolean gotHead;
    private boolean lastReq;
    private boolean closeAfter;
    private boolean registering;
    private byte[] headBuf;
    private int headLen;

    Conn(Worker w, boolean sentinel) {
        this.w = w;
        if (sentinel) {
            prev = this;
            next = this;
            kaReq = null;
            clReq = null;
        } else {
            kaReq = Unpooled.directBuffer(w.kaRequest.length, w.kaRequest.length).writeBytes(w.kaRequest);
            clReq = Unpooled.directBuffer(w.clRequest.length, w.clRequest.length).writeBytes(w.clRequest);
        }
    }

    // ----- set-up ----------------------------------------------------------------------------------------------

    /** Runs on the worker thread: binds this object to a new channel, registers it and connects; false on error. */
    boolean open(Channel channel) {
        ch = channel;
        state = CON;
        totReq = 0;
        headLen = 0;
        w.wqArm(this);
        channel.pipeline().addLast(this);
        ChannelFuture rf = w.loop.register(channel);
        if (rf.isDone()) {
            return afterRegister(rf);
        }
        registering = true;
        rf.addListener(this);
        return true;
    }

    private boolean afterRegister(ChannelFuture rf) {
        if (!rf.isSuccess()) {
            w.onSetupError(Worker.TOT_SERR);
            close(true);
            return false;
        }
        Channel c = ch;
        ChannelFuture cf = c.connect(w.target);
        if (cf.isDone() && !cf.isSuccess()) {
            if (ch == c) {
                w.onSetupError(Worker.TOT_SERR); // immediate connect() failure: a socket set-up error
                close(true);
            }
            return false;
        }
        w.onConnectIssued();
        if (cf.isDone()) {
            onConnected();
        } else {
            cf.addListener(this);
        }
        return true;
    }

    /** Runs on the worker thread: completion of the register or connect future of the current channel. */
    @Override
    public void operationComplete(ChannelFuture f) {
        if (f.channel() != ch) {
            return;
        }
        w.nowUs = Clock.nowUs();
        if (registering) {
            registering = false;
            afterRegister(f);
            return;
        }
        if (f.isSuccess()) {
            onConnected();
        } else {
            w.onSetupError(Worker.TOT_CERR); // asynchronous connect error (refused, unreachable)
            close(true);
        }
    }

    private void onConnected() {
        if (state != CON) {
            return;
        }
        state = REQ;
        sendRequest();
    }

    // ----- requests --------------------------------------------------------------------------------------------

    /** Runs on the worker thread: REQ state, takes a request from the budgets and sends it (or closes). */
    private void sendRequest() {
        RunState rs = w.rs;
        if (!rs.mayAddReq(w.opts.maxReqs)) {
            close(true);
            return;
        }
        if ((rs.getRunningAcquire() & (RunState.THR_STOP_ALL | RunState.THR_ENDING)) != 0) {
            close(true);
            return;
        }
        totReq++;
        w.onRequestStarted();
        long maxReqs = w.opts.maxReqs;
        lastReq = (w.opts.reqsPerConn > 0 && totReq == w.opts.reqsPerConn)
            || (maxReqs > 0 && rs.globalReq() >= maxReqs);
        phase = PH_HEAD;
        headLen = 0;
        gotHead = false;
        closeAfter = false;
        state = SND;
        ByteBuf req = lastReq ? clReq : kaReq;
        // The request buffer is written again and again: Netty releases it back to refCnt 1 once written. If a
        // previous write were somehow still queued, a duplicate keeps the two writes apart.
        ByteBuf out = req.refCnt() == 1 ? req.retain().setIndex(0, req.capacity()) : req.retainedDuplicate()
            .setIndex(0, req.capacity());
        Channel c = ch;
        // Straight to the transport: this handler is the pipeline's only one and is inbound, so the outbound walk
        // of writeAndFlush() would only reach the head context. Failures still fire exceptionCaught().
        Channel.Unsafe u = c.unsafe();
        u.write(out, c.voidPromise());
        u.flush();
        if (ch != c || state != SND) {
            return; // the write failed and the connection is gone
        }
        reqDateUs = w.nowUs;
        state = RCV;
        w.wqArm(this);
    }

    // ----- responses -------------------------------------------------------------------------------------------

    /** Runs on the worker thread: bytes from the channel. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (ctx.channel() != ch) {
                return;
            }
            if (state != RCV) {
                return; // unsolicited bytes while idle: drained, not counted (like h1load's think state)
            }
            w.nowUs = Clock.nowUs();
            w.add(Worker.TOT_RCVD, buf.readableBytes());
            long req = totReq;
            onData(buf);
            if (state == RCV && ch == ctx.channel() && totReq == req) {
                w.wqArm(this); // h1load re-arms -w at every wait for I/O, so a slow but moving body never expires
            }
        } finally {
            buf.release();
        }
    }

    private void onData(ByteBuf buf) {
        final byte[] scratch = w.scratch;
        while (true) {
            if (phase == PH_DONE) {
                if (closeAfter) {
                    // Like h1load, wait for the server's close (its side keeps the TIME_WAIT); the request counts
                    // as done when the close arrives.
                    phase = PH_DRAIN;
                    buf.skipBytes(buf.readableBytes());
                } else if (buf.isReadable()) {
                    protocolError(); // bytes beyond the response: we never pipeline, so they are garbage
                } else {
                    responseDone();
                }
                return;
            }
            int readable = buf.readableBytes();
            if (readable == 0) {
                return;
            }
            switch (phase) {
                case PH_BODY_CL: {
                    int n = (int) Math.min(bodyRemain, readable);
                    buf.skipBytes(n);
                    bodyRemain -= n;
                    if (bodyRemain == 0) {
                        phase = PH_DONE;
                    }
                    break;
                }
                case PH_BODY_CLOSE:
                case PH_DRAIN:
                    buf.skipBytes(readable);
                    return;
                default: {
                    int len = Math.min(readable, scratch.length);
                    buf.getBytes(buf.readerIndex(), scratch, 0, len);
                    int used = phase == PH_HEAD ? onHead(scratch, len) : onChunked(scratch, len);
                    if (used < 0) {
                        return; // closed on a protocol error
                    }
                    buf.skipBytes(used);
                    break;
                }
            }
        }
    }

    /** Parses (part of) a head from scratch[0..len); returns the bytes used, or -1 once closed on an error. */
    private int onHead(byte[] a, int len) {
        int r;
        int used;
        if (headLen == 0) {
            r = parser.parseHead(a, 0, len);
            if (r == ResponseParser.NEED_MORE) {
                return stashHead(a, len) ? len : -1;
            }
            used = r;
        } else {
            int before = headLen;
            if (!stashHead(a, len)) {
                return -1;
            }
            r = parser.parseHead(headBuf, 0, headLen);
            if (r == ResponseParser.NEED_MORE) {
                return len;
            }
            used = r - before;
            headLen = 0;
        }
        if (r == ResponseParser.MALFORMED) {
            protocolError();
            return -1;
        }
        int status = parser.status;
        w.add(Worker.SC_1XX + status / 100 - 1, 1);
        int running = w.rs.getRunningAcquire();
        if (!gotHead) {
            gotHead = true;
            w.sampleTtfb(w.nowUs - reqDateUs, totReq, running);
        }
        if (status < 200 && status != 101) {
            return used; // interim response: the final one follows
        }
        closeAfter = parser.close || lastReq;
        if (w.opts.head || status == 204 || status == 304 || status < 200) {
            phase = status == 101 ? PH_BODY_CLOSE : PH_DONE;
        } else if (parser.chunked) {
            phase = PH_BODY_CHUNKED;
        } else if (parser.contentLength >= 0) {
            bodyRemain = parser.contentLength;
            phase = bodyRemain == 0 ? PH_DONE : PH_BODY_CL;
        } else {
            phase = PH_BODY_CLOSE; // no framing: the body ends when the server closes
        }
        if (phase == PH_BODY_CLOSE) {
            closeAfter = true;
        }
        return used;
    }

    private boolean stashHead(byte[] a, int len) {
        if (headLen + len > MAX_HEAD) {
            protocolError();
            return false;
        }
        if (headBuf == null) {
            headBuf = new byte[MAX_HEAD];
        }
        System.arraycopy(a, 0, headBuf, headLen, len);
        headLen += len;
        return true;
    }

    private int onChunked(byte[] a, int len) {
        int r = parser.feedChunked(a, 0, len);
        if (r == ResponseParser.MALFORMED) {
            protocolError();
            return -1;
        }
        if (parser.chunkedDone()) {
            phase = PH_DONE;
        }
        return r;
    }

    /** Runs on the worker thread: the response is complete; counts it and moves on (next request, pause, close). */
    private void responseDone() {
        int running = w.rs.getRunningAcquire();
        w.sampleTtlb(w.nowUs - reqDateUs, totReq, running);
        w.onRequestEnded();
        state = REQ;
        if (closeAfter) {
            close(false);
            return;
        }
        long waitMs = 0;
        if (w.opts.thinkMs > 0) {
            waitMs = w.thinkMs();
        } else if ((running & RunState.THR_DUR_OVER) != 0) {
            waitMs = 500; // soft stop, lets the other threads stop
        }
        if (w.opts.rate > 0) {
            long throttle = w.rs.throttleVolatile();
            int maxc = w.effectiveMaxconn(throttle);
            long max = (w.curconn < maxc && throttle != 0) ? 1 : w.rateShare(throttle);
            long wait = w.reqRate.nextEventDelay(max, w.curconn - w.curReq, w.nowUs / 1_000_000L,
                w.nowUs % 1_000_000L);
            if (throttle != 0 && wait > 2000) {
                wait = 2000;
            }
            waitMs = Math.max(waitMs, wait);
        }
        if (waitMs > 0) {
            state = THK;
            w.wqRemove(this);
            w.heapAdd(this, w.nowUs + waitMs * 1000L);
        } else {
            sendRequest();
        }
    }

    /** Runs on the worker thread: the pause is over; sends the next request unless the run is ending. */
    void onThinkOver() {
        if ((w.rs.getRunningAcquire() & RunState.THR_ENDING) != 0) {
            close(true);
            return;
        }
        state = REQ;
        sendRequest();
    }

    /** Runs on the worker thread: the I/O timeout expired (connect or transfer). */
    void onExpired() {
        if (state == CON) {
            w.add(Worker.TOT_CTO, 1); // not an error in h1load's accounting
        } else if (state == SND || state == RCV) {
            w.add(Worker.TOT_XTO, 1);
            w.onRequestEnded();
            state = REQ;
        }
        close(true);
    }

    private void protocolError() {
        w.add(Worker.TOT_PERR, 1);
        w.onRequestEnded();
        state = REQ;
        close(true);
    }

    // ----- errors and closes -------------------------------------------------------------------------------------

    /** Runs on the worker thread: an I/O error on the current channel. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.channel() != ch) {
            return;
        }
        onBroken();
    }

    /** Runs on the worker thread: the current channel was closed by the peer (or by Netty after an error). */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ctx.channel() != ch) {
            return;
        }
        if (state == RCV && (phase == PH_BODY_CLOSE || phase == PH_DRAIN)) {
            w.nowUs = Clock.nowUs();
            responseDone(); // close-delimited body, or the close after the last response (closeAfter is set)
            return;
        }
        onBroken();
    }

    private void onBroken() {
        boolean abort = false;
        switch (state) {
            case CON:
                w.onSetupError(Worker.TOT_CERR);
                abort = true; // h1load kills a failed connect with an RST
                break;
            case SND:
                if (totReq == 1) {
                    w.add(Worker.TOT_XERR, 1);
                    w.onRequestEnded();
                } else {
                    w.onRequestDropped(); // reused connection closed by the server: silent retry
                }
                state = REQ;
                break;
            case RCV:
                w.add(Worker.TOT_XERR, 1);
                w.onRequestEnded();
                state = REQ;
                break;
            default:
                break; // REQ / THK: an idle connection went away, nothing to count
        }
        close(abort);
    }

    /**
     * Runs on the worker thread: detaches this object from its channel and closes it, with an RST when
     * {@code abort} (h1load's SO_LINGER 0 on timeouts and errors). Any request still in flight must have been
     * accounted for by the caller (state no longer SND/RCV).
     */
    void close(boolean abort) {
        Channel c = ch;
        if (c == null) {
            return;
        }
        if (state == SND || state == RCV) {
            w.onRequestDropped();
        }
        ch = null;
        state = FREE;
        registering = false;
        w.wqRemove(this);
        w.heapRemove(this);
        if (abort && c.isOpen()) {
            try {
                c.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (RuntimeException ignored) {
                // the socket is already gone: a plain close is all that is left
            }
        }
        c.close();
        w.onConnClosed(this);
        if (!abort) {
            w.scheduleFill();
        }
    }

    /** Runs on the worker thread as it exits: closes without counting anything. */
    void abandon() {
        if (state == SND || state == RCV) {
            state = REQ;
            w.onRequestDropped();
        }
        close(false);
    }
}
