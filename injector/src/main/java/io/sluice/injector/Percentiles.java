package io.sluice.injector;

/**
 * The -P percentile table: h1load's 64 percentile points over 16-bit-float histograms of ttfb and ttlb.
 *
 * <p>A latency in microseconds is stored in bucket {@link #toUf16(long)}: a 5-bit exponent and an 11-bit mantissa,
 * so values up to 2047 us have a bucket each and larger ones share buckets about 0.1 % wide; the table prints the
 * lower bound of the bucket ({@link #fromUf16(int)}) in milliseconds. Each worker owns its histograms and writes them
 * with plain stores; the main thread merges them only after every worker has terminated (the termination of the
 * event loop is the happens-before edge).
 */
final class Percentiles {
    /** Number of buckets of one histogram (every 16-bit value). */
    static final int BUCKETS = 1 << 16;
    /** Mantissa bits of the 16-bit float. */
    private static final int MANT_BITS = 11;
    /** Mantissa mask of the 16-bit float. */
    private static final int MANT_MASK = (1 << MANT_BITS) - 1;
    /** Largest value represented; anything above lands in the last bucket. */
    private static final long MAX_VALUE = (long) MANT_MASK << 31;

    private static final double[] POINTS = buildPoints();

    private Percentiles() {
    }

    /** Runs on any thread: the bucket of {@code v} microseconds. */
    static int toUf16(long v) {
        if (v < 0) {
            v = 0;
        }
        if (v > MAX_VALUE) {
            v = MAX_VALUE;
        }
        if (v < (1 << MANT_BITS)) {
            return (int) v;
        }
        int e = (63 - Long.numberOfLeadingZeros(v)) - (MANT_BITS - 1);
        return (e << MANT_BITS) + (int) (v >>> e);
    }

    /** Runs on any thread: the lower bound of bucket {@code u}, in microseconds. */
    static long fromUf16(int u) {
        return (long) (u & MANT_MASK) << (u >>> MANT_BITS);
    }

    /** Runs on any thread: a copy of the 64 percentile points (fractions 0.1 … 1.0), built as h1load builds them. */
    static double[] points() {
        return POINTS.clone();
    }

    /*
     * The points are accumulated with the same double additions as h1load, so that the printed values (and the
     * floating-point noise they carry into the %g conversions) are the same.
     */
    private static double[] buildPoints() {
        double[] pts = new double[100];
        int n = 0;
        double pct = 0.1;
        final double[][] steps = {
            {0.500000, 0.1}, {0.800000, 0.05}, {0.900000, 0.02}, {0.950000, 0.01}, {0.990000, 0.005},
            {0.995000, 0.001}, {0.999000, 0.0005}, {0.999500, 0.0001}, {0.999900, 0.00005},
            {0.999950, 0.00001}, {0.999990, 0.000005}, {0.999995, 0.000005}, {0.999999, 0.000004},
            {1.000000, 0.000001},
        };
        for (double[] step : steps) {
            while ((pts[n] = pct) < step[0]) {
                n++;
                pct += step[1];
            }
        }
        // Like h1load, the last point stored (the first one >= 1.0) is not counted: 64 points, up to 99.9999 %.
        double[] out = new double[n];
        System.arraycopy(pts, 0, out, 0, n);
        return out;
    }

    /** Runs on the main thread after the run: the table h1load prints, lines ending with '\n'. */
    static String table(long[] ttfb, long[] ttlb) {
        long totFb = 0;
        long totLb = 0;
        for (int i = 0; i < BUCKETS; i++) {
            totFb += ttfb[i];
            totLb += ttlb[i];
        }
        StringBuilder sb = new StringBuilder(8192);
        sb.append("#======= Percentiles for time-to-first-byte and time-to-last-byte =======\n");
        sb.append("# use $3:$5 $3:$7 with logscale X\n");
        sb.append("# $1     $2      $3         $4       $5         $6       $7\n");
        sb.append("#pctl   tail   invtail   ttfbcnt ttfb(ms)   ttlbcnt ttlb(ms)\n");
        long curFb = 0;
        long curLb = 0;
        int fbIdx = 0;
        int lbIdx = 0;
        for (double p : POINTS) {
            while (fbIdx < BUCKETS && curFb + ttfb[fbIdx] < p * totFb) {
                curFb += ttfb[fbIdx++];
            }
            while (lbIdx < BUCKETS && curLb + ttlb[lbIdx] < p * totLb) {
                curLb += ttlb[lbIdx++];
            }
            double inv = p == 1.0 ? 250000 : 1.0 / (1.0 - p);
            sb.append(Formats.left(Formats.g(p * 100.0), 7)).append(' ')
                .append(Formats.left(Formats.g(100.0 * (1.0 - p)), 6)).append(' ')
                .append(Formats.left(Formats.fixed(inv, 0), 7)).append(' ')
                .append(Formats.right(Long.toString(curFb), 9)).append(' ')
                .append(Formats.right(Formats.g(fromUf16(fbIdx) / 1000.0), 8)).append(' ')
                .append(Formats.right(Long.toString(curLb), 9)).append(' ')
                .append(Formats.right(Formats.g(fromUf16(lbIdx) / 1000.0), 8)).append('\n');
        }
        return sb.toString();
    }
}
