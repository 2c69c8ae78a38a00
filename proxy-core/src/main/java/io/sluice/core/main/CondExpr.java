package io.sluice.core.main;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Evaluates {@code -cc} conditions like HAProxy's {@code cfg_eval_condition()}: {@code &&},
 * {@code ||}, {@code !}, parentheses, and the predicates {@code defined(NAME)}, {@code feature(NAME)},
 * {@code streq(a,b)}, {@code strneq(a,b)}, {@code version_atleast(v)}, {@code version_before(v)}
 * (and the TLS ones, always false). Any other word is true when non-empty and not {@code 0}.
 * Runs on the main thread.
 */
public final class CondExpr {

    /** Thrown with the reason a condition cannot be evaluated. */
    public static final class CondException extends Exception {
        private static final long serialVersionUID = 1L;

        CondException(String message) {
            super(message, null, false, false);
        }
    }

    private final String text;
    private final Function<String, String> env;
    private int pos;

    private CondExpr(String text, Function<String, String> env) {
        this.text = text;
        this.env = env;
    }

    /** Evaluates {@code text}; {@code env} answers {@code defined()}. */
    public static boolean eval(String text, Function<String, String> env) throws CondException {
        CondExpr c = new CondExpr(text, env);
        boolean r = c.or();
        c.blanks();
        if (c.pos < text.length()) {
            throw new CondException("unexpected character '" + text.charAt(c.pos) + "' at position " + (c.pos + 1));
        }
        return r;
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
                return env.apply(args.get(0)) != null;
            }
            case "feature" -> {
                need(name, args, 1);
                return VersionInfo.hasFeature(args.get(0));
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
                    cmp = VersionInfo.compareTo(args.get(0));
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
