package io.sluice.injector;

/**
 * The per-second lines of sluice-h1load: h1load's {@code summary()}, column for column.
 *
 * <p>Runs on the main thread only. It sums the workers' counters (opaque reads, STAT-2), subtracts the previous
 * line's totals and divides by the real length of the interval in milliseconds (rounded up), so a short last
 * interval is scaled like the others.
 */
final class Reporter {
    private final Options o;
    private final Worker[] workers;
    private final RunState rs;
    private final long startUs;

    private boolean havePrev;
    private long prevDateUs;
    private long prevConn;
    private long prevReq;
    private long prevBytes;
    private long prevFbs;
    private long prevTtfb;
    private long prevLbs;
    private long prevTtlb;
    private final long[] prevSc = new long[5];

    Reporter(Options o, Worker[] workers, RunState rs, long startUs) {
        this.o = o;
        this.workers = workers;
        this.rs = rs;
        this.startUs = startUs;
    }

    /** Runs on the main thread: the header line (without the newline handling of the caller). */
    String header() {
        String h;
        if (o.longFormat >= 2) {
            h = "#_____time conns tot_conn  tot_req      tot_bytes    err thr cps rps Bps bps ttfb(us) ttlb(us)";
        } else if (o.longFormat == 1) {
            h = "#     time conns tot_conn  tot_req      tot_bytes    err  cps  rps  Bps  bps   ttfb   ttlb";
        } else {
            h = "#     time conns tot_conn  tot_req      tot_bytes    err  cps  rps  bps   ttfb";
        }
        if (o.statusColumns) {
            h += " 1xx 2xx 3xx 4xx 5xx";
        }
        return h + "\n";
    }

    /**
     * Runs on the main thread: the line for the interval ending at {@code nowUs}, or null when {@code last} and
     * nothing changed within the same second as the previous line (h1load then prints nothing more).
     */
    String line(long nowUs, boolean last) {
        long curConn = 0;
        long totConn = 0;
        long totReq = 0;
        long totErr = 0;
        long rcvd = 0;
        long ttfb = 0;
        long ttlb = 0;
        long fbs = 0;
        long lbs = 0;
        long[] sc = new long[5];
        for (Worker w : workers) {
            curConn += w.read(Worker.CUR_CONN);
            totConn += w.read(Worker.TOT_CONN);
            totReq += w.read(Worker.TOT_DONE);
            totErr += w.read(Worker.TOT_SERR) + w.read(Worker.TOT_CERR) + w.read(Worker.TOT_XERR)
                + w.read(Worker.TOT_PERR);
            rcvd += w.read(Worker.TOT_RCVD);
            ttfb += w.read(Worker.TOT_TTFB);
            ttlb += w.read(Worker.TOT_TTLB);
            fbs += w.read(Worker.TOT_FBS);
            lbs += w.read(Worker.TOT_LBS);
            for (int i = 0; i < 5; i++) {
                sc[i] += w.read(Worker.SC_1XX + i);
            }
        }
        long nowSec = nowUs / 1_000_000L;
        if (last && havePrev && prevDateUs / 1_000_000L == nowSec && prevConn == totConn && prevReq == totReq
            && prevBytes == rcvd) {
            return null;
        }
        double interval = havePrev ? Math.max(1, msRemain(prevDateUs, nowUs)) / 1000.0 : 1.0;
        StringBuilder sb = new StringBuilder(160);
        long time = o.longFormat > 0 ? nowSec : nowSec - startUs / 1_000_000L;
        sb.append(Formats.right(Long.toString(time), 10)).append(' ')
            .append(Formats.right(Long.toString(curConn), 5)).append(' ')
            .append(Formats.right(Long.toString(totConn), 8)).append(' ')
            .append(Formats.right(Long.toString(totReq), 8)).append(' ')
            .append(Formats.right(Long.toString(rcvd), 14)).append(' ')
            .append(Formats.right(Long.toString(totErr), 6)).append(' ');
        long bytes = rcvd - prevBytes;
        if (o.overheadPayload > 0) {
            long smallPkt = (bytes + (o.overheadPayload - 1)) / o.overheadPayload;
            if (smallPkt < totReq - prevReq) {
                smallPkt = totReq - prevReq;
            }
            bytes += smallPkt * o.overheadExtra;
        }
        boolean raw = o.longFormat >= 2;
        if (raw) {
            long thr = rs.throttleVolatile();
            sb.append(Formats.right(Long.toString(thr != 0 ? Worker.mul32hi(100, thr) : 100), 3)).append(' ');
        }
        rate(sb, (totConn - prevConn) / interval, raw);
        rate(sb, (totReq - prevReq) / interval, raw);
        if (o.longFormat > 0) {
            rate(sb, bytes / interval, raw);
        }
        rate(sb, bytes * 8 / interval, raw);
        delay(sb, fbs - prevFbs, ttfb - prevTtfb, raw);
        if (o.longFormat > 0) {
            delay(sb, lbs - prevLbs, ttlb - prevTtlb, raw);
        }
        if (o.statusColumns) {
            for (int i = 0; i < 5; i++) {
                sb.append(Formats.right(Long.toString(sc[i] - prevSc[i]), 3)).append(' ');
            }
        }
        sb.append('\n');
        havePrev = true;
        prevDateUs = nowUs;
        prevConn = totConn;
        prevReq = totReq;
        prevBytes = rcvd;
        prevFbs = fbs;
        prevTtfb = ttfb;
        prevLbs = lbs;
        prevTtlb = ttlb;
        System.arraycopy(sc, 0, prevSc, 0, 5);
        return sb.toString();
    }

    private static void rate(StringBuilder sb, double v, boolean raw) {
        sb.append(raw ? Formats.fixed(v, 1) : Formats.humanNumber(v)).append(' ');
    }

    private static void delay(StringBuilder sb, long samples, long sumUs, boolean raw) {
        if (raw) {
            sb.append(samples != 0 ? Formats.fixed(sumUs / (double) samples, 1) : "-").append(' ');
        } else {
            sb.append(samples == 0 ? Formats.NO_DELAY : Formats.shortDelay(sumUs / (double) samples)).append(' ');
        }
    }

    /** Runs on any thread: milliseconds from {@code fromUs} to {@code toUs}, rounded up, 0 if already passed. */
    static long msRemain(long fromUs, long toUs) {
        long d = toUs - fromUs;
        return d <= 0 ? 0 : (d + 999) / 1000;
    }
}
