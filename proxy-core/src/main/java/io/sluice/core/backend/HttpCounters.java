package io.sluice.core.backend;

import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP counters of a frontend, backend or server ({@code show stat}'s {@code req_tot} and {@code hrsp_*}
 * columns, {@code show info}'s {@code CumReq} for the sum of the frontends). Counted by the loop thread that ends
 * a transaction, read by the CLI from any thread.
 *
 * <p>NOTE: {@link LongAdder} rather than one atomic word: every loop thread counts every transaction, and a
 * striped adder keeps them off one shared cache line (it allocates its cells once, on the first contention, and
 * never per request). HAProxy uses plain atomic increments here; the figures read the same.
 */
public final class HttpCounters {
    private final LongAdder requests = new LongAdder();
    /** hrsp_1xx … hrsp_5xx at 1..5, hrsp_other at 0. */
    private final LongAdder[] responses = new LongAdder[6];

    /** Creates zeroed counters; any thread. */
    public HttpCounters() {
        for (int i = 0; i < responses.length; i++) {
            responses[i] = new LongAdder();
        }
    }

    /**
     * Counts one transaction and its status; runs on the loop thread that ends it.
     *
     * @param status the status sent to the client, or -1 when none was (a request, but no response to count)
     */
    public void count(int status) {
        requests.increment();
        if (status >= 0) {
            int cls = status / 100;
            responses[cls >= 1 && cls <= 5 ? cls : 0].increment();
        }
    }

    /** Returns req_tot; any thread. @return requests counted */
    public long requests() {
        return requests.sum();
    }

    /**
     * Returns one response class; any thread.
     *
     * @param cls 1..5 for hrsp_1xx..hrsp_5xx, 0 for hrsp_other
     * @return responses of that class
     */
    public long responses(int cls) {
        return responses[cls].sum();
    }
}
