package io.sluice.injector;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * One injector thread: a Netty event loop that owns {@code (c+i)/t} connections, their timers and its counters.
 *
 * <p>Everything but the counters is confined to the event loop's thread: the wait queue (connections waiting for
 * I/O, ordered by expiry because every expiry is "now + -w"), the think heap (connections pausing after a response:
 * -T, -R, or the 500 ms pause after -d), the pool of {@link Conn} objects and the rate counters. A 1 ms periodic
 * tick expires timers, opens missing connections and checks whether the run is over. The counters are published
 * with opaque stores (STAT-1) and read by the main thread once a second (STAT-2).
 */
final class Worker {
    // Counter slots in stats[]; the first and last slots are padding against false sharing.
    static final int CUR_CONN = 8;
    static final int TOT_CONN = 9;
    static final int TOT_DONE = 10;
    static final int TOT_SERR = 11;
    static final int TOT_CERR = 12;
    static final int TOT_XERR = 13;
    static final int TOT_PERR = 14;
    static final int TOT_CTO = 15;
    static final int TOT_XTO = 16;
    static final int TOT_RCVD = 17;
    static final int TOT_FBS = 18;
    static final int TOT_TTFB = 19;
    static final int TOT_LBS = 20;
    static final int TOT_TTLB = 21;
    static final int CUR_REQ = 22;
    static final int TOT_REQ = 23;
    static final int SC_1XX = 24; // 5 slots: 1xx … 5xx
    private static final int STATS_LEN = SC_1XX + 5 + 8;

    /** Opaque access to stats[]: the owner writes, the main thread reads; no ordering between slots is needed. */
    private static final VarHandle VH_STATS = MethodHandles.arrayElementVarHandle(long[].class);

    /** Connections a fill pass may open before yielding to I/O (h1load: 2 × pollevents). */
    private static final int FILL_BATCH = 80;
    /** Period of the timer tick. */
    private static final long TICK_US = 1000;

    final int id;
    final Options opts;
    final RunState rs;
    final EventLoop loop;
    final boolean epoll;
    final InetSocketAddress target;
    final int maxconn;
    final byte[] kaRequest;
    final byte[] clRequest;
    /** Scratch buffer for parsing heads and chunk framing, owner-only. */
    final byte[] scratch = new byte[65536];
    /** ttfb / ttlb histograms (-P only), owner-written, merged by the main thread after the loop terminated. */
    final long[] ttfbPct;
    final long[] ttlbPct;

    private final long[] stats = new long[STATS_LEN];
    final FreqCtr reqRate = new FreqCtr();
    private final FreqCtr connRate = new FreqCtr();

    /** Owner's clock, refreshed once per I/O event and per tick (like h1load's t->now). */
    long nowUs;
    int curconn;
    int curReq;

    /** Wait-queue sentinel: a circular intrusive list ordered by expiry. */
    private final Conn wq;
    private Conn[] heap = new Conn[16];
    private int heapSize;
    private Conn[] pool = new Conn[16];
    private int poolSize;
    private long rng;

    private final Runnable fillTask = this::fill;
    private final Runnable tickTask = this::tick;
    private boolean fillPending;
    private boolean exited;
    private ScheduledFuture<?> tickFuture;

    Worker(int id, Options opts, RunState rs, EventLoop loop, boolean epoll) {
        this.id = id;
        this.opts = opts;
        this.rs = rs;
        this.loop = loop;
        this.epoll = epoll;
        this.target = opts.target;
        this.maxconn = (opts.conns + id) / opts.threads;
        this.kaRequest = opts.request(false);
        this.clRequest = opts.request(true);
        this.ttfbPct = opts.percentiles ? new long[Percentiles.BUCKETS] : null;
        this.ttlbPct = opts.percentiles ? new long[Percentiles.BUCKETS] : null;
        this.wq = new Conn(this, true);
        this.rng = 0x9E3779B97F4A7C15L ^ (System.nanoTime() + id);
    }

    // ----- counters -------------------------------------------------------------------------------------------

