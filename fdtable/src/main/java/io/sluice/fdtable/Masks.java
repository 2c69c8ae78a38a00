package io.sluice.fdtable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The one read-modify-write helper for every mask of the package; any thread.
 *
 * <p>Every mask RMW (OR, AND, BTS, BTR) is written as a {@code getVolatile} + {@code compareAndExchange} loop
 * instead of {@code getAndBitwiseOr/And}: the JIT compiles the latter to the same loop on x86 anyway, and Lincheck
 * cannot switch threads inside {@code getAndBitwiseOr/And} (concurrency-testing.md, blind spot 1), so a leak
 * needing a switch between two of them would go unseen. All accesses are volatile mode (sequentially
 * consistent): the protocols are Dekker-like and need StoreLoad ordering.
 */
final class Masks {

    /** Element handle for every {@code long[]} of the package (table lines, update-list bitmaps). */
    static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private Masks() {
    }

    /**
     * Atomically replaces {@code a[i]} with {@code (old & andMask) | orMask} and returns the old value; volatile
     * mode, lock-free (retries only when another thread changed the word in between).
     */
    static long getAndModify(long[] a, int i, long andMask, long orMask) {
        long old = (long) LONGS.getVolatile(a, i);
        while (true) {
            long witness = (long) LONGS.compareAndExchange(a, i, old, (old & andMask) | orMask);
            if (witness == old) {
                return old;
            }
            old = witness;
        }
    }

    /** Atomic OR returning the previous value (BTS when {@code bits} has one bit). */
    static long getAndOr(long[] a, int i, long bits) {
        return getAndModify(a, i, -1L, bits);
    }

    /** Atomic AND-NOT returning the previous value (BTR when {@code bits} has one bit). */
    static long getAndClear(long[] a, int i, long bits) {
        return getAndModify(a, i, ~bits, 0L);
    }
}
