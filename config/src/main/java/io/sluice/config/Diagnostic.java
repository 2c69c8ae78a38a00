package io.sluice.config;

/**
 * One alert or warning produced while reading a configuration, with the place it points at.
 *
 * @param severity ALERT (fatal: nothing starts) or WARNING (legal but suspicious)
 * @param file the configuration file as given on the command line, or null for a global message
 * @param line the 1-based line in {@code file}, or 0 when the message has no line
 * @param message HAProxy's wording of the problem, without the {@code parsing [file:line] : } prefix;
 *        may span several lines (continuation lines start with blanks)
 */
public record Diagnostic(Severity severity, String file, int line, String message) {

    /** ALERT or WARNING, printed as HAProxy's {@code [ALERT]} / {@code [WARNING]} labels. */
    public enum Severity {
        /** A fatal error: exit 1, nothing starts. */
        ALERT,
        /** Legal but suspicious input. */
        WARNING
    }

    /** Returns {@code parsing [file:line] : message}, or just the message when there is no place. */
    public String text() {
        if (file == null) {
            return message;
        }
        return "parsing [" + file + ":" + line + "] : " + message;
    }

    /**
     * Returns the full stderr line(s) in HAProxy's shape:
     * {@code [ALERT]    (pid) : config : parsing [file:line] : message}; runs on any thread.
     */
    public String format(long pid) {
        return label(severity.name(), pid) + "config : " + text();
    }

    /** Returns HAProxy's message head: the bracketed label padded to 10 columns, then {@code (pid) : }. */
    public static String label(String label, long pid) {
        StringBuilder sb = new StringBuilder(24).append('[').append(label).append(']');
        while (sb.length() < 10) {
            sb.append(' ');
        }
        return sb.append(" (").append(pid).append(") : ").toString();
    }

    @Override
    public String toString() {
        return severity + " " + text();
    }
}
