package io.sluice.injector;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run-wide shared state: h1load's {@code running} word, the soft-start throttle and the global request counter.
 *
 * <pre>
 *  running:  31        30       29     28          27 ............... 0
 *           STOP_ALL  ENDING   (-)   DUR_OVER      number of live workers
 * </pre>
 *
 * See the package documentation for who sets which flag (RUN-1 … RUN-5) and why each race is benign.
 */
final class RunState {
    /** Stop everything now (-e saw a connection set-up error). Set by a worker, read by all. */
    static final int THR_STOP_ALL = 0x8000_0000;
    /** Finish the requests in flight, then exit. Set by the main thread. */
    static final int THR_ENDING = 0x4000_0000;
    /** The -d duration is over: no more samples, keep-alive connections pause 500 ms. Set by the main thread. */
    static final int THR_DUR_OVER = 0x1000_0000;
    /** Mask of the live-worker count. */
    static final int THR_COUNT = 0x0FFF_FFFF;

    /** The running word. Workers read it (acquire) once per request; writers use atomic OR / add. */
    private final AtomicInteger running = new AtomicInteger();

    /**
     * Soft-start ratio as an unsigned 32-bit fraction of full load, 0 meaning "no throttle" (100 %). Written by the
     * main thread about 50 times a second, read (volatile) by the workers.
     */
    private volatile long throttle;

    /** Requests started so far, shared by all workers for the -n budget (only counted when -n is set). */
    private final AtomicLong globalReq = new AtomicLong();

    /** Runs on any thread: the running word. */
    int getRunningAcquire() {
        return running.get();
    }

    /** Runs on any thread: RUN-2/RUN-3/RUN-4, sets {@code flag} in the running word. */
    void setFlag(int flag) {
        running.getAndUpdate(v -> v | flag);
    }

    /** Runs on the main thread before a worker starts: RUN-1, counts it live. */
    void workerStarted() {
        running.incrementAndGet();
    }

    /** Runs on a worker thread as it exits: RUN-5, counts it out. */
    void workerDone() {
        running.decrementAndGet();
    }

    /** Runs on any thread: the number of live workers. */
    int liveWorkers() {
        return running.get() & THR_COUNT;
    }

    /** Runs on any thread: the current throttle (0 = none). */
    long throttleVolatile() {
        return throttle;
    }

    /** Runs on the main thread: publishes a new throttle ratio. */
    void setThrottleVolatile(long ratio) {
        throttle = ratio & 0xFFFF_FFFFL;
    }

    /** Runs on any thread: requests started so far (meaningful with -n only). */
    long globalReq() {
        return globalReq.get();
    }

    /**
     * Runs on a worker thread: takes one request from the -n budget, false when it is spent. Without a budget
     * ({@code max <= 0}) it always succeeds and counts nothing, like h1load.
     */
    boolean mayAddReq(long max) {
        if (max <= 0) {
            return true;
        }
        long cur = globalReq.get();
        while (true) {
            if (cur >= max) {
                return false;
            }
            long witness = globalReq.compareAndExchange(cur, cur + 1);
            if (witness == cur) {
                return true;
            }
            cur = witness;
        }
    }
}
