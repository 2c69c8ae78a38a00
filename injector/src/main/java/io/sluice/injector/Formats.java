package io.sluice.injector;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * h1load's number formats, reproduced digit for digit.
 *
 * <p>Rates and byte counts use the 4-character "human" format (truncated, never rounded), delays use a 3-significant
 * figure format with a unit, and the raw and percentile outputs use C's {@code printf} conversions. C rounds the exact
 * binary value of a double to the nearest decimal, ties to even; {@code String.format} does not always agree, so the
 * conversions here round the exact {@link BigDecimal} value of the double instead. Everything here runs on the main
 * (reporting) thread and may allocate.
 */
final class Formats {
    /** Shown in the ttfb/ttlb columns when the interval had no sample. */
    static final String NO_DELAY = "   -  ";

    private Formats() {
    }

    /**
     * Runs on the reporting thread: formats {@code x} on 4 characters, 3 digits and a unit among
     * {@code f p n u m . k M G T P E}, the digits truncated ({@code 9k79}, {@code 42k9}, {@code 158k}, {@code 892.}).
     */
    static String humanNumber(double x) {
        char unit = '.';
        if (x < 0) {
            x = -x;
        }
        if (!(x == 0.0 || x >= 1.0)) {
            final char[] small = {'m', 'u', 'n', 'p', 'f'};
            for (char u : small) {
                x *= 1000.0;
                unit = u;
                if (x >= 1.0) {
                    break;
                }
            }
        }
        if (x >= 1000.0) {
            final char[] big = {'k', 'M', 'G', 'T', 'P', 'E'};
            for (char u : big) {
                x /= 1000.0;
                unit = u;
                if (x < 1000.0) {
                    break;
                }
            }
        }
        String s;
        int ip = (int) x;
        if (x < 10.0) {
            int frac = (int) ((x - ip) * 100);
            s = ip + String.valueOf(unit) + (frac < 10 ? "0" : "") + frac;
        } else if (x < 100.0) {
            s = ip + String.valueOf(unit) + (int) ((x - ip) * 10);
        } else {
            s = ip + String.valueOf(unit);
        }
        return s.length() > 4 ? s.substring(0, 4) : s;
    }

    /**
     * Runs on the reporting thread: formats a delay given in microseconds with a unit among {@code n u m s}, 3
     * decimals below 10, 2 below 100, 1 below 1000 ({@code 42.94u}, {@code 429.8u}, {@code 1.055m}); {@link #NO_DELAY}
     * for zero or less.
     */
    static String shortDelay(double us) {
        char unit;
        if (us <= 0.0) {
            return NO_DELAY;
        } else if (us < 1.0) {
            us *= 1000.0;
            unit = 'n';
        } else if (us < 1000.0) {
            unit = 'u';
        } else if (us < 1000000.0) {
            us /= 1000.0;
            unit = 'm';
        } else {
            us /= 1000000.0;
            unit = 's';
        }
        int decimals = us < 10.0 ? 3 : us < 100.0 ? 2 : us < 1000.0 ? 1 : 6;
        return fixed(us, decimals) + unit;
    }

    /** Runs on any thread: C's {@code %.Nf} of {@code v} (exact binary value, round half to even). */
    static String fixed(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        if (v < 0 || (v == 0 && 1 / v < 0)) {
            // BigDecimal drops the sign of a value that rounds to zero; C keeps it.
            if (!s.startsWith("-")) {
                s = "-" + s;
            }
        }
        return s;
    }

    /** Runs on any thread: C's {@code %g} (precision 6) of {@code v}. */
    static String g(double v) {
        return g(v, 6);
    }

    /** Runs on any thread: C's {@code %.Pg} of {@code v}: %e or %f by exponent, trailing zeros removed. */
    static String g(double v, int precision) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
        int p = precision == 0 ? 1 : precision;
        if (v == 0.0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        BigDecimal exact = new BigDecimal(v);
        BigDecimal rounded = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
        int x = rounded.precision() - rounded.scale() - 1; // decimal exponent after rounding
        String out;
        if (x < -4 || x >= p) {
            BigDecimal mant = rounded.movePointLeft(x).setScale(p - 1, RoundingMode.HALF_EVEN);
            String m = stripZeros(mant.toPlainString());
            int ax = Math.abs(x);
            out = m + "e" + (x < 0 ? "-" : "+") + (ax < 10 ? "0" : "") + ax;
        } else {
            out = stripZeros(exact.setScale(p - 1 - x, RoundingMode.HALF_EVEN).toPlainString());
        }
        return out;
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    /** Runs on any thread: {@code s} left-justified in {@code width} characters ({@code %-Ns}). */
    static String left(String s, int width) {
        StringBuilder sb = new StringBuilder(Math.max(width, s.length())).append(s);
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.toString();
    }

    /** Runs on any thread: {@code s} right-justified in {@code width} characters ({@code %Ns}). */
    static String right(String s, int width) {
        if (s.length() >= width) {
            return s;
        }
        StringBuilder sb = new StringBuilder(width);
        for (int i = s.length(); i < width; i++) {
            sb.append(' ');
        }
        return sb.append(s).toString();
    }
}
