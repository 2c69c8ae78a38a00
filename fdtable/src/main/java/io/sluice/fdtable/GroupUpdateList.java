package io.sluice.fdtable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The global update list of one thread group (HAProxy's {@code update_list[tgid-1]}): the set of fds whose
 * polling some threads of the group must re-evaluate, the threads being those whose bit is in the fd's
 * {@code update_mask}. Lock-free; every method runs on any thread.
 *
 * <p>HAProxy keeps a lock-free doubly linked list threaded through the fd entries. Sluice keeps the same
 * semantics with a bitmap over fd numbers: {@link #add} is idempotent (an fd is in the list at most once, like
 * HAProxy's "already in a list" test), {@link #remove} is idempotent, and a walker visits the members in fd order
 * with {@link #next(int)}. An fd added during a walk may be missed by that walk; the adder wakes a thread of the
 * group ({@link FdTable#updtFdPolling}) and the next walk sees it. A member count lets pollers skip the walk when
 * the list is empty, which is the common case (global updates come from shared fds such as listeners).
 * No allocation after construction.
 *
 * <p>Fields: {@code bits} (one bit per fd; set by add, cleared by remove; volatile CAS via {@link Masks}),
 * {@code size} (number of set bits, adjusted by the thread whose RMW changed a bit; volatile getAndAdd).
 */
public final class GroupUpdateList {

    private static final VarHandle SIZE;

    static {
        try {
            SIZE = MethodHandles.lookup().findVarHandle(GroupUpdateList.class, "size", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long[] bits;
    private final int capacity;
    @SuppressWarnings("unused") // accessed through SIZE
    private volatile int size;

    /**
     * Creates an empty list for fds 0..capacity-1; any thread.
     *
     * @param capacity table size
     */
    public GroupUpdateList(int capacity) {
        this.capacity = capacity;
        this.bits = new long[(capacity + 63) >>> 6];
    }

    /**
     * Adds {@code fd} if absent; any thread. HAProxy's {@code fd_add_to_fd_list}.
     *
     * @param fd fd number
     * @return true if this call added it
     */
    public boolean add(int fd) {
        long bit = 1L << fd;
        long prev = Masks.getAndOr(bits, fd >>> 6, bit);
        if ((prev & bit) != 0) {
            return false;
        }
        SIZE.getAndAdd(this, 1);
        return true;
    }

    /**
     * Removes {@code fd} if present; any thread. HAProxy's {@code fd_rm_from_fd_list}.
     *
     * @param fd fd number
     * @return true if this call removed it
     */
    public boolean remove(int fd) {
        long bit = 1L << fd;
        if ((((long) Masks.LONGS.getVolatile(bits, fd >>> 6)) & bit) == 0) {
            return false; // common case at close: not listed, no RMW
        }
        long prev = Masks.getAndClear(bits, fd >>> 6, bit);
        if ((prev & bit) == 0) {
            return false;
        }
        SIZE.getAndAdd(this, -1);
        return true;
    }

    /**
     * Tells whether {@code fd} is in the list; any thread (volatile read).
     *
     * @param fd fd number
     * @return true if present
     */
    public boolean contains(int fd) {
        return (((long) Masks.LONGS.getVolatile(bits, fd >>> 6)) & (1L << fd)) != 0;
    }

    /**
     * Returns the smallest member ≥ {@code from}, or -1; any thread. Walk with
     * {@code for (int fd = l.next(0); fd >= 0; fd = l.next(fd + 1))}.
     *
     * @param from first fd number to consider
     * @return a member, or -1 when there is none at or after {@code from}
     */
    public int next(int from) {
        if (from >= capacity || from < 0) {
            return -1;
        }
        int w = from >>> 6;
        long word = ((long) Masks.LONGS.getVolatile(bits, w)) & (-1L << from);
        while (true) {
            if (word != 0) {
                int fd = (w << 6) + Long.numberOfTrailingZeros(word);
                return fd < capacity ? fd : -1;
            }
            if (++w >= bits.length) {
                return -1;
            }
            word = (long) Masks.LONGS.getVolatile(bits, w);
        }
    }

    /**
     * Returns the number of members (exact when quiescent); any thread. Zero means a walk can be skipped.
     *
     * @return member count
     */
    public int size() {
        return (int) SIZE.getVolatile(this);
    }
}
