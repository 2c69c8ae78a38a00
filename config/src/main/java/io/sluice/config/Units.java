package io.sluice.config;

/**
 * HAProxy's value syntaxes: times ({@code parse_time_err}), sizes ({@code parse_size_err}),
 * integers and {@code on|off} booleans. Pure functions, callable from any thread.
 */
public final class Units {
    /** The largest time HAProxy accepts: 2147483647 ms (~24.8 days). */
    public static final long MAX_TIME_MS = Integer.MAX_VALUE;

    private Units() {
    }

    /**
     * Parses a time with an optional unit ({@code us ms s m h d}); a bare number is in
     * milliseconds. Microseconds are rounded up to the next millisecond as HAProxy does.
     *
     * @return the time in milliseconds
     * @throws BadValue CHAR with the first unexpected character, EMPTY, or OVERFLOW
     */
    public static long timeMs(String s) throws BadValue {
        return time(s, 1);
    }

    /**
     * Parses a time whose bare number is in {@code defaultUnitMs} milliseconds (1 for ms,
     * 1000 for seconds); same syntax as {@link #timeMs(String)}.
     */
    public static long time(String s, long defaultUnitMs) throws BadValue {
        if (s.isEmpty()) {
            throw new BadValue(BadValue.Kind.EMPTY, '\0', "empty time value");
        }
        int i = 0;
        long value = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            value = value * 10 + (s.charAt(i) - '0');
            if (value > MAX_TIME_MS * 1000L) {
                throw new BadValue(BadValue.Kind.OVERFLOW, '\0', "timer overflow");
            }
            i++;
        }
        if (i == 0) {
            throw badChar(s.charAt(0));
        }
        String unit = s.substring(i);
        long ms;
        switch (unit) {
            case "" -> ms = value * defaultUnitMs;
            case "us" -> ms = (value + 999) / 1000;
            case "ms" -> ms = value;
            case "s" -> ms = value * 1000L;
            case "m" -> ms = value * 60_000L;
            case "h" -> ms = value * 3_600_000L;
            case "d" -> ms = value * 86_400_000L;
            default -> throw badChar(firstUnknownUnitChar(unit));
        }
        if (ms > MAX_TIME_MS) {
            throw new BadValue(BadValue.Kind.OVERFLOW, '\0', "timer overflow");
        }
        return ms;
    }

    /** Returns the first character of {@code unit} after the longest known unit prefix. */
    private static char firstUnknownUnitChar(String unit) {
        for (String known : new String[] {"us", "ms", "s", "m", "h", "d"}) {
            if (unit.startsWith(known) && unit.length() > known.length()) {
                return unit.charAt(known.length());
            }
        }
        if (unit.startsWith("u")) {
            return unit.length() > 1 ? unit.charAt(1) : 'u';
        }
        return unit.charAt(0);
    }

    /**
     * Parses a size with an optional {@code k m g} suffix (powers of 1024, case-insensitive).
     *
     * @throws BadValue CHAR with the rest of the string after the number, or OVERFLOW
     */
    public static long size(String s) throws BadValue {
        if (s.isEmpty()) {
            throw new BadValue(BadValue.Kind.EMPTY, '\0', "empty size value");
        }
        int i = 0;
        long value = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            value = value * 10 + (s.charAt(i) - '0');
            if (value > Integer.MAX_VALUE) {
                throw new BadValue(BadValue.Kind.OVERFLOW, '\0', "size overflow");
            }
            i++;
        }
        if (i == 0) {
            throw new BadValue(BadValue.Kind.CHAR, s.charAt(0), s);
        }
        String rest = s.substring(i);
        long mul;
        switch (rest.toLowerCase(java.util.Locale.ROOT)) {
            case "" -> mul = 1;
            case "k" -> mul = 1024;
            case "m" -> mul = 1024 * 1024;
            case "g" -> mul = 1024L * 1024 * 1024;
            default -> throw new BadValue(BadValue.Kind.CHAR, rest.charAt(0), rest);
        }
        long r = value * mul;
        if (r > Integer.MAX_VALUE) {
            throw new BadValue(BadValue.Kind.OVERFLOW, '\0', "size overflow");
        }
        return r;
    }

    /**
     * Parses a decimal integer (optionally signed) in [{@code min}, {@code max}].
     *
     * @throws BadValue CHAR when the word is not a number, OVERFLOW when out of range
     */
    public static long integer(String s, long min, long max) throws BadValue {
        if (s.isEmpty()) {
            throw new BadValue(BadValue.Kind.EMPTY, '\0', "empty integer");
        }
        int i = (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        if (i == s.length()) {
            throw new BadValue(BadValue.Kind.CHAR, s.charAt(0), s);
        }
        for (int j = i; j < s.length(); j++) {
            if (!Character.isDigit(s.charAt(j))) {
                throw new BadValue(BadValue.Kind.CHAR, s.charAt(j), s);
            }
        }
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new BadValue(BadValue.Kind.OVERFLOW, '\0', s);
        }
        if (v < min || v > max) {
            throw new BadValue(BadValue.Kind.OVERFLOW, '\0', s);
        }
        return v;
    }

    /** Returns true for {@code on}, false for {@code off}; anything else is refused. */
    public static boolean onOff(String s) throws BadValue {
        if ("on".equals(s)) {
            return true;
        }
        if ("off".equals(s)) {
            return false;
        }
        throw new BadValue("expects 'on' or 'off'");
    }

    private static BadValue badChar(char c) {
        return new BadValue(BadValue.Kind.CHAR, c, "unexpected character '" + c + "'");
    }
}
