package io.sluice.config;

/**
 * One registered keyword: where it is allowed, how many words it takes, its parser and its
 * support level.
 *
 * @param name the keyword, one word ({@code maxconn}) or two ({@code timeout client}, {@code option httplog})
 * @param section GLOBAL or PROXY
 * @param cap for PROXY keywords, the capabilities it needs ({@link #CAP_FE}, {@link #CAP_BE}, or both bits
 *        meaning "either")
 * @param capFatal true when using it without the capability is an alert (e.g. {@code server} in a
 *        frontend), false for HAProxy's "ignored" warning
 * @param inDefaults true when it may appear in a {@code defaults} section
 * @param minArgs the number of words required after the keyword's own words
 * @param maxArgs the maximum number of words after the keyword's own words, -1 for no limit
 * @param missing the alert when fewer than {@code minArgs} words are given ({@code %s} = the keyword)
 * @param support RUNTIME, CHECKED or NEVER
 * @param note a short explanation shown in the keyword table (and the reason for NEVER)
 * @param negatable true when {@code no <keyword>} is accepted
 * @param parser the parser, null for NEVER keywords
 */
public record Keyword(String name, Section section, int cap, boolean capFatal, boolean inDefaults, int minArgs,
                      int maxArgs, String missing, Support support, String note, boolean negatable,
                      KeywordParser parser) {
    /** The frontend capability bit. */
    public static final int CAP_FE = 1;
    /** The backend capability bit. */
    public static final int CAP_BE = 2;
    /** Either capability. */
    public static final int CAP_ANY = CAP_FE | CAP_BE;

    /** The two places keywords live. */
    public enum Section {
        /** The {@code global} section. */
        GLOBAL,
        /** {@code defaults}, {@code frontend}, {@code backend} and {@code listen}. */
        PROXY
    }

    /** Returns the number of words of the keyword itself (1 or 2). */
    public int words() {
        return name.indexOf(' ') < 0 ? 1 : 2;
    }

    /** Starts a global keyword taking exactly {@code n} arguments, CHECKED. */
    public static Keyword global(String name, int n, KeywordParser parser) {
        return new Keyword(name, Section.GLOBAL, CAP_ANY, false, false, n, n, null, Support.CHECKED, "", false,
                parser);
    }

    /** Starts a proxy keyword taking exactly {@code n} arguments, allowed everywhere, CHECKED. */
    public static Keyword proxy(String name, int n, KeywordParser parser) {
        return new Keyword(name, Section.PROXY, CAP_ANY, false, true, n, n, null, Support.CHECKED, "", false,
                parser);
    }

    /** Returns a keyword refused everywhere because Sluice will never support it. */
    public static Keyword never(String name, Section section, String reason) {
        return new Keyword(name, section, CAP_ANY, false, true, 0, -1, null, Support.NEVER, reason, true, null);
    }

    /** Returns a copy taking between {@code min} and {@code max} (-1 = any) arguments. */
    public Keyword args(int min, int max) {
        return new Keyword(name, section, cap, capFatal, inDefaults, min, max, missing, support, note, negatable,
                parser);
    }

    /** Returns a copy whose missing-argument alert is {@code message} ({@code %s} = keyword). */
    public Keyword missing(String message) {
        return new Keyword(name, section, cap, capFatal, inDefaults, minArgs, maxArgs, message, support, note,
                negatable, parser);
    }

    /** Returns a copy needing capability {@code c}; {@code fatal} makes a mismatch an alert. */
    public Keyword cap(int c, boolean fatal) {
        return new Keyword(name, section, c, fatal, inDefaults, minArgs, maxArgs, missing, support, note, negatable,
                parser);
    }

    /** Returns a copy refused in {@code defaults} sections. */
    public Keyword notInDefaults() {
        return new Keyword(name, section, cap, capFatal, false, minArgs, maxArgs, missing, support, note, negatable,
                parser);
    }

    /** Returns a copy that accepts the {@code no} prefix. */
    public Keyword allowNo() {
        return new Keyword(name, section, cap, capFatal, inDefaults, minArgs, maxArgs, missing, support, note, true,
                parser);
    }

    /** Returns a copy with support level {@code s}: the switch later issues flip. */
    public Keyword support(Support s) {
        return new Keyword(name, section, cap, capFatal, inDefaults, minArgs, maxArgs, missing, s, note, negatable,
                parser);
    }

    /** Returns a copy with the table note {@code text}. */
    public Keyword note(String text) {
        return new Keyword(name, section, cap, capFatal, inDefaults, minArgs, maxArgs, missing, support, text,
                negatable, parser);
    }
}
