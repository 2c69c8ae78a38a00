package io.sluice.core.h1;

import java.nio.ByteBuffer;

/**
 * A reusable table of the header lines of one parsed message: offsets into the input buffer (names
 * already lower-cased in place by the parser), a small id per well-known name, and a deleted mark
 * (HAProxy drops duplicate Content-Length/Host, C-L beside T-E, and rule-deleted headers). Owned by
 * one connection's loop thread; reset for each message, never reallocated.
 */
public final class HeaderTable {

    /** A header whose name is not one of the ids below. */
    public static final byte ID_OTHER = 0;
    /** {@code host}. */
    public static final byte ID_HOST = 1;
    /** {@code content-length}. */
    public static final byte ID_CONTENT_LENGTH = 2;
    /** {@code transfer-encoding}. */
    public static final byte ID_TRANSFER_ENCODING = 3;
    /** {@code connection}. */
    public static final byte ID_CONNECTION = 4;
    /** {@code upgrade}. */
    public static final byte ID_UPGRADE = 5;
    /** {@code expect}. */
    public static final byte ID_EXPECT = 6;
    /** {@code sec-websocket-key}. */
    public static final byte ID_SEC_WEBSOCKET_KEY = 7;
    /** {@code te}. */
    public static final byte ID_TE = 8;
    /** {@code x-forwarded-for}. */
    public static final byte ID_X_FORWARDED_FOR = 9;

    private static final byte[][] KNOWN = {
        null, bytes("host"), bytes("content-length"), bytes("transfer-encoding"), bytes("connection"),
        bytes("upgrade"), bytes("expect"), bytes("sec-websocket-key"), bytes("te"), bytes("x-forwarded-for"),
    };

    private final int capacity;
    private final int[] nameStart;
    private final int[] nameEnd;
    private final int[] valueStart;
    private final int[] valueEnd;
    private final byte[] id;
    private final boolean[] deleted;
    private ByteBuffer buf;
    private int count;

    /** Builds a table for at most {@code capacity} header lines; runs at start on any thread. */
    public HeaderTable(int capacity) {
        this.capacity = capacity;
        nameStart = new int[capacity];
        nameEnd = new int[capacity];
        valueStart = new int[capacity];
        valueEnd = new int[capacity];
        id = new byte[capacity];
        deleted = new boolean[capacity];
    }

    static byte[] bytes(String ascii) {
        byte[] b = new byte[ascii.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ascii.charAt(i);
        }
        return b;
    }

    /** Empties the table for a message held in {@code buffer}; runs on the owning loop thread. */
    public void reset(ByteBuffer buffer) {
        this.buf = buffer;
        this.count = 0;
    }

    /** The buffer the offsets point into; runs on the owning loop thread. */
    public ByteBuffer buffer() {
        return buf;
    }

    /** The number of lines, deleted ones included; runs on the owning loop thread. */
    public int count() {
        return count;
    }

    /** The maximum number of lines; any thread. */
    public int capacity() {
        return capacity;
    }

    /** Appends a line (the name must already be lower case); false when full. Owning loop thread. */
    boolean add(int ns, int ne, int vs, int ve) {
        if (count == capacity) {
            return false;
        }
        nameStart[count] = ns;
        nameEnd[count] = ne;
        valueStart[count] = vs;
        valueEnd[count] = ve;
        deleted[count] = false;
        id[count] = identify(buf, ns, ne);
        count++;
        return true;
    }

    /** Shifts every offset by {@code delta} (the message moved in its buffer); owning loop thread. */
    void relocate(int delta) {
        for (int i = 0; i < count; i++) {
            nameStart[i] += delta;
            nameEnd[i] += delta;
            valueStart[i] += delta;
            valueEnd[i] += delta;
        }
    }

    /** Moves the end of the last value (obs-fold); owning loop thread. */
    void extendLastValue(int ve) {
        valueEnd[count - 1] = ve;
    }

    /** Replaces the value span of line {@code i}; owning loop thread. */
    void setValue(int i, int vs, int ve) {
        valueStart[i] = vs;
        valueEnd[i] = ve;
    }

    private static byte identify(ByteBuffer b, int s, int e) {
        int len = e - s;
        for (byte k = 1; k < KNOWN.length; k++) {
            byte[] n = KNOWN[k];
            if (n.length == len && regionEquals(b, s, n, false)) {
                return k;
            }
        }
        return ID_OTHER;
    }

    /** The well-known id of line {@code i}. */
    public byte id(int i) {
        return id[i];
    }

    /** True when line {@code i} was removed (it is not forwarded and not matched). */
    public boolean isDeleted(int i) {
        return deleted[i];
    }

    /** Marks line {@code i} removed; owning loop thread. */
    public void delete(int i) {
        deleted[i] = true;
    }

    /** Start offset of line {@code i}'s name. */
    public int nameStart(int i) {
        return nameStart[i];
    }

    /** End offset (exclusive) of line {@code i}'s name. */
    public int nameEnd(int i) {
        return nameEnd[i];
    }

    /** Start offset of line {@code i}'s value (leading blanks trimmed). */
    public int valueStart(int i) {
        return valueStart[i];
    }

    /** End offset (exclusive) of line {@code i}'s value (trailing blanks trimmed). */
    public int valueEnd(int i) {
        return valueEnd[i];
    }

    /**
     * Finds the first live line at or after {@code from} whose name equals {@code lowerName}
     * (lower-case ASCII); -1 when none. Owning loop thread; allocates nothing.
     */
    public int find(byte[] lowerName, int from) {
        for (int i = from; i < count; i++) {
            if (!deleted[i] && nameEnd[i] - nameStart[i] == lowerName.length
                    && regionEquals(buf, nameStart[i], lowerName, false)) {
                return i;
            }
        }
        return -1;
    }

    /** Finds the first live line at or after {@code from} with well-known id {@code hid}; -1 if none. */
    public int findId(byte hid, int from) {
        for (int i = from; i < count; i++) {
            if (!deleted[i] && id[i] == hid) {
                return i;
            }
        }
        return -1;
    }

    /** True when the value of line {@code i} equals {@code v}, ASCII case-insensitively if asked. */
    public boolean valueEquals(int i, byte[] v, boolean ignoreCase) {
        return valueEnd[i] - valueStart[i] == v.length && regionEquals(buf, valueStart[i], v, ignoreCase);
    }

    /** Test/debug helper: line {@code i}'s name as a String (allocates; never on the hot path). */
    public String nameString(int i) {
        return ascii(buf, nameStart[i], nameEnd[i]);
    }

    /** Test/debug helper: line {@code i}'s value as a String (allocates; never on the hot path). */
    public String valueString(int i) {
        return ascii(buf, valueStart[i], valueEnd[i]);
    }

    /** Decodes bytes {@code [s, e)} of {@code b} as ISO-8859-1 (allocates; for tests, logs and errors). */
    public static String ascii(ByteBuffer b, int s, int e) {
        char[] c = new char[e - s];
        for (int i = s; i < e; i++) {
            c[i - s] = (char) (b.get(i) & 0xff);
        }
        return new String(c);
    }

    /** True when bytes at {@code off} equal {@code v}; ASCII case folding when {@code ignoreCase}. */
    static boolean regionEquals(ByteBuffer b, int off, byte[] v, boolean ignoreCase) {
        for (int k = 0; k < v.length; k++) {
            int c = b.get(off + k);
            int d = v[k];
            if (c != d && (!ignoreCase || lower(c) != lower(d))) {
                return false;
            }
        }
        return true;
    }

    /** ASCII lower case of {@code c}. */
    static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
