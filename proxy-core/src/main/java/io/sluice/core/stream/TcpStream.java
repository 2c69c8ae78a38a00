package io.sluice.core.stream;

import static io.sluice.fdtable.FdState.FD_EV_READY_R;
import static io.sluice.fdtable.FdState.FD_EV_READY_W;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import io.sluice.core.backend.BackendRt;
import io.sluice.core.backend.FrontendRt;
import io.sluice.core.backend.ServerRt;
import io.sluice.core.backend.TcpRules;
import io.sluice.core.listener.Listener;
import io.sluice.core.log.LogLevel;
import io.sluice.core.log.LogRecord;
import io.sluice.core.log.LogRing;
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
 * One mode tcp session: a client fd, a server fd, two direct buffers and a timer task, all owned by one loop
 * thread (package documentation: SES steps). Pooled per thread; every method runs on the owner loop thread.
 */
public final class TcpStream {
    /** Free, in its worker's pool. */
    public static final int ST_FREE = 0;
    /** Connecting to the server (HAProxy SC_ST_CON). */
    public static final int ST_CON = 1;
    /** Waiting for the retry tasklet after a failed attempt (SC_ST_CER → REQ). */
    public static final int ST_CER = 2;
    /** Established (SC_ST_EST). */
    public static final int ST_EST = 3;

    /** The client sent its FIN (read side of the client done). */
    private static final int F_EOF_CLI = 1;
    /** The server sent its FIN. */
    private static final int F_EOF_SRV = 1 << 1;
    /** We shut the server's write side (propagated the client's FIN). */
    private static final int F_SHUTW_SRV = 1 << 2;
    /** We shut the client's write side (propagated the server's FIN). */
    private static final int F_SHUTW_CLI = 1 << 3;

    /** Index of the client side / request direction. */
    private static final int CLI = 0;
    /** Index of the server side / response direction. */
    private static final int SRV = 1;

    private final Worker worker;
    private final FdTable table;
    private final PollLoop loop;
    private final Task task;
    private final IoCallback cliCb = (fd, ctx) -> {
        try {
            onClientIo(fd, ctx);
        } catch (RuntimeException e) {
            failed(e);
        }
    };
    private final IoCallback srvCb = (fd, ctx) -> {
        try {
            onServerIo(fd, ctx);
        } catch (RuntimeException e) {
            failed(e);
        }
    };
    private final TcpRules.Facts facts = new TcpRules.Facts();
    private final int[] fds = {-1, -1};
    private final ByteBuffer[] bufs = new ByteBuffer[2];
    private final int[] lo = new int[2];
    private final int[] hi = new int[2];
    private final long[] bytes = new long[2];
    private final long[] exp = new long[2];

    private volatile int state;
    private int flags;
    private Listener listener;
    private FrontendRt fe;
    private BackendRt be;
    private volatile ServerRt srv;
    private int retriesLeft;
    private long conExp = Ticks.ETERNITY;
    private long acceptEpochMs;
    private long acceptNanos;
    private long connectMs = -1;
    private boolean retried;
    private long uniqueId;
    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

