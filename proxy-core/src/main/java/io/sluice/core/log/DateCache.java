package io.sluice.core.log;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Breaks epoch milliseconds into calendar fields in one zone, recomputing only when the second changes, and writes
 * the date shapes HAProxy's logs use.
 *
 * <p>Not thread-safe: owned by the log thread (one instance per {@link LogThread}).
 */
public final class DateCache {
    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    };

    private final ZoneId zone;
    private long cachedSecond = Long.MIN_VALUE;
    private int year;
    private int month;
    private int day;
    private int hour;
    private int minute;
    private int second;
    private int offsetSeconds;

    /** Creates a cache for {@code zone} (HAProxy logs local time: pass the system zone in production). */
    public DateCache(ZoneId zone) {
        this.zone = zone;
    }

    private void load(long epochMillis) {
        long sec = Math.floorDiv(epochMillis, 1000L);
        if (sec == cachedSecond) {
            return;
        }
        // Allocates a ZonedDateTime once per second at most; the log thread only.
        ZonedDateTime z = Instant.ofEpochSecond(sec).atZone(zone);
        year = z.getYear();
        month = z.getMonthValue();
        day = z.getDayOfMonth();
        hour = z.getHour();
        minute = z.getMinute();
        second = z.getSecond();
        offsetSeconds = z.getOffset().getTotalSeconds();
        cachedSecond = sec;
    }

    private void appendTime(LineBuffer out) {
        out.appendZeroPadded(hour, 2).append(':').appendZeroPadded(minute, 2).append(':')
                .appendZeroPadded(second, 2);
    }

    /** Writes {@code dd/Mmm/yyyy:HH:MM:SS.mmm}, the {@code %t} / {@code %tr} shape; runs on the log thread. */
    public void appendAcceptDate(long epochMillis, LineBuffer out) {
        load(epochMillis);
        out.appendZeroPadded(day, 2).append('/').append(MONTHS[month - 1]).append('/').append(year).append(':');
        appendTime(out);
        out.append('.').appendZeroPadded(Math.floorMod(epochMillis, 1000L), 3);
    }

    /** Writes {@code Mmm dd HH:MM:SS} with a space-padded day, the RFC 3164 timestamp; runs on the log thread. */
    public void appendRfc3164(long epochMillis, LineBuffer out) {
        load(epochMillis);
        out.append(MONTHS[month - 1]).append(' ').appendPadded(day, 2, ' ').append(' ');
        appendTime(out);
    }

    /** Writes {@code yyyy-mm-ddTHH:MM:SS.uuuuuu+hh:mm}, the RFC 5424 timestamp; runs on the log thread. */
    public void appendRfc5424(long epochMillis, LineBuffer out) {
        load(epochMillis);
        out.appendZeroPadded(year, 4).append('-').appendZeroPadded(month, 2).append('-')
                .appendZeroPadded(day, 2).append('T');
        appendTime(out);
        out.append('.').appendZeroPadded(Math.floorMod(epochMillis, 1000L) * 1000L, 6);
        int off = offsetSeconds;
        out.append(off < 0 ? '-' : '+');
        off = Math.abs(off);
        out.appendZeroPadded(off / 3600, 2).append(':').appendZeroPadded((off / 60) % 60, 2);
    }
}
