package io.sluice.core.h1;

import java.nio.ByteBuffer;

/**
 * Header lines added by {@code set-header}/{@code add-header} rules for one message, kept in a
 * fixed byte area of {@code tune.maxrewrite} bytes (HAProxy's rewrite room: running out is a
 * rewrite failure, answered 500). One per stream side, reset per message, used by the stream's
 * loop thread; allocates nothing.
 */
public final class AddedHeaders {

    private final byte[] area;
    private int used;

    /** Builds an area of {@code maxrewrite} bytes; runs at start. */
    public AddedHeaders(int maxrewrite) {
        this.area = new byte[maxrewrite];
    }

    /** Forgets every added line. */
    public void reset() {
        used = 0;
    }

    /**
     * Appends {@code name: value} (name given in lower case); false when the rewrite room is
     * exhausted (the caller answers 500, HAProxy's rewrite failure).
     */
    public boolean add(byte[] lowerName, byte[] value) {
        int need = lowerName.length + 2 + value.length + 2;
        if (used + need > area.length) {
            return false;
        }
        System.arraycopy(lowerName, 0, area, used, lowerName.length);
        used += lowerName.length;
        area[used++] = ':';
        area[used++] = ' ';
        System.arraycopy(value, 0, area, used, value.length);
        used += value.length;
        area[used++] = '\r';
        area[used++] = '\n';
        return true;
    }

    /** Removes the added lines named {@code lowerName} (a later del/set after an add). */
    public void remove(byte[] lowerName) {
        int r = 0;
        int w = 0;
        while (r < used) {
            int eol = r;
            while (area[eol] != '\n') {
                eol++;
            }
            boolean match = eol - r > lowerName.length && area[r + lowerName.length] == ':';
            for (int k = 0; match && k < lowerName.length; k++) {
                match = area[r + k] == lowerName[k];
            }
            int len = eol + 1 - r;
            if (!match) {
                System.arraycopy(area, r, area, w, len);
                w += len;
            }
            r = eol + 1;
        }
        used = w;
    }

    /** Bytes in use. */
    public int size() {
        return used;
    }

    void writeTo(ByteBuffer out) {
        out.put(area, 0, used);
    }
}
