package io.sluice.core.h1;

/**
 * Renders {@code option httplog}:
 * {@code %ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r}
 * with HAProxy's rendering rules: empty values print {@code -}, {@code %hr}/{@code %hs} vanish with
 * their space when no capture is configured, {@code %r} escapes non-printable bytes, {@code "} and
 * {@code #} as {@code #XX}, captures also {@code {|}}, and the line is cut at the logger length.
 * Runs on the log thread (or the stream's thread) with a caller-owned {@link StringBuilder}; the
 * date is computed arithmetically, no calendar objects.
 */
public final class HttpLogFormatter {

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private HttpLogFormatter() {
    }

    /** Appends the httplog line for {@code r} to {@code out}, cut at {@code maxLen} characters. */
    public static void format(HttpLogRecord r, StringBuilder out, int maxLen) {
        int start = out.length();
        out.append(r.clientIp).append(':').append(r.clientPort).append(" [");
        date(r.requestDateMillis + r.utcOffsetSeconds * 1000L, out);
        out.append("] ").append(r.frontend).append(' ').append(r.backend).append('/').append(r.server).append(' ');
        out.append(r.tr).append('/').append(r.tw).append('/').append(r.tc).append('/').append(r.tresp).append('/');
        if (r.logasap) {
            out.append('+');
        }
        out.append(r.ta).append(' ').append(r.status).append(' ');
        if (r.logasap) {
            out.append('+');
        }
        out.append(r.bytesOut).append(' ');
        out.append(r.capturedRequestCookie == null ? "-" : r.capturedRequestCookie).append(' ');
        out.append(r.capturedResponseCookie == null ? "-" : r.capturedResponseCookie).append(' ');
        out.append(TermFlags.errLetter(r.termFlags)).append(TermFlags.finstLetter(r.termFlags))
                .append(r.cookieClient).append(r.cookieServer).append(' ');
        out.append(r.actconn).append('/').append(r.feconn).append('/').append(r.beconn).append('/')
                .append(r.srvconn).append('/');
        if (r.redispatched) {
            out.append('+');
        }
        out.append(r.retries).append(' ').append(r.srvQueue).append('/').append(r.beQueue).append(' ');
        captures(r.requestCaptures, out);
        captures(r.responseCaptures, out);
        out.append('"');
        if (r.requestLineLength < 0) {
            out.append("<BADREQ>");
        } else {
            for (int i = 0; i < r.requestLineLength; i++) {
                escape(r.requestLine[i] & 0xff, false, out);
            }
        }
        out.append('"');
        if (out.length() - start > maxLen) {
            out.setLength(start + maxLen);
        }
    }

    /** Convenience for tests and the CLI: the line as a String with HAProxy's default 1024 limit. */
    public static String format(HttpLogRecord r) {
        StringBuilder sb = new StringBuilder(256);
        format(r, sb, 1024);
        return sb.toString();
    }

    private static void captures(String[] caps, StringBuilder out) {
        if (caps == null) {
            return;
        }
        out.append('{');
        for (int i = 0; i < caps.length; i++) {
            if (i > 0) {
                out.append('|');
            }
            if (caps[i] != null) {
                for (int k = 0; k < caps[i].length(); k++) {
                    escape(caps[i].charAt(k) & 0xff, true, out);
                }
            }
        }
        out.append("} ");
    }

    private static void escape(int c, boolean capture, StringBuilder out) {
        if (c < 32 || c >= 127 || c == '"' || c == '#' || (capture && (c == '{' || c == '|' || c == '}'))) {
            out.append('#').append(HEX[c >> 4]).append(HEX[c & 15]);
        } else {
            out.append((char) c);
        }
    }

    /** Appends {@code dd/Mmm/yyyy:HH:MM:SS.mmm} for local epoch milliseconds {@code ms}. */
    static void date(long ms, StringBuilder out) {
        long days = Math.floorDiv(ms, 86_400_000L);
        long msOfDay = Math.floorMod(ms, 86_400_000L);
        // civil-from-days (proleptic Gregorian), as in H. Hinnant's algorithm.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        two(day, out);
        out.append('/').append(MONTHS[month - 1]).append('/').append(year).append(':');
        two((int) (msOfDay / 3_600_000), out);
        out.append(':');
        two((int) (msOfDay / 60_000 % 60), out);
        out.append(':');
        two((int) (msOfDay / 1000 % 60), out);
        out.append('.');
        int milli = (int) (msOfDay % 1000);
        out.append((char) ('0' + milli / 100)).append((char) ('0' + milli / 10 % 10)).append((char) ('0' + milli % 10));
    }

    private static void two(int v, StringBuilder out) {
        out.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }
}
