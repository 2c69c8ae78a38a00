package io.sluice.core.log;

import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code log} thread: drains the {@link LogRing}, formats each record once into a reusable buffer, then writes
 * it with each target's header to each target's sink. It is the only thread that formats or does log I/O, so a
 * sink that blocks (a full pipe, a slow disk) stalls this thread only; producers keep claiming until the ring is
 * full and then drop and count.
 *
 * <p>Lifecycle: built and given its targets on the main thread, {@link #start()}ed once, {@link #stop(long)}ped
 * once (drains what was published, then closes the sinks).
 */
public final class LogThread implements Runnable {
    private static final int DRAIN_BATCH = 256;

    private final LogRing ring;
    private final DateCache dates;
    private final String tag;
    private final long pid;
    private final String hostname;
    private final List<LogTarget> targets = new ArrayList<>();
    private final List<LogSink> sinks = new ArrayList<>();
    /** Targets of process messages (text records); null = every target. Set on main before start. */
    private int[] processTargets;
    /** Targets of each frontend's traffic lines (its {@code log} lines); a frontend not listed uses every target. */
    private final Map<String, int[]> frontendTargets = new HashMap<>();
    private int[] allTargets = new int[0];

    // Log-thread-owned scratch buffers (never touched by producers).
    private final LineBuffer body = new LineBuffer(1024);
    private final LineBuffer line = new LineBuffer(1200);

    // Counters written by the log thread, read by the CLI (show info / tests).
    private final AtomicLong linesWritten = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();

    // Written by stop() (any thread), read by the log thread each round.
    private volatile boolean running = true;
    private volatile Thread thread;

    /**
     * Creates the log thread's state; runs on the main thread.
     *
     * @param tag the syslog tag (HAProxy's {@code log-tag}, the program name by default)
     * @param pid the process id printed in syslog headers
     * @param hostname printed in RFC 5424 headers and, if non-null, in RFC 3164 ones ({@code log-send-hostname})
     * @param zone the zone of the dates in headers and in {@code %t} (the system zone in production)
     */
    public LogThread(LogRing ring, String tag, long pid, String hostname, ZoneId zone) {
        this.ring = ring;
        this.tag = tag;
        this.pid = pid;
        this.hostname = hostname;
        this.dates = new DateCache(zone);
    }

    /** Adds a target and its opened sink; runs on the main thread before {@link #start()}. */
    public LogThread addTarget(LogTarget target, LogSink sink) {
        if (thread != null) {
            throw new IllegalStateException("targets must be added before the log thread starts");
        }
        targets.add(target);
        sinks.add(sink);
        allTargets = new int[targets.size()];
        for (int i = 0; i < allTargets.length; i++) {
            allTargets[i] = i;
        }
        return this;
    }

    /**
     * Returns the index the next {@link #addTarget} will get; main thread, before {@link #start()}.
     *
     * @return number of targets added so far
     */
    public int targetCount() {
        return targets.size();
    }

    /**
     * Sends process messages (text records: start, stop, watchdog reports) to {@code indexes} only, HAProxy's
     * global loggers; main thread, before {@link #start()}. Without this call they go to every target.
     *
     * @param indexes target indexes from {@link #targetCount()}
     */
    public LogThread routeProcess(int[] indexes) {
        checkNotStarted();
        processTargets = indexes.clone();
        return this;
    }

    /**
     * Sends the traffic lines (tcplog / httplog records) of frontend {@code name} to {@code indexes} only: the
     * targets of its {@code log} lines, with {@code log global} expanded; empty for a frontend without loggers
     * (HAProxy then logs nothing for it); main thread, before {@link #start()}.
     *
     * @param name the frontend's name, as the records carry it
     * @param indexes target indexes from {@link #targetCount()}
     */
    public LogThread routeFrontend(String name, int[] indexes) {
        checkNotStarted();
        frontendTargets.put(name, indexes.clone());
        return this;
    }

    private void checkNotStarted() {
        if (thread != null) {
            throw new IllegalStateException("routes must be set before the log thread starts");
        }
    }

    /** The targets of {@code r}; runs on the log thread (no allocation: the arrays are built before start). */
    private int[] targetsOf(LogRecord r) {
        if (r.kind == LogRecord.KIND_TCPLOG || r.kind == LogRecord.KIND_HTTPLOG) {
            int[] fe = r.frontend == null ? null : frontendTargets.get(r.frontend);
            return fe != null ? fe : allTargets;
        }
        return processTargets != null ? processTargets : allTargets;
    }

    /** Starts the daemon thread named {@code log}; runs on the main thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("log thread already started");
        }
        Thread t = new Thread(this, "log");
        t.setDaemon(true);
        thread = t;
        ring.bindConsumer(t);
        t.start();
    }

    /** The drain loop; runs on the log thread. Ends after {@link #stop} once the ring is empty. */
    @Override
    public void run() {
        ring.bindConsumer(Thread.currentThread());
        try {
            while (running) {
                if (ring.drain(this::emit, DRAIN_BATCH) == 0) {
                    ring.awaitWork(LogRing.DEFAULT_PARK_NANOS);
                }
            }
            while (ring.drain(this::emit, DRAIN_BATCH) > 0) {
                // Final drain: ends when nothing published remains.
                Thread.onSpinWait();
            }
        } finally {
            java.util.Set<LogSink> closed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (LogSink s : sinks) {
                if (!closed.add(s)) {
                    continue; // shared by two targets
                }
                try {
                    s.close();
                } catch (IOException e) {
                    writeErrors.incrementAndGet();
                }
            }
        }
    }

    /**
     * Stops the thread after it has drained what is published, waiting at most {@code timeoutMillis}; runs on the
     * main thread. Returns true if the thread ended in time.
     */
    public boolean stop(long timeoutMillis) throws InterruptedException {
        running = false;
        Thread t = thread;
        if (t == null) {
            return true;
        }
        java.util.concurrent.locks.LockSupport.unpark(t);
        t.join(Math.max(1, timeoutMillis));
        return !t.isAlive();
    }

    /** Returns the lines written to sinks so far; runs on any thread. */
    public long linesWritten() {
        return linesWritten.get();
    }

    /** Returns the sink writes that failed so far; runs on any thread. */
    public long writeErrors() {
        return writeErrors.get();
    }

    /**
     * Formats one record and writes it to each of its targets (its frontend's loggers, or the process loggers)
     * that accepts its level; runs on the log thread.
     */
    private void emit(LogRecord r) {
        int[] to = targetsOf(r);
        if (to.length == 0) {
            return;
        }
        body.clear();
        try {
            formatBody(r, dates, body);
        } catch (RuntimeException e) {
            body.clear().append("<log record could not be formatted: ").append(e.toString()).append('>');
        }
        boolean multiLine = r.attachment != null;
        for (int i : to) {
            LogTarget t = targets.get(i);
            if (!t.accepts(r.level)) {
                continue;
            }
            line.clear();
            appendHeader(t, t.headerLevel(r.level), r.timeMillis, line);
            line.append(body);
            if (!multiLine) {
                line.truncate(t.maxLength());
            }
            line.append('\n');
            try {
                sinks.get(i).write(line.array(), 0, line.length(), r.level);
                linesWritten.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                writeErrors.incrementAndGet();
            }
        }
    }

    /** Appends a target's header; runs on the log thread. */
    void appendHeader(LogTarget t, int level, long timeMillis, LineBuffer out) {
        int pri = t.facility() * 8 + level;
        switch (t.format()) {
            case RAW -> {
            }
            case SHORT -> out.append('<').append(pri).append('>');
            case RFC3164 -> {
                out.append('<').append(pri).append('>');
                dates.appendRfc3164(timeMillis, out);
                out.append(' ');
                if (hostname != null) {
                    out.append(hostname).append(' ');
                }
                out.append(tag).append('[').append(pid).append("]: ");
            }
            case RFC5424 -> {
                out.append('<').append(pri).append(">1 ");
                dates.appendRfc5424(timeMillis, out);
                out.append(' ').append(hostname == null ? "-" : hostname).append(' ').append(tag).append(' ')
                        .append(pid).append(" - - ");
            }
            default -> throw new IllegalStateException("unknown log format " + t.format());
        }
    }

    /** Formats a record's message (no header, no LF); runs on the log thread. Package-private for tests. */
    static void formatBody(LogRecord r, DateCache dates, LineBuffer out) {
        switch (r.kind) {
            case LogRecord.KIND_TCPLOG -> TcpLogFormatter.format(r, dates, out);
            case LogRecord.KIND_HTTPLOG -> TcpLogFormatter.formatHttp(r, dates, out);
            case LogRecord.KIND_TEXT -> formatText(r, out);
            default -> out.append("<unknown log record kind ").append(r.kind).append('>');
        }
    }

    private static void formatText(LogRecord r, LineBuffer out) {
        String t = r.template == null ? "" : r.template;
        int arg = 0;
        int n = t.length();
        for (int i = 0; i < n; i++) {
            char c = t.charAt(i);
            if (c == '{' && i + 1 < n && t.charAt(i + 1) == '}' && arg < r.argCount) {
                switch (r.argKinds[arg]) {
                    case LogRecord.ARG_LONG -> out.append(r.argLongs[arg]);
                    case LogRecord.ARG_HEX -> out.append("0x").appendHex(r.argLongs[arg]);
                    default -> out.append(String.valueOf(r.argRefs[arg]));
                }
                arg++;
                i++;
            } else {
                out.append(c);
            }
        }
        appendAttachment(r.attachment, out);
    }

    private static void appendAttachment(Object a, LineBuffer out) {
        if (a instanceof StackTraceElement[] stack) {
            for (StackTraceElement e : stack) {
                out.append("\n\tat ").append(e.toString());
            }
        } else if (a instanceof Throwable th) {
            out.append("\n").append(th.toString());
            for (StackTraceElement e : th.getStackTrace()) {
                out.append("\n\tat ").append(e.toString());
            }
        } else if (a != null) {
            out.append("\n").append(a.toString());
        }
    }
}
