package io.sluice.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Splits one configuration line into words exactly as HAProxy's {@code parse_line()} does with
 * {@code PARSE_OPT_ENV | PARSE_OPT_DQUOTE | PARSE_OPT_SQUOTE | PARSE_OPT_BKSLASH | PARSE_OPT_SHARP}.
 *
 * <ul>
 *   <li>words are separated by runs of blanks (space, tab);</li>
 *   <li>{@code #} outside quotes and not escaped starts a comment that ends the line;</li>
 *   <li>{@code "..."} groups blanks into a word, keeps backslash escapes and expands {@code $NAME},
 *       {@code ${NAME}} and {@code ${NAME-default}} from the environment (unset = empty);</li>
 *   <li>{@code '...'} groups blanks, no escape and no expansion;</li>
 *   <li>outside single quotes a backslash escapes the next character; {@code \r \n \t} and
 *       {@code \xHH} give the control character or byte;</li>
 *   <li>quoted and unquoted parts next to each other form one word ({@code a"b c"d} = {@code ab cd});
 *       {@code ""} alone is an empty word.</li>
 * </ul>
 *
 * <p>Stateless: one instance may be shared; every method runs on the calling thread.
 */
public final class Tokenizer {

    /** What went wrong on a line; {@code position} is 1-based like HAProxy's report. */
    public enum ErrorKind {
        /** A quote was opened and never closed. */
        QUOTE("unmatched quote"),
        /** {@code ${} without its closing brace. */
        BRACE("unmatched brace in environment variable name"),
        /** {@code ${} followed by a character that cannot start a name. */
        VARNAME("forbidden first char in environment variable name"),
        /** {@code \x} not followed by two hexadecimal digits. */
        HEX("truncated or invalid hexadecimal sequence");

        private final String text;

        ErrorKind(String text) {
            this.text = text;
        }

        /** Returns HAProxy's wording of this error, without the position. */
        public String text() {
            return text;
        }
    }

    /** The result of tokenizing one line: words, or an error with its 1-based column. */
    public record Result(List<String> words, ErrorKind error, int position) {
        /** Returns true when the line was split without error. */
        public boolean ok() {
            return error == null;
        }
    }

    private final Function<String, String> env;

    /** Creates a tokenizer reading variables from the process environment. */
    public Tokenizer() {
        this(System::getenv);
    }

    /** Creates a tokenizer reading variables from {@code env} (tests, {@code -cc}). */
    public Tokenizer(Function<String, String> env) {
        this.env = env;
    }

    /** Creates a tokenizer reading variables from a fixed map. */
    public static Tokenizer withEnv(Map<String, String> vars) {
        return new Tokenizer(vars::get);
    }

    /** Returns the variable {@code name} as this tokenizer sees it, or null when unset. */
    public String env(String name) {
        return env.apply(name);
    }

    /** Splits {@code line}; runs on the calling thread and allocates only the result. */
    public Result split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                i++;
                continue;
            }
            if (c == '#') {
                break;
            }
            inWord = true;
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    return new Result(words, ErrorKind.QUOTE, i + 1);
                }
                cur.append(line, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                int j = i + 1;
                boolean closed = false;
                while (j < n) {
                    char d = line.charAt(j);
                    if (d == '"') {
                        closed = true;
                        j++;
                        break;
                    }
                    if (d == '\\') {
                        int r = escape(line, j, cur);
                        if (r < 0) {
                            return new Result(words, ErrorKind.HEX, j + 1);
                        }
                        j = r;
                    } else if (d == '$') {
                        ErrorKind[] kind = new ErrorKind[1];
                        int r = expand(line, j, cur, kind);
                        if (r < 0) {
                            return new Result(words, kind[0], -r);
                        }
                        j = r;
                    } else {
                        cur.append(d);
                        j++;
                    }
                }
                if (!closed) {
                    return new Result(words, ErrorKind.QUOTE, i + 1);
                }
                i = j;
            } else if (c == '\\') {
                int r = escape(line, i, cur);
                if (r < 0) {
                    return new Result(words, ErrorKind.HEX, i + 1);
                }
                i = r;
            } else {
                cur.append(c);
                i++;
            }
        }
        if (inWord) {
            words.add(cur.toString());
        }
        return new Result(words, null, 0);
    }

    /** Handles the backslash at {@code at}; returns the next index, or -1 on a bad hex escape. */
    private static int escape(String line, int at, StringBuilder out) {
        if (at + 1 >= line.length()) {
            out.append('\\');
            return at + 1;
        }
        char e = line.charAt(at + 1);
        switch (e) {
            case 'r' -> out.append('\r');
            case 'n' -> out.append('\n');
            case 't' -> out.append('\t');
            case 'x' -> {
                if (at + 3 >= line.length()) {
                    return -1;
                }
                int h = Character.digit(line.charAt(at + 2), 16);
                int l = Character.digit(line.charAt(at + 3), 16);
                if (h < 0 || l < 0) {
                    return -1;
                }
                out.append((char) (h * 16 + l));
                return at + 4;
            }
            default -> out.append(e);
        }
        return at + 2;
    }

    /**
     * Expands the {@code $} at {@code at} (inside double quotes); returns the next index, or
     * {@code -(1 + errorIndex)} with {@code errorKind[0]} set (HAProxy points a bad name at its first
     * character and an unmatched brace at the brace).
     */
    private int expand(String line, int at, StringBuilder out, ErrorKind[] errorKind) {
        int n = line.length();
        int j = at + 1;
        boolean braced = j < n && line.charAt(j) == '{';
        int nameAt = braced ? j + 1 : j;
        if (nameAt >= n || !isNameStart(line.charAt(nameAt))) {
            errorKind[0] = ErrorKind.VARNAME;
            return -(1 + nameAt);
        }
        int k = nameAt;
        while (k < n && isNameChar(line.charAt(k))) {
            k++;
        }
        String value = env.apply(line.substring(nameAt, k));
        if (!braced) {
            out.append(value != null ? value : "");
            return k;
        }
        if (k < n && line.charAt(k) == '-') {
            int close = line.indexOf('}', k);
            int quote = line.indexOf('"', k);
            if (close < 0 || (quote >= 0 && quote < close)) {
                errorKind[0] = ErrorKind.BRACE;
                return -(1 + j);
            }
            out.append(value != null ? value : line.substring(k + 1, close));
            return close + 1;
        }
        if (k >= n || line.charAt(k) != '}') {
            errorKind[0] = ErrorKind.BRACE;
            return -(1 + j);
        }
        out.append(value != null ? value : "");
        return k + 1;
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isNameChar(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
