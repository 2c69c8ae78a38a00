package io.sluice.config;

import java.util.List;

/**
 * What a {@link KeywordParser} sees of one line: its words, its place, the section draft it fills
 * and where to report problems. Created per line by the parser; used on the parsing thread only.
 */
public final class ParseContext {
    private final String file;
    private final int line;
    private final List<String> args;
    private final boolean negated;
    private final Keyword keyword;
    private final GlobalDraft global;
    private final ProxyDraft proxy;
    private final Diagnostics diagnostics;
    private boolean failed;

    ParseContext(String file, int line, List<String> args, boolean negated, Keyword keyword, GlobalDraft global,
                 ProxyDraft proxy, Diagnostics diagnostics) {
        this.file = file;
        this.line = line;
        this.args = args;
        this.negated = negated;
        this.keyword = keyword;
        this.global = global;
        this.proxy = proxy;
        this.diagnostics = diagnostics;
    }

    /** Returns the configuration file of the line. */
    public String file() {
        return file;
    }

    /** Returns the 1-based line number. */
    public int line() {
        return line;
    }

    /** Returns every word of the line ({@code no} already removed). */
    public List<String> args() {
        return args;
    }

    /** Returns word {@code i} of the line, or "" past the end (HAProxy's empty {@code args[i]}). */
    public String arg(int i) {
        return i < args.size() ? args.get(i) : "";
    }

    /** Returns the number of words of the line. */
    public int argc() {
        return args.size();
    }

    /** Returns the index of the first word after the keyword's own words. */
    public int first() {
        return keyword.words();
    }

    /** Returns the keyword being parsed. */
    public Keyword keyword() {
        return keyword;
    }

    /** Returns true for {@code no <keyword>}. */
    public boolean negated() {
        return negated;
    }

    /** Returns the global draft. */
    public GlobalDraft global() {
        return global;
    }

    /** Returns the proxy or defaults draft, null in the global section. */
    public ProxyDraft proxy() {
        return proxy;
    }

    /** Returns true when the current section is a {@code defaults} section. */
    public boolean inDefaults() {
        return proxy != null && proxy.kind == io.sluice.config.model.ProxyKind.DEFAULTS;
    }

    /** Reports an alert at this line. */
    public void alert(String message) {
        failed = true;
        diagnostics.alert(file, line, message);
    }

    /** Reports a warning at this line. */
    public void warning(String message) {
        diagnostics.warning(file, line, message);
    }

    /** Returns true once an alert was reported for this line. */
    public boolean failed() {
        return failed;
    }

    /**
     * Parses word {@code i} as a time in ms for keyword {@code what}; alerts with HAProxy's wording
     * and returns -2 when it is not one.
     */
    public long time(int i, String what) {
        String v = arg(i);
        if (v.isEmpty()) {
            alert("'" + what + "' expects an integer value (in milliseconds)");
            return -2;
        }
        try {
            return Units.timeMs(v);
        } catch (BadValue e) {
            if (e.kind() == BadValue.Kind.OVERFLOW) {
                alert("timer overflow in argument '" + v + "' to '" + what
                        + "' (maximum value is 2147483647 ms or ~24.8 days)");
            } else {
                alert("unexpected character '" + e.badChar() + "' in '" + what + "'");
            }
            return -2;
        }
    }

    /**
     * Parses word {@code i} as an integer in [{@code min}, {@code max}] for keyword {@code what};
     * alerts and returns {@link Long#MIN_VALUE} when it is not one.
     */
    public long integer(int i, String what, long min, long max) {
        String v = arg(i);
        try {
            return Units.integer(v, min, max);
        } catch (BadValue e) {
            if (e.kind() == BadValue.Kind.OVERFLOW) {
                alert("'" + what + "' must be between " + min + " and " + max + " (was " + v + ").");
            } else {
                alert("'" + what + "' expects an integer argument.");
            }
            return Long.MIN_VALUE;
        }
    }

    /** Returns the section keyword of the current section ({@code global}, {@code frontend}...). */
    public String sectionName() {
        return proxy == null ? "global" : proxy.kind.word();
    }
}
