package io.sluice.core.stream;

import java.util.concurrent.atomic.AtomicIntegerArray;

import io.sluice.core.conn.BufferPool;
import io.sluice.core.conn.HandoffRing;
import io.sluice.core.listener.Listener;
import io.sluice.core.log.Log;
import io.sluice.fdtable.FdTable;
import io.sluice.fdtable.ThreadContext;
import io.sluice.poller.Activity;
import io.sluice.poller.PollLoop;
import io.sluice.poller.Tasklet;

/**
 * The per-thread part of the runtime: the session pool, the buffer pool and the hand-off ring of one loop thread.
 * Everything here is used by its loop thread only, except {@link #handOff} (any thread) and the racy diagnostic
 * reads of {@link #streams()}.
 */
public final class Worker {
    private final PollLoop loop;
    private final FdTable table;
    private final BufferPool buffers;
    private final HandoffRing inbox = new HandoffRing(1024);
    private final Tasklet drain;
    private final Listener[] listeners;
    private final AtomicIntegerArray loads;
    private final Log log;
    /** {@code tune.http.maxhdr}: the header limit of the HTTP parsers. */
    private final int httpMaxhdr;
    private volatile TcpStream[] all = new TcpStream[0];
    private int allCount;
    private TcpStream[] free = new TcpStream[16];
    private int freeCount;
    private HttpStream[] httpFree = new HttpStream[16];
    private int httpFreeCount;
    private volatile HttpStream[] httpAll = new HttpStream[0];
    private int httpAllCount;

    /** Runs on main before the loops start. */
    public Worker(PollLoop loop, int bufsize, int httpMaxhdr, Listener[] listeners, AtomicIntegerArray loads,
                  Log log) {
        this.loop = loop;
        this.httpMaxhdr = httpMaxhdr;
        this.table = loop.pollers().fdTable();
        this.buffers = new BufferPool(bufsize);
        this.listeners = listeners;
        this.loads = loads;
        this.log = log;
        this.drain = new Tasklet(loop, (self, c, s) -> {
            drainInbox();
            return self;
        }, this);
    }

    /** Runs on any thread: the loop. */
    public PollLoop loop() {
        return loop;
    }

    /** Runs on any thread: the thread id. */
    public int tid() {
        return loop.tid();
    }

    /** Runs on the owner thread: the buffer pool. */
    public BufferPool buffers() {
        return buffers;
    }

    /** Runs on any thread: {@code tune.http.maxhdr}. */
    int httpMaxhdr() {
        return httpMaxhdr;
    }

    /** Runs on any thread: the fd table. */
    public FdTable table() {
        return table;
    }

    /** Runs on any thread: the async log. */
    public Log log() {
        return log;
    }

    /** Runs on any thread (racy, diagnostics): every session object this thread ever created (nulls at the end). */
    public TcpStream[] streams() {
        return all;
    }

    /** Runs on any thread: live sessions of this thread (the load used to spread accepts). */
    public int load() {
        return loads.get(loop.tid());
    }

    /**
     * Runs on the accepting thread: queues {@code cfd} of listener {@code lid} for this thread (ACC-5); false when
     * the ring is full. The load is counted at once so that the next choice sees it.
     */
    public boolean handOff(int cfd, int lid) {
        loads.incrementAndGet(loop.tid());
        if (!inbox.offer(((long) lid << 32) | (cfd & 0xFFFFFFFFL))) {
            loads.decrementAndGet(loop.tid());
            return false;
        }
        drain.wakeup();
        return true;
    }

    /** Runs on the owner thread: starts a session on {@code cfd} accepted by {@code l} (load already counted). */
    public void startLocal(int cfd, Listener l, ThreadContext ctx) {
        if (l.frontend().http() != null) {
            HttpStream h = httpFreeCount > 0 ? httpFree[--httpFreeCount] : newHttpStream();
            h.start(cfd, l, ctx);
            return;
        }
        TcpStream s = get();
        s.start(cfd, l, ctx);
    }

    /** Runs on the owner thread: counts a session started without hand-off. */
    public void countLoad() {
        loads.incrementAndGet(loop.tid());
    }

    private void drainInbox() {
        ThreadContext ctx = loop.context();
        for (long v = inbox.poll(); v != HandoffRing.EMPTY; v = inbox.poll()) {
            int cfd = (int) v;
            int lid = (int) (v >>> 32);
            loop.activity().inc(Activity.ACCQ_PUSHED);
            startLocal(cfd, listeners[lid], ctx);
        }
    }

    private TcpStream get() {
        if (freeCount > 0) {
            TcpStream s = free[--freeCount];
            free[freeCount] = null;
            return s;
        }
        TcpStream s = new TcpStream(this);
        TcpStream[] cur = all;
        if (allCount == cur.length) {
            cur = java.util.Arrays.copyOf(cur, Math.max(16, cur.length * 2));
        }
        cur[allCount++] = s;
        all = cur;
        return s;
    }

    private HttpStream newHttpStream() {
        HttpStream h = new HttpStream(this);
        HttpStream[] cur = httpAll;
        if (httpAllCount == cur.length) {
            cur = java.util.Arrays.copyOf(cur, Math.max(16, cur.length * 2));
        }
        cur[httpAllCount++] = h;
        httpAll = cur;
        return h;
    }

    /** Runs on any thread (racy, diagnostics): every mode http session this thread created (nulls at the end). */
    public HttpStream[] httpStreams() {
        return httpAll;
    }

    /** Runs on the owner thread: a finished mode http session goes back to the pool. */
    void release(HttpStream s) {
        loads.decrementAndGet(loop.tid());
        if (httpFreeCount == httpFree.length) {
            httpFree = java.util.Arrays.copyOf(httpFree, httpFree.length * 2);
        }
        httpFree[httpFreeCount++] = s;
    }

    /** Runs on the owner thread: a finished session goes back to the pool. */
    void release(TcpStream s) {
        loads.decrementAndGet(loop.tid());
        if (freeCount == free.length) {
            free = java.util.Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = s;
    }
}