    TcpStream(Worker worker) {
        this.worker = worker;
        this.table = worker.table();
        this.loop = worker.loop();
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
    // SES-1: start

    /** Runs on the owner thread: takes {@code cfd} (accepted by {@code l}), routes it and connects. */
    void start(int cfd, Listener l, ThreadContext ctx) {
        state = ST_CON;
        flags = 0;
        listener = l;
        fe = l.frontend();
        uniqueId = IDS.incrementAndGet();
        acceptEpochMs = System.currentTimeMillis();
        acceptNanos = System.nanoTime();
        connectMs = -1;
        retried = false;
        fds[CLI] = cfd;
        fds[SRV] = -1;
        lo[CLI] = hi[CLI] = lo[SRV] = hi[SRV] = 0;
        bytes[CLI] = bytes[SRV] = 0;
        exp[CLI] = exp[SRV] = Ticks.ETERNITY;
        conExp = Ticks.ETERNITY;
        srv = null;
        be = null;
        try {
            Sockets.setTcpNoDelay(cfd, true);
        } catch (SysException ignored) {
            // NOTE: UNIX sockets have no TCP_NODELAY; harmless.
        }
        table.insert(cfd, this, cliCb, ctx.tgid, ctx.ltidBit, 0);
        bufs[CLI] = worker.buffers().get();
        bufs[SRV] = worker.buffers().get();
        if (fe.hasRules() || fe.tcplog()) {
            InetSocketAddress ra = Sockets.remoteAddress(cfd);
            InetSocketAddress la = Sockets.localAddress(cfd);
            facts.src = ra == null ? null : ra.getAddress().getAddress();
            facts.srcPort = ra == null ? 0 : ra.getPort();
            facts.dstPort = la == null ? l.localPort() : la.getPort();
        }
        be = fe.route(facts);
        if (be == null) {
            finish('P', 'R');
            return;
        }
        be.sessionStarted();
        retriesLeft = be.retries();
        // The client may send while we connect: read into the request buffer (up to its size).
        table.wantRecv(cfd, ctx);
        exp[CLI] = Ticks.add(loop.now(), fe.clientMs());
        connect();
    }

    // ---------------------------------------------------------------------------------------------
    // SES-2..4: connect, retries

    /** SES-2: one connect attempt to the next server; any failure goes to {@link #connectFailed}. */
    private void connect() {
        state = ST_CON;
        ServerRt s = srv == null || !retried ? be.pick() : srv;
        if (s == null) {
            finish('S', 'C');
            return;
        }
        srv = s;
        switch (ServerConnect.attempt(s.address(), fds, SRV, this, srvCb, table, loop.context())) {
            case ServerConnect.NO_SOCKET -> finish('R', 'C');
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

    /**
     * SES-3: the attempt is over and failed. The failed fd is already deleted (seed 002: before the next try); the
     * next attempt runs from the task, never inline in the failed fd's callback, so setup/teardown cannot loop
     * within one event.
     */
    private void connectFailed() {
        ServerRt s = srv;
        s.connErrors.incrementAndGet();
        conExp = Ticks.ETERNITY;
        if (retriesLeft > 0 && be.retryConnFailure()) {
            retriesLeft--;
            retried = true;
            s.retries.incrementAndGet();
            be.retriesCount.incrementAndGet();
            state = ST_CER;
            task.wakeup();
            return;
        }
        be.connErrors.incrementAndGet();
        finish('S', 'C');
    }

    private void deleteServerFd() {
        int sfd = fds[SRV];
        if (sfd >= 0) {
            fds[SRV] = -1;
            table.delete(sfd, loop.context());
        }
    }

    /** SES-4: the server accepted the connection. */
    private void established() {
        state = ST_EST;
        conExp = Ticks.ETERNITY;
        connectMs = (System.nanoTime() - acceptNanos) / 1_000_000L;
        srv.sessionStarted();
        refresh(CLI);
        refresh(SRV);
        armTimer();
        pump();
    }

    // ---------------------------------------------------------------------------------------------
    // I/O callbacks

    private void onClientIo(int fd, ThreadContext ctx) {
        if (fd != fds[CLI] || state == ST_FREE) {
            return;
        }
        if (state == ST_EST) {
            pump();
        } else {
            // Connecting: buffer what the client sends, notice its errors.
            pumpRead(CLI);
            if (state != ST_FREE) {
                subscribe(CLI);
            }
        }
    }

    private void onServerIo(int fd, ThreadContext ctx) {
        if (fd != fds[SRV] || state == ST_FREE) {
            return;
        }
        if (state == ST_CON) {
            int outcome = ServerConnect.outcome(table, fd);
            if (outcome == ServerConnect.FAILED) {
                deleteServerFd();
                connectFailed();
            } else if (outcome == ServerConnect.OK) {
                established();
            }
            return;
        }
        if (state == ST_EST) {
            pump();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // SES-5: forwarding

    /** Reads from side {@code d} into its buffer while ready and not full; returns true on progress. */
    private boolean pumpRead(int d) {
        int fd = fds[d];
        int eofBit = d == CLI ? F_EOF_CLI : F_EOF_SRV;
        ByteBuffer b = bufs[d];
        int cap = b.capacity();
        boolean progress = false;
        while ((flags & eofBit) == 0 && hi[d] < cap && (table.state(fd) & FD_EV_READY_R) != 0) {
            int n;
            try {
                n = FdIo.read(fd, b, hi[d], cap);
            } catch (SysException e) {
                abort(d == CLI ? 'C' : 'S', 'D');
                return false;
            }
            if (n > 0) {
                hi[d] += n;
                progress = true;
                refresh(d);
            } else if (n == FdIo.EOF) {
                flags |= eofBit;
                progress = true;
            } else {
                table.cantRecv(fd);
            }
        }
        return progress;
    }

    /** Writes direction {@code d}'s buffer to the other side while ready; returns true on progress. */
    private boolean pumpWrite(int d) {
        int o = 1 - d;
        int fd = fds[o];
        ByteBuffer b = bufs[d];
        boolean progress = false;
        while (hi[d] > lo[d] && (table.state(fd) & FD_EV_READY_W) != 0) {
            int n;
            try {
                n = FdIo.write(fd, b, lo[d], hi[d]);
            } catch (SysException e) {
                abort(o == CLI ? 'C' : 'S', 'D');
                return false;
            }
            if (n > 0) {
                lo[d] += n;
                bytes[d] += n;
                progress = true;
                refresh(o);
                if (lo[d] == hi[d]) {
                    lo[d] = hi[d] = 0;
                }
            } else {
                table.cantSend(fd);
            }
        }
        return progress;
    }

    /** SES-5: moves bytes both ways until nothing moves, propagates FINs, then (re)subscribes. */
    private void pump() {
        boolean progress;
        do {
            progress = pumpWrite(CLI);
            if (state == ST_FREE) {
                return;
            }
            progress |= pumpRead(CLI);
            if (state == ST_FREE) {
                return;
            }
            progress |= pumpWrite(SRV);
            if (state == ST_FREE) {
                return;
            }
            progress |= pumpRead(SRV);
            if (state == ST_FREE) {
                return;
            }
            progress |= pumpWrite(CLI);
            if (state == ST_FREE) {
                return;
            }
        } while (progress);
        // SES-6: half-close propagation once a direction's buffer is empty.
        if ((flags & (F_EOF_CLI | F_SHUTW_SRV)) == F_EOF_CLI && hi[CLI] == lo[CLI]) {
            flags |= F_SHUTW_SRV;
            shutWrite(fds[SRV]);
            refresh(SRV);
        }
        if ((flags & (F_EOF_SRV | F_SHUTW_CLI)) == F_EOF_SRV && hi[SRV] == lo[SRV]) {
            flags |= F_SHUTW_CLI;
            shutWrite(fds[CLI]);
            refresh(CLI);
        }
        // SES-7: both directions done: normal end.
        if ((flags & (F_SHUTW_SRV | F_SHUTW_CLI)) == (F_SHUTW_SRV | F_SHUTW_CLI)) {
            finish('-', '-');
            return;
        }
        subscribe(CLI);
        subscribe(SRV);
    }

    private void shutWrite(int fd) {
        try {
            Sockets.shutdown(fd, false, true);
        } catch (SysException ignored) {
            // NOTE: the peer is gone; the read side reports it.
        }
    }

    /**
     * SES-8: back pressure. Side {@code d} is read only while its buffer has room and it has not ended; the other
     * side is written only while the buffer holds data.
     */
    private void subscribe(int d) {
        int src = fds[d];
        int eofBit = d == CLI ? F_EOF_CLI : F_EOF_SRV;
        ThreadContext ctx = loop.context();
        if ((flags & eofBit) == 0 && hi[d] < bufs[d].capacity()) {
            table.wantRecv(src, ctx);
        } else {
            table.stopRecv(src);
        }
        int dst = fds[1 - d];
        if (dst < 0) {
            return;
        }
        if (hi[d] > lo[d]) {
            table.wantSend(dst, ctx);
        } else if (state == ST_EST) {
            table.stopSend(dst);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // SES-9: timers

    /** Refreshes the inactivity date of side {@code d} (client/server, or tunnel, or *-fin once half-closed). */
    private void refresh(int d) {
        long t;
        boolean half = (flags & (F_EOF_CLI | F_EOF_SRV | F_SHUTW_CLI | F_SHUTW_SRV)) != 0;
        if (state == ST_EST && be.tunnelMs() > 0 && !half) {
            t = be.tunnelMs();
        } else if (d == CLI) {
            t = half && fe.clientFinMs() > 0 ? fe.clientFinMs() : fe.clientMs();
        } else {
            t = half && be.serverFinMs() > 0 ? be.serverFinMs() : be.serverMs();
        }
        exp[d] = Ticks.add(loop.now(), t);
    }

    private void armTimer() {
        long e = Ticks.first(conExp, Ticks.first(exp[CLI], exp[SRV]));
        task.expire = e;
        if (Ticks.isSet(e)) {
            task.schedule(e);
        }
    }

    /** Runs on the owner thread from the task: retries and expired timeouts. */
    private void onTask() {
        if (state == ST_FREE) {
            task.expire = Ticks.ETERNITY;
            return;
        }
        long now = Ticks.now();
        if (state == ST_CER) {
            connect();
            if (state == ST_FREE) {
                return;
            }
        } else if (state == ST_CON && Ticks.isExpired(conExp, now)) {
            deleteServerFd();
            connectFailed();
            if (state == ST_FREE) {
                return;
            }
        } else if (state == ST_EST) {
            if (Ticks.isExpired(exp[CLI], now)) {
                abort('c', 'D');
                return;
            }
            if (Ticks.isExpired(exp[SRV], now)) {
                abort('s', 'D');
                return;
            }
        }
        if (state == ST_CON && Ticks.isExpired(exp[CLI], now)) {
            abort('c', 'C');
            return;
        }
        task.expire = Ticks.first(conExp, Ticks.first(exp[CLI], exp[SRV]));
    }

    // ---------------------------------------------------------------------------------------------
    // SES-10: end

    /** An unexpected exception in a callback: logged, the session is ended (the loop thread survives). */
    private void failed(RuntimeException e) {
        worker.log().log(io.sluice.core.log.LogLevel.ERR, "session failed: {}", e.toString());
        if (state != ST_FREE) {
            finish('I', 'D');
        }
    }

    /** Ends the session on an error or a timeout ({@code cause}: C/S error, c/s timeout). */
    private void abort(char cause, char st) {
        finish(cause, st);
    }

    /**
     * SES-10: closes both fds (fd table delete), releases the buffers and the limits, logs, and returns the
     * session to the pool. {@code cause}/{@code st} are HAProxy's termination state letters ('-' = normal).
     */
    private void finish(char cause, char st) {
        ThreadContext ctx = loop.context();
        deleteServerFd();
        int cfd = fds[CLI];
        fds[CLI] = -1;
        if (cfd >= 0) {
            table.delete(cfd, ctx);
        }
        long toServer = bytes[CLI];
        long toClient = bytes[SRV];
        fe.bytesIn.addAndGet(toServer);
        fe.bytesOut.addAndGet(toClient);
        if (be != null) {
            be.bytesIn.addAndGet(toServer);
            be.bytesOut.addAndGet(toClient);
            be.cur.decrementAndGet();
        }
        ServerRt s = srv;
        if (s != null) {
            s.bytesIn.addAndGet(toServer);
            s.bytesOut.addAndGet(toClient);
            if (connectMs >= 0) {
                s.cur.decrementAndGet();
            }
        }
        if (fe.tcplog()) {
            logLine(cause, st, toClient);
        }
        worker.buffers().put(bufs[CLI]);
        worker.buffers().put(bufs[SRV]);
        bufs[CLI] = bufs[SRV] = null;
        state = ST_FREE;
        if (task.inTimerQueue()) {
            task.unlinkTimer();
        }
        task.expire = Ticks.ETERNITY;
        loop.activity().inc(Activity.STREAM_CALLS);
        listener.limits().release(fe, ctx);
        worker.release(this);
    }

    private void logLine(char cause, char st, long toClient) {
        LogRing ring = worker.log().ring();
        long seq = ring.tryClaim();
        if (seq == LogRing.FULL) {
            return;
        }
        LogRecord r = ring.record(seq);
        long total = (System.nanoTime() - acceptNanos) / 1_000_000L;
        r.level(LogLevel.INFO).tcplog();
        if (facts.src != null && facts.src.length == 4) {
            int a = ((facts.src[0] & 0xFF) << 24) | ((facts.src[1] & 0xFF) << 16) | ((facts.src[2] & 0xFF) << 8)
                    | (facts.src[3] & 0xFF);
            r.clientIpv4(a, facts.srcPort);
        }
        r.acceptDate(acceptEpochMs)
                .route(fe.name(), be == null ? "<NOSRV>" : be.name(), srv == null ? "<NOSRV>" : srv.name())
                .timers(0, connectMs, total)
                .bytes(toClient)
                .termination(cause, st)
                .conns(listener.limits().current(), fe.cur.get(), be == null ? 0 : be.cur.get(),
                        srv == null ? 0 : srv.cur.get(), retried ? be.retries() - retriesLeft : 0, false)
                .queues(0, 0);
        ring.publish(seq);
    }

    // ---------------------------------------------------------------------------------------------
    // Diagnostics (racy reads from the CLI thread)

    /** Runs on any thread (racy): the state. */
    public int state() {
        return state;
    }

    /** Runs on any thread (racy): one {@code show sess} line. */
    public String describe() {
        ServerRt s = srv;
        FrontendRt f = fe;
        BackendRt b = be;
        int c = fds[CLI];
        int sv = fds[SRV];
        String[] names = {"FREE", "CON", "CER", "EST"};
        long age = (System.nanoTime() - acceptNanos) / 1_000_000_000L;
        return "0x" + Long.toHexString(uniqueId) + ": proto=tcpv4 src=" + peer(c) + " fe="
                + (f == null ? "-" : f.name()) + " be=" + (b == null ? "<NONE>" : b.name()) + " srv="
                + (s == null ? "<none>" : s.name()) + " ts=" + String.format("%02x", flags) + " epoch=0 age=" + age
                + "s calls=" + task.calls() + " rate=0 cpu=0 lat=0 rq[f=0,i=0,an=0,rx=,wx=,ax=]"
                + " rp[f=0,i=0,an=0,rx=,wx=,ax=]"
                + " scf=[" + names[state] + ",fd=" + c + "] scb=[" + names[state] + ",fd=" + sv + "] exp="
                + " rc=0 tid=" + worker.tid() + "\n";
    }

    private static String peer(int fd) {
        if (fd < 0) {
            return "-";
        }
        InetSocketAddress a = Sockets.remoteAddress(fd);
        return a == null ? "unix" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
