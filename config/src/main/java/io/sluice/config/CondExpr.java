package io.sluice.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates {@code -cc} and {@code .if} conditions like HAProxy's {@code cfg_eval_condition()}: {@code &&},
 * {@code ||}, {@code !}, parentheses, and the predicates {@code defined(NAME)}, {@code feature(NAME)},
 * {@code streq(a,b)}, {@code strneq(a,b)}, {@code version_atleast(v)}, {@code version_before(v)}
 * (and the TLS ones, always false). Any other word is true when non-empty and not {@code 0}.
 * Runs on the main thread.
 */
public final class CondExpr {

    /** What the predicates ask about the running program. */
    public interface Context {
        /** Returns the environment variable {@code name}, or null when unset. */
        String env(String name);

        /** Returns true when the feature list has {@code +name}. */
        boolean feature(String name);

        /**
         * Compares the program's version with {@code version}: negative when older, 0 equal,
         * positive newer.
         *
         * @throws IllegalArgumentException when {@code version} is not a version
         */
        int compareVersion(String version);
    }

    /** Thrown with the reason a condition cannot be evaluated. */
    public static final class CondException extends Exception {
        private static final long serialVersionUID = 1L;

        CondException(String message) {
            super(message, null, false, false);
        }
    }

    private final String text;
    private final Context ctx;
    private int pos;

    private CondExpr(String text, Context ctx) {
        this.text = text;
        this.ctx = ctx;
    }

    /** Evaluates {@code text} against {@code ctx}. */
    public static boolean eval(String text, Context ctx) throws CondException {
        CondExpr c = new CondExpr(text, ctx);
        boolean r = c.or();
        c.blanks();
        if (c.pos < text.length()) {
            throw new CondException("unexpected character '" + text.charAt(c.pos) + "' at position " + (c.pos + 1));
        }
        return r;
    }

    /**
     * Compares two {@code X.Y.Z[-tag]} versions: numeric parts first, the tag only when both have
     * one; returns negative, 0 or positive like {@link Comparable}.
     *
     * @throws IllegalArgumentException when either is not a version
     */
    public static int compareVersions(String a, String b) {
        String[] pa = a.split("-", 2);
        String[] pb = b.split("-", 2);
        int[] na = numbers(pa[0]);
        int[] nb = numbers(pb[0]);
        for (int i = 0; i < 4; i++) {
            if (na[i] != nb[i]) {
                return Integer.compare(na[i], nb[i]);
            }
        }
        if (pa.length > 1 && pb.length > 1) {
            return pa[1].compareTo(pb[1]);
        }
        return 0;
    }

    private static int[] numbers(String v) {
        if (!v.matches("\\d+(\\.\\d+){0,3}")) {
            throw new IllegalArgumentException("invalid version '" + v + "'");
        }
        int[] out = new int[4];
        String[] parts = v.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i]);
        }
        return out;
    }

    private void blanks() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private boolean or() throws CondException {
        boolean r = and();
        while (true) {
            blanks();
            if (text.startsWith("||", pos)) {
                pos += 2;
                boolean rhs = and();
                r = r || rhs;
            } else {
                return r;
            }
        }
    }

    private boolean and() throws CondException {
        boolean r = term();
        while (true) {
            blanks();
            if (text.startsWith("&&", pos)) {
                pos += 2;
                boolean rhs = term();
                r = r && rhs;
            } else {
                return r;
            }
        }
    }

    private boolean term() throws CondException {
        blanks();
        if (pos >= text.length()) {
            throw new CondException("missing term at end of expression");
        }
        char c = text.charAt(pos);
        if (c == '!') {
            pos++;
            return !term();
        }
        if (c == '(') {
            pos++;
            boolean r = or();
            blanks();
            if (pos >= text.length() || text.charAt(pos) != ')') {
                throw new CondException("missing closing ')' at position " + (pos + 1));
            }
            pos++;
            return r;
        }
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || "_.-".indexOf(text.charAt(pos))
                >= 0)) {
            pos++;
        }
        String word = text.substring(start, pos);
        if (word.isEmpty()) {
            throw new CondException("unexpected character '" + c + "' at position " + (pos + 1));
        }
        if (pos < text.length() && text.charAt(pos) == '(') {
            return predicate(word, args());
        }
        return !word.equals("0");
    }

    private List<String> args() throws CondException {
        pos++;
        int close = text.indexOf(')', pos);
        if (close < 0) {
            throw new CondException("missing closing ')' at position " + (text.length() + 1));
        }
        String inner = text.substring(pos, close);
        pos = close + 1;
        List<String> out = new ArrayList<>();
        if (!inner.isBlank()) {
            for (String a : inner.split(",", -1)) {
                String t = a.strip();
                boolean dq = t.startsWith("\"") && t.endsWith("\"");
                boolean sq = t.startsWith("'") && t.endsWith("'");
                if (t.length() >= 2 && (dq || sq)) {
                    t = t.substring(1, t.length() - 1);
                }
                out.add(t);
            }
        }
        return out;
    }

    private boolean predicate(String name, List<String> args) throws CondException {
        switch (name) {
            case "defined" -> {
                need(name, args, 1);
                return ctx.env(args.get(0)) != null;
            }
            case "feature" -> {
                need(name, args, 1);
                return ctx.feature(args.get(0));
            }
            case "streq" -> {
                need(name, args, 2);
                return args.get(0).equals(args.get(1));
            }
            case "strneq" -> {
                need(name, args, 2);
                return !args.get(0).equals(args.get(1));
            }
            case "version_atleast", "version_before" -> {
                need(name, args, 1);
                int cmp;
                try {
                    cmp = ctx.compareVersion(args.get(0));
                } catch (IllegalArgumentException e) {
                    throw new CondException(e.getMessage() + " in '" + name + "'");
                }
                return name.equals("version_atleast") ? cmp >= 0 : cmp < 0;
            }
            case "openssl_version_atleast", "openssl_version_before", "ssllib_name_startswith", "awslc_api_atleast",
                 "awslc_api_before" -> {
                need(name, args, 1);
                return false;
            }
            case "enabled" -> {
                need(name, args, 1);
                return false;
            }
            default -> throw new CondException("unknown predicate '" + name + "'");
        }
    }

    private static void need(String name, List<String> args, int n) throws CondException {
        if (args.size() != n) {
            throw new CondException("'" + name + "' expects " + n + " argument" + (n > 1 ? "s" : "") + ", got "
                    + args.size());
        }
    }
}
