package io.sluice.bench.alloc;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording of a running Sluice and tells how many bytes its event-loop threads allocated, in total
 * and per request, and where.
 *
 * <p>Two modes, both single-threaded offline tools (they run on the caller's thread, never inside the proxy):
 * <ul>
 *   <li>{@code stats}: from {@code jdk.ThreadAllocationStatistics} (each thread's cumulative allocated bytes, an
 *       exact counter kept by the JVM, sampled at the recording's period). The delta between a thread's first
 *       and last sample is what it allocated in between; the script brackets the measured load with one idle
 *       sample on each side, so the delta over the loop threads divided by the injector's request count is the
 *       bytes allocated per request.</li>
 *   <li>{@code sites}: from {@code jdk.ObjectAllocationOutsideTLAB} (every allocation when the proxy runs with
 *       {@code -XX:-UseTLAB}: exact), or {@code samples}: from {@code jdk.ObjectAllocationSample} (sampled,
 *       weighted; TLABs on): the allocation sites of the loop threads, grouped by the first {@code io.sluice}
 *       frames, the allocated class and the top frame.</li>
 * </ul>
 *
 * <p>It uses only the JDK, so the benchmark scripts run it as a single source file
 * ({@code java AllocSummary.java stats rec.jfr 123456}) without building the module. Usage:
 * <pre>
 *   AllocSummary stats &lt;recording.jfr&gt; &lt;requests&gt; [load-start-epoch-ms load-end-epoch-ms]
 *   AllocSummary sites|samples &lt;recording.jfr&gt; &lt;requests&gt; [connections] [top]
 * </pre>
 * The thread-name prefix is {@value #LOOP_PREFIX} unless the system property {@code alloc.prefix} says otherwise.
 * The last line of {@code stats} is {@code BYTES_PER_REQ <whole-run> <steady> <loop-bytes> <seconds>} for scripts:
 * the whole run includes the load's connection set-up and tear-down; "steady" is the loop threads' allocation
 * between the first sample at least one second into the load and the last sample before its end, divided by
 * the requests served meanwhile at the run's mean rate ({@code NaN} when the load window is not given or
 * holds fewer than two samples).
 */
public final class AllocSummary {

    /** Names of Sluice's event-loop threads: {@code sluice-loop-<tid>} (io.sluice.poller.Pollers.LoopThread). */
    public static final String LOOP_PREFIX = "sluice-loop-";

    static final String EV_THREAD_STATS = "jdk.ThreadAllocationStatistics";
    static final String EV_OUTSIDE_TLAB = "jdk.ObjectAllocationOutsideTLAB";
    static final String EV_SAMPLE = "jdk.ObjectAllocationSample";

    private AllocSummary() {
    }

    /** One thread's cumulative allocation counter at its first and last sample. */
    public record ThreadDelta(String name, long first, long last, Instant firstAt, Instant lastAt) {
        /** Bytes allocated between the two samples. */
        public long delta() {
            return last - first;
        }
    }

    /**
     * What {@code stats} found.
     *
     * @param loops the loop threads, by name
     * @param otherBytes what the other application threads allocated (JFR's own threads and the attach
     *     listener left out)
     * @param series the loop threads' summed counter at each sample time, in order
     */
    public record Stats(List<ThreadDelta> loops, long otherBytes, TreeMap<Instant, Long> series) {
        /** Bytes allocated by all loop threads between their first and last samples. */
        public long loopBytes() {
            return loops.stream().mapToLong(ThreadDelta::delta).sum();
        }

        /** Seconds between the earliest first sample and the latest last sample of the loop threads. */
        public double seconds() {
            Instant a = loops.stream().map(ThreadDelta::firstAt).min(Comparator.naturalOrder()).orElse(Instant.EPOCH);
            Instant b = loops.stream().map(ThreadDelta::lastAt).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
            return (b.toEpochMilli() - a.toEpochMilli()) / 1000.0;
        }
    }

    /**
     * One allocation site: where (first Sluice frame, top frame) and what (class).
     *
     * @param sluiceFrame the first {@code io.sluice} frame that is not an exception's and its {@code io.sluice}
     *     caller, or "-" when there is none
     * @param topFrame the frame that allocated
     * @param objectClass the allocated class
     * @param bytes bytes allocated there (exact, or the samples' weights)
     * @param count allocations (exact mode) or samples
     */
    public record Site(String sluiceFrame, String topFrame, String objectClass, long bytes, long count) {
    }

    /** What {@code sites} found: the sites by decreasing bytes and whether they are exact. */
    public record Sites(List<Site> sites, boolean exact, long totalBytes) {
    }

    /** Runs on the caller's thread: reads the per-thread allocation counters of a recording. */
    public static Stats stats(Path jfr, String prefix) throws IOException {
        Map<Long, ThreadDelta> loops = new LinkedHashMap<>();
        Map<Long, ThreadDelta> others = new HashMap<>();
        // samples of one period share a timestamp to within a millisecond or two: bucket them by 100 ms
        TreeMap<Instant, Long> series = new TreeMap<>();
        try (RecordingFile f = new RecordingFile(jfr)) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                if (!EV_THREAD_STATS.equals(e.getEventType().getName())) {
                    continue;
                }
                RecordedThread t = e.getThread("thread");
                if (t == null) {
                    continue;
                }
                String name = t.getJavaName() == null ? t.getOSName() : t.getJavaName();
                long v = e.getLong("allocated");
                Instant at = e.getStartTime();
                boolean loop = name != null && name.startsWith(prefix);
                if (!loop && (name == null || name.startsWith("JFR ") || name.equals("Attach Listener"))) {
                    continue;
                }
                Map<Long, ThreadDelta> into = loop ? loops : others;
                into.merge(t.getId(), new ThreadDelta(name, v, v, at, at), AllocSummary::widen);
                if (loop) {
                    Instant bucket = Instant.ofEpochMilli(at.toEpochMilli() / 100 * 100);
                    series.merge(bucket, v, Long::sum);
                }
            }
        }
        List<ThreadDelta> l = new ArrayList<>(loops.values());
        l.sort(Comparator.comparing(ThreadDelta::name));
        long other = others.values().stream().mapToLong(ThreadDelta::delta).sum();
        return new Stats(l, other, series);
    }

    private static ThreadDelta widen(ThreadDelta a, ThreadDelta b) {
        ThreadDelta lo = b.firstAt().isBefore(a.firstAt()) ? b : a;
        ThreadDelta hi = b.lastAt().isAfter(a.lastAt()) ? b : a;
        return new ThreadDelta(a.name(), lo.first(), hi.last(), lo.firstAt(), hi.lastAt());
    }

    /**
     * Runs on the caller's thread: the allocation sites of the loop threads in a recording, from
     * {@code jdk.ObjectAllocationOutsideTLAB} when {@code exact} (every allocation of a JVM run with
     * {@code -XX:-UseTLAB}; with TLABs on, only the large ones) or from {@code jdk.ObjectAllocationSample} weights.
     */
    public static Sites sites(Path jfr, String prefix, boolean exact) throws IOException {
        String wanted = exact ? EV_OUTSIDE_TLAB : EV_SAMPLE;
        Map<String, long[]> acc = new HashMap<>();
        try (RecordingFile f = new RecordingFile(jfr)) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                if (!wanted.equals(e.getEventType().getName())) {
                    continue;
                }
                RecordedThread t = e.getThread();
                String name = t == null ? null : t.getJavaName();
                if (name == null || !name.startsWith(prefix)) {
                    continue;
                }
                long bytes = exact ? e.getLong("allocationSize") : e.getLong("weight");
                String cls = e.getClass("objectClass") == null ? "?" : typeName(e.getClass("objectClass").getName());
                long[] a = acc.computeIfAbsent(siteKey(e.getStackTrace()) + "\u0000" + cls, k -> new long[2]);
                a[0] += bytes;
                a[1]++;
            }
        }
        List<Site> out = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, long[]> en : acc.entrySet()) {
            String[] k = en.getKey().split("\u0000", -1);
            out.add(new Site(k[0], k[1], k[2], en.getValue()[0], en.getValue()[1]));
            total += en.getValue()[0];
        }
        out.sort(Comparator.comparingLong(Site::bytes).reversed().thenComparing(Site::sluiceFrame));
        return new Sites(out, exact, total);
    }

    /**
     * "Sluice frames \0 top frame" of a stack (the top frame is the allocating one). The Sluice frames are the
     * first frame in an {@code io.sluice} class that is not an exception's (so a failure reads as the call that
     * failed, not the exception's constructor) and its {@code io.sluice} caller: "FdIo.read:45 < HttpStream.read:278".
     */
    static String siteKey(RecordedStackTrace st) {
        if (st == null || st.getFrames().isEmpty()) {
            return "-\u0000(no stack)";
        }
        List<RecordedFrame> frames = st.getFrames();
        String top = frame(frames.get(0));
        String sluice = null;
        for (RecordedFrame fr : frames) {
            if (!fr.isJavaFrame()) {
                continue;
            }
            String cls = fr.getMethod().getType().getName();
            if (!cls.startsWith("io.sluice.") || cls.endsWith("Exception") || cls.endsWith("Error")) {
                continue;
            }
            if (sluice == null) {
                sluice = frame(fr);
            } else {
                sluice = sluice + " < " + shortFrame(fr);
                break;
            }
        }
        return (sluice == null ? "-" : sluice) + "\u0000" + top;
    }

    static String shortFrame(RecordedFrame fr) {
        String cls = fr.getMethod().getType().getName();
        int line = fr.getLineNumber();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + fr.getMethod().getName() + (line > 0 ? ":" + line : "");
    }

    /** A JVM class name as Java writes it: "[B" is "byte[]", "[Ljava.lang.Object;" is "java.lang.Object[]". */
    static String typeName(String jvm) {
        int dims = 0;
        while (dims < jvm.length() && jvm.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return jvm;
        }
        String elem = switch (jvm.charAt(dims)) {
            case 'Z' -> "boolean";
            case 'B' -> "byte";
            case 'C' -> "char";
            case 'S' -> "short";
            case 'I' -> "int";
            case 'J' -> "long";
            case 'F' -> "float";
            case 'D' -> "double";
            case 'L' -> jvm.substring(dims + 1, jvm.length() - 1);
            default -> jvm.substring(dims);
        };
        return elem + "[]".repeat(dims);
    }

    /** "Simple.method:line [package]": the package in brackets so that the columns stay short. */
    static String frame(RecordedFrame fr) {
        String cls = fr.getMethod().getType().getName();
        int dot = cls.lastIndexOf('.');
        return shortFrame(fr) + " [" + (dot < 0 ? "" : cls.substring(0, dot)) + "]";
    }

    /** Runs on main: prints the summary of one mode; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        if (args.length < 3 || !List.of("stats", "sites", "samples").contains(args[0])) {
            System.err.println("usage: AllocSummary stats <recording.jfr> <requests> [load-start-ms load-end-ms]\n"
                    + "       AllocSummary sites|samples <recording.jfr> <requests> [connections] [top]");
            System.exit(2);
        }
        Path jfr = Path.of(args[1]);
        long requests = Long.parseLong(args[2]);
        String prefix = System.getProperty("alloc.prefix", LOOP_PREFIX);
        if ("stats".equals(args[0])) {
            long start = args.length > 4 ? Long.parseLong(args[3]) : 0;
            long end = args.length > 4 ? Long.parseLong(args[4]) : 0;
            printStats(stats(jfr, prefix), requests, start, end);
        } else {
            long conns = args.length > 3 ? Long.parseLong(args[3]) : 0;
            int top = args.length > 4 ? Integer.parseInt(args[4]) : 15;
            Sites sites = sites(jfr, prefix, "sites".equals(args[0]));
            printSites(sites, requests, conns, top);
            Stats st = stats(jfr, prefix);
            if (!st.loops().isEmpty() && sites.exact()) {
                // With -XX:-UseTLAB and a collector without inline eden allocation (G1), the exact sites add up to
                // the loop threads' counters; less means allocations JFR did not see (ParallelGC on JDK 17).
                System.out.printf(Locale.ROOT, "  the loop threads' counters say %,d B: the sites cover %.1f %%%n",
                        st.loopBytes(), st.loopBytes() > 0 ? 100.0 * sites.totalBytes() / st.loopBytes() : 100.0);
            }
        }
    }

    /**
     * Runs on the caller's thread: the loop threads' bytes per request in the steady part of a load that ran
     * from {@code startMs} to {@code endMs} (epoch ms) and served {@code requests}, or NaN when fewer than two
     * samples fall between one second after the start and the end.
     */
    public static double steadyBytesPerRequest(Stats s, long requests, long startMs, long endMs) {
        if (endMs <= startMs || requests <= 0) {
            return Double.NaN;
        }
        Map.Entry<Instant, Long> first = null;
        Map.Entry<Instant, Long> last = null;
        for (Map.Entry<Instant, Long> en : s.series().entrySet()) {
            long t = en.getKey().toEpochMilli();
            if (t >= startMs + 1000 && t <= endMs) {
                if (first == null) {
                    first = en;
                }
                last = en;
            }
        }
        if (first == null || first == last) {
            return Double.NaN;
        }
        double secs = (last.getKey().toEpochMilli() - first.getKey().toEpochMilli()) / 1000.0;
        double served = requests * secs * 1000.0 / (endMs - startMs);
        return (last.getValue() - first.getValue()) / served;
    }

    static void printStats(Stats s, long requests, long startMs, long endMs) {
        if (s.loops().isEmpty()) {
            System.out.println("  no " + EV_THREAD_STATS + " event on a loop thread (recording too short?)");
            System.out.println("BYTES_PER_REQ NaN NaN 0 0");
            return;
        }
        for (ThreadDelta d : s.loops()) {
            System.out.printf(Locale.ROOT, "  %-16s %,14d -> %,14d  +%,d B%n", d.name(), d.first(), d.last(),
                    d.delta());
        }
        StringBuilder per = new StringBuilder();
        Long prev = null;
        for (long v : s.series().values()) {
            if (prev != null) {
                per.append(' ').append(v - prev);
            }
            prev = v;
        }
        System.out.println("  loop bytes per sample interval:" + per);
        double perReq = requests > 0 ? (double) s.loopBytes() / requests : Double.NaN;
        double steady = steadyBytesPerRequest(s, requests, startMs, endMs);
        System.out.printf(Locale.ROOT, "  loop threads: %,d B in %.1f s for %,d requests = %.2f B/req, steady %.2f"
                + " B/req (other application threads: %,d B = %.2f B/req)%n", s.loopBytes(), s.seconds(), requests,
                perReq, steady, s.otherBytes(), requests > 0 ? (double) s.otherBytes() / requests : Double.NaN);
        System.out.printf(Locale.ROOT, "BYTES_PER_REQ %.2f %.2f %d %.1f%n", perReq, steady, s.loopBytes(),
                s.seconds());
    }

    static void printSites(Sites s, long requests, long conns, int top) {
        System.out.printf(Locale.ROOT, "  %s allocation sites on the loop threads: %,d B in all = %.2f B/req%n",
                s.exact() ? "exact (-XX:-UseTLAB, every allocation)" : "sampled (weights)", s.totalBytes(),
                requests > 0 ? (double) s.totalBytes() / requests : Double.NaN);
        System.out.printf(Locale.ROOT, "  %6s %9s %9s %9s  %-22s %s%n", "share", "B/req",
                s.exact() ? "allocs" : "samples", conns > 0 ? "per-conn" : "", "class",
                "first io.sluice frames <- allocating frame");
        int n = 0;
        for (Site site : s.sites()) {
            if (n++ == top) {
                break;
            }
            double share = s.totalBytes() > 0 ? 100.0 * site.bytes() / s.totalBytes() : 0;
            String perConn = conns > 0 ? String.format(Locale.ROOT, "%.1f", (double) site.count() / conns) : "";
            System.out.printf(Locale.ROOT, "  %5.1f%% %9.3f %9d %9s  %-22s %s <- %s%n", share,
                    requests > 0 ? (double) site.bytes() / requests : Double.NaN, site.count(), perConn,
                    site.objectClass(), site.sluiceFrame(), site.topFrame());
        }
    }
}