    /** Runs on the worker thread: STAT-1, adds {@code delta} to a counter and publishes it (opaque). */
    void add(int slot, long delta) {
        VH_STATS.setOpaque(stats, slot, stats[slot] + delta);
    }

    /** Runs on any thread: STAT-2, reads a counter (opaque). */
    long read(int slot) {
        return (long) VH_STATS.getOpaque(stats, slot);
    }

    /** Runs on the worker thread: records a ttfb sample (µs) unless the duration is over or -A skips it. */
    void sampleTtfb(long us, long connReqs, int running) {
        if ((running & RunState.THR_DUR_OVER) != 0 || (connReqs == 1 && opts.ignoreFirst)) {
            return;
        }
        add(TOT_FBS, 1);
        add(TOT_TTFB, us);
        if (ttfbPct != null && rs.throttleVolatile() == 0) {
            ttfbPct[Percentiles.toUf16(us)]++;
        }
    }

    /** Runs on the worker thread: records a ttlb sample (µs) under the same rules as {@link #sampleTtfb}. */
    void sampleTtlb(long us, long connReqs, int running) {
        if ((running & RunState.THR_DUR_OVER) != 0 || (connReqs == 1 && opts.ignoreFirst)) {
            return;
        }
        add(TOT_LBS, 1);
        add(TOT_TTLB, us);
        if (ttlbPct != null && rs.throttleVolatile() == 0) {
            ttlbPct[Percentiles.toUf16(us)]++;
        }
    }

    /** Runs on the worker thread: a request started on a connection (cur_req, tot_req, rate counter). */
    void onRequestStarted() {
        curReq++;
        add(CUR_REQ, 1);
        add(TOT_REQ, 1);
        if (opts.rate > 0) {
            reqRate.update(1, nowUs / 1_000_000L);
        }
    }

    /** Runs on the worker thread: a request is over (success, failure or timeout). */
    void onRequestEnded() {
        curReq--;
        add(CUR_REQ, -1);
        add(TOT_DONE, 1);
    }

    /** Runs on the worker thread: a request stopped being in flight without being counted as done. */
    void onRequestDropped() {
        curReq--;
        add(CUR_REQ, -1);
    }

    /** Runs on the worker thread: -e support, a connection set-up error stops the whole run (RUN-2). */
    void onSetupError(int slot) {
        add(slot, 1);
        if (opts.stopOnError) {
            rs.setFlag(RunState.THR_STOP_ALL);
        }
    }

    /** Runs on the worker thread: h1load's randomised think time, -T × (4096-128+rand%257)/4096 ms. */
    long thinkMs() {
        rng ^= rng << 13;
        rng ^= rng >>> 7;
        rng ^= rng << 17;
        long r = (rng >>> 1) % 257;
        return (long) opts.thinkMs * (4096 - 128 + r) / 4096;
    }

    /** Runs on the worker thread: connection limit after the soft-start throttle. */
    int effectiveMaxconn(long throttle) {
        if (throttle == 0) {
            return maxconn;
        }
        long m = mul32hi(maxconn, throttle);
        return m == 0 ? 1 : (int) m;
    }

    /** Runs on the worker thread: this thread's share of -R after the throttle (h1load's rules, at least 1). */
    long rateShare(long throttle) {
        long max = throttle != 0
            ? (mul32hi(opts.rate, throttle) + opts.threads - 1) / opts.threads
            : ((long) opts.rate + opts.threads - 1) / opts.threads;
        return max == 0 ? 1 : max;
    }

    /** Runs on any thread: h1load's mul32hi, (a × b + a − 1) >> 32 on unsigned 32-bit operands (0 for a = 0). */
    static long mul32hi(long a, long b) {
        if (a == 0) {
            return 0;
        }
        return ((a & 0xFFFF_FFFFL) * (b & 0xFFFF_FFFFL) + a - 1) >>> 32;
    }

    // ----- lifecycle -------------------------------------------------------------------------------------------

