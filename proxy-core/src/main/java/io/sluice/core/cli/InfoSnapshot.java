package io.sluice.core.cli;

import java.util.Arrays;

/**
 * The values of one {@code show info} answer, by {@link InfoField}; a field left unset is skipped in the output,
 * as HAProxy skips {@code description} when none is configured. Filled by the runtime's {@link ShowInfo.Provider}
 * and formatted by {@link ShowInfo} on the session's thread; not shared between threads.
 */
public final class InfoSnapshot {
    private static final int N = InfoField.values().length;

    private final boolean[] set = new boolean[N];
    private final long[] nums = new long[N];
    private final String[] strs = new String[N];
    private final double[] floats = new double[N];
    private final boolean[] hasFloat = new boolean[N];

    /** Sets a numeric field; runs on the session's thread. */
    public InfoSnapshot set(InfoField f, long value) {
        int i = f.ordinal();
        set[i] = true;
        nums[i] = value;
        hasFloat[i] = false;
        return this;
    }

    /**
     * Sets a numeric field that {@code show info float} prints with decimals ({@code Uptime_sec},
     * {@code Start_time_sec}, rates); the default output prints its integer part.
     */
    public InfoSnapshot setFloat(InfoField f, double value) {
        int i = f.ordinal();
        set[i] = true;
        nums[i] = (long) value;
        floats[i] = value;
        hasFloat[i] = true;
        return this;
    }

    /** Sets a string field; null leaves it unset (skipped); runs on the session's thread. */
    public InfoSnapshot set(InfoField f, String value) {
        int i = f.ordinal();
        set[i] = value != null;
        strs[i] = value;
        return this;
    }

    /** Unsets every field. */
    public void clear() {
        Arrays.fill(set, false);
        Arrays.fill(hasFloat, false);
        Arrays.fill(strs, null);
    }

    /** Returns true if the field has a value. */
    public boolean isSet(InfoField f) {
        return set[f.ordinal()];
    }

    /** Returns a numeric field's value. */
    public long num(InfoField f) {
        return nums[f.ordinal()];
    }

    /** Returns true if the field was set with {@link #setFloat}. */
    public boolean hasFloat(InfoField f) {
        return hasFloat[f.ordinal()];
    }

    /** Returns a float field's value. */
    public double floatValue(InfoField f) {
        return floats[f.ordinal()];
    }

    /** Returns a string field's value. */
    public String str(InfoField f) {
        return strs[f.ordinal()];
    }

    /** Formats an uptime as HAProxy's {@code Uptime} field: {@code "%ud %uh%02um%02us"}, e.g. {@code 0d 0h00m43s}. */
    public static String formatUptime(long seconds) {
        return (seconds / 86400) + "d " + ((seconds / 3600) % 24) + "h" + String.format("%02dm%02ds",
                (seconds / 60) % 60, seconds % 60);
    }
}
