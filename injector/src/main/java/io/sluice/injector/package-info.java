/**
 * sluice-h1load: an h1load-compatible HTTP/1.1 load generator on Netty's epoll transport.
 *
 * <h2>Threads and what they own</h2>
 * <ul>
 *   <li>The main thread ({@link io.sluice.injector.H1Load}) parses the command line, prints one line per second
 *       ({@link io.sluice.injector.Reporter}) and drives the end of the run.</li>
 *   <li>Each of the -t workers ({@link io.sluice.injector.Worker}) is one Netty event loop that owns its
 *       connections ({@link io.sluice.injector.Conn}), their timers, its rate counters and its histograms. Nothing a
 *       worker owns is touched by another thread, except the counters below.</li>
 * </ul>
 *
 * <h2>Shared state ({@link io.sluice.injector.RunState})</h2>
 * <pre>
 *  running:  31        30       29     28          27 ............... 0
 *           STOP_ALL  ENDING   (-)   DUR_OVER      number of live workers
 * </pre>
 * <ul>
 *   <li>RUN-1: the main thread counts each worker in before starting it.</li>
 *   <li>RUN-2: a worker sets STOP_ALL on a connection set-up error under -e; every worker sees it within one tick
 *       (1 ms) and exits; the main thread sees the live count drop.</li>
 *   <li>RUN-3: the main thread sets DUR_OVER at the first per-second tick past -d (or on Ctrl-C); workers stop
 *       sampling and pause keep-alive connections 500 ms after each response.</li>
 *   <li>RUN-4: the main thread sets ENDING at the next tick (or when the -n budget is spent and nothing is in
 *       flight); workers refuse new requests and exit once their in-flight requests are done.</li>
 *   <li>RUN-5: a worker decrements the live count as it exits; the main loop ends when it reaches 0.</li>
 * </ul>
 * Flags are only ever set (atomic OR), never cleared, so a reader that sees a stale word only acts one tick later.
 * The -n budget is one atomic counter taken by compare-and-exchange (never over-spent). The soft-start throttle is a
 * volatile written by the main thread only; a worker using the previous value for one request is benign.
 *
 * <h2>Counters (STAT-1, STAT-2)</h2>
 * Each worker has a {@code long[]} of counters that only it writes, with opaque stores (STAT-1). The main thread reads
 * them with opaque loads once a second (STAT-2). Slots are read independently, so a line may mix counts from two
 * instants a few nanoseconds apart, as in h1load; the next line catches up. Histograms (-P) are plain arrays read
 * only after the event loops have terminated.
 *
 * <h2>Hot path</h2>
 * A keep-alive request allocates nothing: the request bytes live in a per-connection direct buffer written again
 * and again, responses are parsed in place or from a per-worker scratch array, timers are an intrusive list and a
 * binary heap, and connection objects are pooled.
 */
package io.sluice.injector;
