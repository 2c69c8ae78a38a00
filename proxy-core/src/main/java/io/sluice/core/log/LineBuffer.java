package io.sluice.core.log;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A reusable growable byte buffer with append methods for text and numbers that allocate nothing once the buffer
 * has reached its working size.
 *
 * <p>Not thread-safe: one instance belongs to one thread (the log thread's line buffer, a CLI session's output).
 * Characters are written as UTF-8 (ASCII in practice: HAProxy's outputs are byte strings).
 */
public final class LineBuffer {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE)
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    /** Creates a buffer with the given initial capacity; runs on any thread. */
    public LineBuffer(int initialCapacity) {
        this.buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Empties the buffer, keeping its storage; runs on the owner thread. */
    public LineBuffer clear() {
        len = 0;
        return this;
    }

    /** Returns the number of bytes written; runs on the owner thread. */
    public int length() {
        return len;
    }

    /** Cuts the content to {@code newLength} bytes if it is longer; runs on the owner thread. */
    public void truncate(int newLength) {
        if (newLength < len) {
            len = Math.max(0, newLength);
        }
    }

    /** Returns the backing array (valid bytes are {@code [0, length())}); runs on the owner thread. */
    public byte[] array() {
        return buf;
    }

    /** Returns byte {@code i}; runs on the owner thread. */
    public byte byteAt(int i) {
        if (i < 0 || i >= len) {
            throw new IndexOutOfBoundsException(i);
        }
        return buf[i];
    }

    private void ensure(int extra) {
        int need = len + extra;
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    /** Appends one byte; runs on the owner thread. */
    public LineBuffer append(byte b) {
        ensure(1);
        buf[len++] = b;
        return this;
    }

    /** Appends one character (ASCII expected); runs on the owner thread. */
    public LineBuffer append(char c) {
        if (c < 0x80) {
            ensure(1);
            buf[len++] = (byte) c;
            return this;
        }
        return appendNonAscii(c);
    }

    private LineBuffer appendNonAscii(char c) {
        ensure(3);
        if (c < 0x800) {
            buf[len++] = (byte) (0xC0 | (c >> 6));
            buf[len++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isSurrogate(c)) {
            // NOTE: surrogate pairs are not joined; a lone half is written as '?'. Names are ASCII in practice.
            buf[len++] = '?';
        } else {
            buf[len++] = (byte) (0xE0 | (c >> 12));
            buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            buf[len++] = (byte) (0x80 | (c & 0x3F));
        }
        return this;
    }

    /** Appends a character sequence ({@code "null"} for null, like StringBuilder); runs on the owner thread. */
    public LineBuffer append(CharSequence s) {
        if (s == null) {
            return append("null");
        }
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[len++] = (byte) c;
            } else {
                appendNonAscii(c);
                ensure(n - i);
            }
        }
        return this;
    }

    /** Appends {@code n} bytes of {@code src} from {@code off}; runs on the owner thread. */
    public LineBuffer append(byte[] src, int off, int n) {
        ensure(n);
        System.arraycopy(src, off, buf, len, n);
        len += n;
        return this;
    }

    /** Appends the content of another buffer; runs on the owner thread. */
    public LineBuffer append(LineBuffer other) {
        return append(other.buf, 0, other.len);
    }

    /** Appends {@code count} copies of {@code c}; runs on the owner thread. */
    public LineBuffer repeat(char c, int count) {
        for (int i = 0; i < count; i++) {
            append(c);
        }
        return this;
    }

    /** Appends a signed decimal number; runs on the owner thread. */
    public LineBuffer append(long v) {
        if (v == Long.MIN_VALUE) {
            return append(LONG_MIN, 0, LONG_MIN.length);
        }
        if (v < 0) {
            append('-');
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        ensure(digits);
        int end = len + digits;
        for (int p = end - 1; p >= len; p--) {
            buf[p] = DIGITS[(int) (v % 10)];
            v /= 10;
        }
        len = end;
        return this;
    }

    /** Appends a non-negative number left-padded with zeros to {@code width} digits ({@code %0Nu}). */
    public LineBuffer appendZeroPadded(long v, int width) {
        return appendPadded(v, width, '0');
    }

    /** Appends a non-negative number right-aligned in {@code width} columns padded with {@code pad}. */
    public LineBuffer appendPadded(long v, int width, char pad) {
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            append(pad);
        }
        return append(v);
    }

    /** Appends a string left-aligned and padded with spaces to {@code width} columns ({@code %-Ns}). */
    public LineBuffer appendLeft(CharSequence s, int width) {
        append(s);
        for (int i = s.length(); i < width; i++) {
            append(' ');
        }
        return this;
    }

    /** Appends an unsigned lowercase hexadecimal number without prefix ({@code %lx}); runs on the owner thread. */
    public LineBuffer appendHex(long v) {
        int digits = v == 0 ? 1 : (64 - Long.numberOfLeadingZeros(v) + 3) / 4;
        ensure(digits);
        for (int i = digits - 1; i >= 0; i--) {
            buf[len + i] = DIGITS[(int) (v & 0xF)];
            v >>>= 4;
        }
        len += digits;
        return this;
    }

    /**
     * Copies as many bytes as fit from {@code from} into {@code dst} and returns how many; runs on the owner thread.
     */
    public int copyTo(int from, ByteBuffer dst) {
        int n = Math.min(len - from, dst.remaining());
        if (n > 0) {
            dst.put(buf, from, n);
        }
        return Math.max(n, 0);
    }

    /** Removes the first {@code n} bytes, shifting the rest down; runs on the owner thread. */
    public void consume(int n) {
        if (n >= len) {
            len = 0;
            return;
        }
        System.arraycopy(buf, n, buf, 0, len - n);
        len -= n;
    }

    /** Returns the content as a String (allocates: tests and cold paths only); runs on the owner thread. */
    @Override
    public String toString() {
        return new String(buf, 0, len, java.nio.charset.StandardCharsets.UTF_8);
    }
}
