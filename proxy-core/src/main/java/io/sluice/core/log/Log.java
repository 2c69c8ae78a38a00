package io.sluice.core.log;

/**
 * The call-site face of asynchronous logging: claim, fill, publish in one call, dropping (and counting) when the
 * ring is full. Every method runs on any thread, including loop threads and code holding locks: it never blocks,
 * never formats, never does I/O and allocates nothing (the template is a constant, arguments are primitives or
 * existing objects).
 *
 * <p>For more arguments or a {@code tcplog} record, use the ring directly:
 * <pre>{@code
 * long seq = ring.tryClaim();
 * if (seq != LogRing.FULL) {
 *     ring.record(seq).tcplog().clientIpv4(addr, port).route(fe, be, srv)...;
 *     ring.publish(seq);
 * }
 * }</pre>
 */
public final class Log {
    private final LogRing ring;
    private final int maxLevel;

    /** Wraps a ring, passing every level; runs on the main thread. */
    public Log(LogRing ring) {
        this(ring, LogLevel.DEBUG);
    }

    /**
     * Wraps a ring; records less severe than {@code maxLevel} are not even claimed (so debug logging costs one
     * comparison when it is off). Runs on the main thread.
     */
    public Log(LogRing ring, int maxLevel) {
        this.ring = ring;
        this.maxLevel = maxLevel;
    }

    /** Returns true if a record of {@code level} would be logged; runs on any thread. */
    public boolean enabled(int level) {
        return level <= maxLevel;
    }

    /** Returns the underlying ring; runs on any thread. */
    public LogRing ring() {
        return ring;
    }

    /** Returns how many messages were dropped because the ring was full ({@code DroppedLogs}). */
    public long dropped() {
        return ring.dropped();
    }

    /** Logs a constant message; runs on any thread. */
    public void log(int level, String template) {
        if (level > maxLevel) {
            return;
        }
        long seq = ring.tryClaim();
        if (seq != LogRing.FULL) {
            ring.record(seq).level(level).text(template);
            ring.publish(seq);
        }
    }

    /** Logs a message with one numeric argument; runs on any thread. */
    public void log(int level, String template, long a) {
        if (level > maxLevel) {
            return;
        }
        long seq = ring.tryClaim();
        if (seq != LogRing.FULL) {
            ring.record(seq).level(level).text(template).arg(a);
            ring.publish(seq);
        }
    }

    /** Logs a message with two numeric arguments; runs on any thread. */
    public void log(int level, String template, long a, long b) {
        if (level > maxLevel) {
            return;
        }
        long seq = ring.tryClaim();
        if (seq != LogRing.FULL) {
            ring.record(seq).level(level).text(template).arg(a).arg(b);
            ring.publish(seq);
        }
    }

    /** Logs a message with one object argument (printed by the log thread); runs on any thread. */
    public void log(int level, String template, Object a) {
        if (level > maxLevel) {
            return;
        }
        long seq = ring.tryClaim();
        if (seq != LogRing.FULL) {
            ring.record(seq).level(level).text(template).arg(a);
            ring.publish(seq);
        }
    }

    /** Logs a message with an object and a numeric argument; runs on any thread. */
    public void log(int level, String template, Object a, long b) {
        if (level > maxLevel) {
            return;
        }
        long seq = ring.tryClaim();
        if (seq != LogRing.FULL) {
            ring.record(seq).level(level).text(template).arg(a).arg(b);
            ring.publish(seq);
        }
    }

    /** Logs a message with two object arguments; runs on any thread. */
    public void log(int level, String template, Object a, Object b) {
        if (level > maxLevel) {
            return;
        }
        long seq = ring.tryClaim();
        if (seq != LogRing.FULL) {
            ring.record(seq).level(level).text(template).arg(a).arg(b);
            ring.publish(seq);
        }
    }

    /**
     * Logs a message followed by a stack; runs on any thread (the watchdog uses it for stuck threads). The stack
     * array must not be modified afterwards.
     */
    public void logStack(int level, String template, long a, StackTraceElement[] stack) {
        if (level > maxLevel) {
            return;
        }
        long seq = ring.tryClaim();
        if (seq != LogRing.FULL) {
            ring.record(seq).level(level).text(template).arg(a).attach(stack);
            ring.publish(seq);
        }
    }
}
