package io.sluice.core.stream;

import io.sluice.core.backend.BackendRt;
import io.sluice.core.backend.FrontendRt;
import io.sluice.core.backend.ServerRt;
import io.sluice.core.log.LogRecord;
import io.sluice.core.log.LogRing;

/**
 * The {@code option httplog} facts of one HTTP transaction (HS-16): request clock, timers, status, termination
 * letters and a copy of the request line (the input buffer may be compacted before the line is logged). One per
 * {@link HttpStream}, reused for every transaction; every member is used by the session's loop thread only.
 */
final class HttpTxnLog {
    /** Copy of the request line ({@code %r}). */
    final byte[] reqLine = new byte[LogRecord.MAX_REQUEST_LINE];
    /** Valid bytes in {@link #reqLine}; -1 = {@code <BADREQ>}. */
    int reqLineLen = -1;
    /** A transaction is under way and not logged yet. */
    boolean open;
    /** The transaction was routed to a server (a connection was attempted or reused). */
    boolean srvUsed;
    long reqStartNanos;
    long reqStartMs;
    long headNanos;
    long sentNanos;
    long conStartNanos;
    /** %TR, %Tc, %Tr in ms; -1 = not reached. */
    long tr = -1;
    long tc = -1;
    long tresp = -1;
    /** %ST; -1 = none. */
    int status = -1;
    /** Bytes sent to the client before this transaction. */
    long bytes0;
    /** A mux-level error (before the stream exists): {@code %B} is 0 whatever the reply's size. */
    boolean muxError;
    /** Termination letters (cause, phase). */
    char tCause = '-';
    char tSt = '-';

    /** Runs on the owner thread: the request's clock starts (first byte, or accept for a first request). */
    void start() {
        open = true;
        muxError = false;
        reqStartNanos = System.nanoTime();
        reqStartMs = System.currentTimeMillis();
    }

    /**
     * Runs on the owner thread: counts the ending transaction and its status in the frontend's, the backend's
     * (once routed) and the server's (once used) {@code req_tot} / {@code hrsp_*} counters.
     */
    void count(FrontendRt fe, BackendRt be, ServerRt srv) {
        fe.httpCounters.count(status);
        if (be != null) {
            be.httpCounters.count(status);
        }
        if (srv != null) {
            srv.httpCounters.count(status);
        }
    }

    /**
     * Runs on the owner thread: claims a ring record, fills the httplog line and publishes it (nothing when the
     * ring is full: the log is lossy, never blocking). {@code srv} is null when no server was used.
     */
    void publish(LogRing ring, byte[] src, int srcPort, String fe, String be, ServerRt srv, long bytesToClient,
                 int actconn, int feconn, int beconn, int retries) {
        long seq = ring.tryClaim();
        if (seq == LogRing.FULL) {
            return;
        }
        LogRecord r = ring.record(seq);
        long ta = (System.nanoTime() - reqStartNanos) / 1_000_000L;
        r.httplog();
        if (src != null) {
            r.client(src, src.length, srcPort);
        }
        r.acceptDate(reqStartMs)
                .route(fe, be, srv == null ? "<NOSRV>" : srv.name())
                .httpTimers(tr, srv == null ? -1 : 0, tc, tresp, ta)
                .status(status)
                .bytes(muxError ? 0 : bytesToClient - bytes0)
                .termination(tCause, tSt)
                .conns(actconn, feconn, beconn, srv == null ? 0 : srv.cur.get(), retries, false)
                .queues(0, 0);
        if (reqLineLen < 0) {
            r.requestLine(null, -1, -1);
        } else {
            r.requestLine(reqLine, reqLineLen);
        }
        ring.publish(seq);
    }
}