    /**
     * Runs on the worker thread before the clock starts: h1load pre-heats its sockets so that the first second is
     * not spent in allocations; here the connection objects are allocated and one channel is created, registered and
     * closed, which also loads and links the transport's classes.
     */
    void prepare() {
        while (poolSize < maxconn) {
            if (poolSize == pool.length) {
                Conn[] bigger = new Conn[pool.length * 2];
                System.arraycopy(pool, 0, bigger, 0, poolSize);
                pool = bigger;
            }
            pool[poolSize++] = new Conn(this, false);
        }
        Channel ch = newChannel();
        loop.register(ch);
        ch.close();
    }

    private Channel newChannel() {
        Channel ch = epoll ? new EpollSocketChannel() : new NioSocketChannel();
        ch.config().setOption(ChannelOption.TCP_NODELAY, true);
        ch.config().setOption(ChannelOption.SO_REUSEADDR, true);
        ch.config().setOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, 0);
        if (opts.fastAck && epoll) {
            ch.config().setOption(EpollChannelOption.TCP_QUICKACK, false);
        }
        return ch;
    }

    /** Runs on the worker thread: starts the tick and opens the first connections. */
    void start() {
        nowUs = Clock.nowUs();
        if (opts.rate > 0) {
            long share = rateShare(rs.throttleVolatile());
            reqRate.preseed(share, nowUs / 1_000_000L, nowUs % 1_000_000L);
            connRate.preseed(share, nowUs / 1_000_000L, nowUs % 1_000_000L);
        }
        tickFuture = loop.scheduleAtFixedRate(tickTask, TICK_US, TICK_US, TimeUnit.MICROSECONDS);
        fill();
    }

    /** Runs on the worker thread every millisecond: timers, missing connections, end of run. */
    private void tick() {
        if (exited) {
            return;
        }
        nowUs = Clock.nowUs();
        if (checkExit()) {
            return;
        }
        Conn c;
        while ((c = wq.next) != wq && c.expireUs <= nowUs) {
            c.onExpired();
        }
        while (heapSize > 0 && heap[0].expireUs <= nowUs) {
            c = heapPoll();
            c.onThinkOver();
        }
        if (curconn < maxconn) {
            fill();
        }
        checkExit();
    }

    /** Runs on the worker thread: h1load's loop condition; exits the worker when it no longer holds. */
    private boolean checkExit() {
        int r = rs.getRunningAcquire();
        boolean over = (r & RunState.THR_STOP_ALL) != 0
            || ((r & RunState.THR_ENDING) != 0 && curReq == 0)
            || (opts.maxReqs > 0 && rs.globalReq() >= opts.maxReqs && curReq == 0);
        if (over) {
            exit();
        }
        return over;
    }

    /** Runs on the worker thread: closes every connection, stops the tick and counts the worker out (RUN-5). */
    private void exit() {
        exited = true;
        if (tickFuture != null) {
            tickFuture.cancel(false);
        }
        while (wq.next != wq) {
            wq.next.abandon();
        }
        while (heapSize > 0) {
            heapPoll().abandon();
        }
        rs.workerDone();
    }

    /** Runs on the worker thread: asks for a fill pass after the current I/O batch (at most one pending). */
    void scheduleFill() {
        if (!fillPending && !exited) {
            fillPending = true;
            loop.execute(fillTask);
        }
    }

    /** Runs on the worker thread: opens connections up to the (throttled) limit, within the -R budget. */
    private void fill() {
        fillPending = false;
        if (exited) {
            return;
        }
        nowUs = Clock.nowUs();
        long throttle = rs.throttleVolatile();
        int maxc = effectiveMaxconn(throttle);
        long budget = -1;
        if (opts.rate > 0 && curconn < maxc) {
            long max = rateShare(throttle);
            long sec = nowUs / 1_000_000L;
            long usec = nowUs % 1_000_000L;
            long b1 = connRate.remain(max, 0, sec, usec);
            long b2 = reqRate.remain(max, curconn - curReq, sec, usec);
            budget = (b2 == 0 || b1 <= b2) ? b1 : b2;
        }
        int i;
        for (i = 0; budget != 0 && curconn < maxc && i < FILL_BATCH; i++) {
            if ((rs.getRunningAcquire() & (RunState.THR_STOP_ALL | RunState.THR_ENDING)) != 0) {
                return;
            }
            if (opts.maxReqs > 0 && rs.globalReq() >= opts.maxReqs) {
                return;
            }
            if (!addConnection()) {
                return;
            }
            budget--;
        }
        if (i == FILL_BATCH && curconn < maxc && budget != 0) {
            scheduleFill();
        }
    }

    /** Runs on the worker thread: opens one connection; false on a socket set-up error (counted). */
    private boolean addConnection() {
        Channel ch;
        try {
            ch = newChannel();
        } catch (RuntimeException e) {
            onSetupError(TOT_SERR);
            return false;
        }
        Conn c = poolSize > 0 ? pool[--poolSize] : new Conn(this, false);
        curconn++;
        add(CUR_CONN, 1);
        if (opts.rate > 0) {
            connRate.update(1, nowUs / 1_000_000L);
        }
        return c.open(ch);
    }

    /** Runs on the worker thread: a connection counted in tot_conn (its connect() was issued). */
    void onConnectIssued() {
        add(TOT_CONN, 1);
    }

    /** Runs on the worker thread: a connection is gone; its object returns to the pool. */
    void onConnClosed(Conn c) {
        curconn--;
        add(CUR_CONN, -1);
        if (poolSize == pool.length) {
            Conn[] bigger = new Conn[pool.length * 2];
            System.arraycopy(pool, 0, bigger, 0, poolSize);
            pool = bigger;
        }
        pool[poolSize++] = c;
    }

    // ----- wait queue (FIFO ordered by expiry) -------------------------------------------------------------------

    /** Runs on the worker thread: (re)arms {@code c}'s I/O timeout to now + -w, at the tail of the wait queue. */
    void wqArm(Conn c) {
        wqRemove(c);
        c.expireUs = nowUs + opts.waitMs * 1000L;
        Conn tail = wq.prev;
        c.prev = tail;
        c.next = wq;
        tail.next = c;
        wq.prev = c;
    }

    /** Runs on the worker thread: takes {@code c} out of the wait queue if it is there. */
    void wqRemove(Conn c) {
        if (c.next != null) {
            c.prev.next = c.next;
            c.next.prev = c.prev;
            c.next = null;
            c.prev = null;
        }
    }

    // ----- think heap (min-heap on expireUs) -------------------------------------------------------------------

    /** Runs on the worker thread: parks {@code c} until {@code expireUs}. */
    void heapAdd(Conn c, long expireUs) {
        c.expireUs = expireUs;
        if (heapSize == heap.length) {
            Conn[] bigger = new Conn[heap.length * 2];
            System.arraycopy(heap, 0, bigger, 0, heapSize);
            heap = bigger;
        }
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Conn p = heap[parent];
            if (p.expireUs <= expireUs) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = c;
        c.heapIndex = i;
    }

    /** Runs on the worker thread: takes {@code c} out of the think heap if it is there. */
    void heapRemove(Conn c) {
        int i = c.heapIndex;
        if (i < 0) {
            return;
        }
        c.heapIndex = -1;
        Conn last = heap[--heapSize];
        heap[heapSize] = null;
        if (i == heapSize) {
            return;
        }
        heap[i] = last;
        last.heapIndex = i;
        siftDown(i);
        siftUp(last.heapIndex);
    }

    private Conn heapPoll() {
        Conn top = heap[0];
        heapRemove(top);
        return top;
    }

    private void siftUp(int i) {
        Conn c = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Conn p = heap[parent];
            if (p.expireUs <= c.expireUs) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = c;
        c.heapIndex = i;
    }

    private void siftDown(int i) {
        Conn c = heap[i];
        while (true) {
            int l = 2 * i + 1;
            if (l >= heapSize) {
                break;
            }
            int r = l + 1;
            int m = r < heapSize && heap[r].expireUs < heap[l].expireUs ? r : l;
            if (heap[m].expireUs >= c.expireUs) {
                break;
            }
            heap[i] = heap[m];
            heap[i].heapIndex = i;
            i = m;
        }
        heap[i] = c;
        c.heapIndex = i;
    }
}
