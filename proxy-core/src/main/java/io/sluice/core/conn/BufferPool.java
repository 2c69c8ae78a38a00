package io.sluice.core.conn;

import java.nio.ByteBuffer;

/**
 * A per-thread pool of direct buffers of {@code tune.bufsize} bytes (HAProxy's {@code pool_head_buffer}): owner loop
 * thread only, no locking. Buffers are allocated on first need and kept for the life of the process (the poller's
 * facade never frees direct memory), so steady-state traffic allocates nothing.
 */
public final class BufferPool {
    private final int size;
    private ByteBuffer[] free = new ByteBuffer[64];
    private int count;
    private long allocated;
    private long used;

    /** Runs on any thread before the loops start: an empty pool of {@code size}-byte buffers. */
    public BufferPool(int size) {
        this.size = size;
    }

    /** Runs on the owner thread: a buffer (position and limit are not used by the callers). */
    public ByteBuffer get() {
        used++;
        if (count > 0) {
            ByteBuffer b = free[--count];
            free[count] = null;
            return b;
        }
        allocated++;
        return ByteBuffer.allocateDirect(size);
    }

    /** Runs on the owner thread: gives {@code b} back. */
    public void put(ByteBuffer b) {
        used--;
        if (count == free.length) {
            ByteBuffer[] n = new ByteBuffer[free.length * 2];
            System.arraycopy(free, 0, n, 0, count);
            free = n;
        }
        free[count++] = b;
    }

    /** Runs on the owner thread: the buffer size. */
    public int bufSize() {
        return size;
    }

    /** Runs on any thread (racy read, diagnostics): buffers ever allocated. */
    public long allocated() {
        return allocated;
    }

    /** Runs on any thread (racy read, diagnostics): buffers in use. */
    public long inUse() {
        return used;
    }
}
