package io.sluice.fdtable;

import static io.sluice.fdtable.FdState.FD_EV_ACTIVE_R;
import static io.sluice.fdtable.FdState.FD_EV_ACTIVE_RW;
import static io.sluice.fdtable.FdState.FD_EV_ACTIVE_W;
import static io.sluice.fdtable.FdState.FD_EV_READY_R;
import static io.sluice.fdtable.FdState.FD_EV_READY_RW;
import static io.sluice.fdtable.FdState.FD_EV_READY_W;
import static io.sluice.fdtable.FdState.INSERT_FLAGS;
import static io.sluice.fdtable.FdState.REFC_MASK;
import static io.sluice.fdtable.FdState.REFC_ONE;
import static io.sluice.fdtable.FdState.TGID_MASK;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import io.sluice.fdtable.RaceWindows.Window;

/**
 * The per-fd atomic table (HAProxy's {@code fdtab[]} with the 2.8-dev8 protocols); every method is safe on any
 * thread unless its Javadoc names one. The protocol document is {@code package-info.java}: step IDs in the
 * comments (INS-n, DEL-n, ORPH-n, TAKE-n, UPD-n) refer to it.
 *
 * <p>Layout: one line of 8 {@code long}s (64 bytes) per fd in one {@code long[]}, accessed through
 * {@link Masks#LONGS} in volatile mode:
 * <pre>
 *  index fd*8 + 0  thread_mask   threads allowed to process the fd (ltid bits; 0 = closing)
 *               1  running_mask  threads currently inside code using the fd
 *               2  update_mask   threads with a pending polling update (de-dup bit of the update lists)
 *               3  polled_recv   threads whose epoll has the fd for reading
 *               4  polled_send   threads whose epoll has the fd for writing
 *               5  state         FD_EV_* | FD_POLL_* | info flags (see {@link FdState})
 *               6  refc_tgid     tgid (low 16 bits) | refcount of tgid readers (REFC_ONE units)
 *               7  generation    incremented just before each OS close (for stale-event detection)
 * </pre>
 * plus {@code owner[fd]} and {@code iocb[fd]} reference arrays (volatile mode). The JVM aligns array data on 16
 * bytes only, so a line may straddle two cache lines; the stride still keeps fds apart.
 *
 * <p>Sized once from the process fd limit ({@link FdLimit}); an fd number outside {@code 0..size-1} is
 * rejected.
 */
public final class FdTable {

    /** Offset of thread_mask in a line. */
    static final int THREAD_MASK = 0;
    /** Offset of running_mask in a line. */
    static final int RUNNING_MASK = 1;
    /** Offset of update_mask in a line. */
    static final int UPDATE_MASK = 2;
    /** Offset of polled_recv in a line. */
    static final int POLLED_RECV = 3;
    /** Offset of polled_send in a line. */
    static final int POLLED_SEND = 4;
    /** Offset of state in a line. */
    static final int STATE = 5;
    /** Offset of refc_tgid in a line. */
    static final int REFC_TGID = 6;
    /** Offset of generation in a line. */
    static final int GENERATION = 7;
    /** log2 of the line length in longs. */
    static final int LINE_SHIFT = 3;

    private static final VarHandle OBJECTS = MethodHandles.arrayElementVarHandle(Object[].class);

    final long[] lines;
    /** owner[fd]: the connection/listener; null = closed. Written by INS-4 and ORPH-7, volatile. */
    private final Object[] owners;
    /** iocb[fd]: written by INS-4 (volatile), read by UPD-10 after the volatile thread_mask read. */
    private final Object[] iocbs;
    private final int size;
    final ThreadSet threads;
    final PollerHooks hooks;
    final OsClose osClose;
    final RaceWindows windows;
    final long spinLimit;
    final GroupUpdateList[] updateLists;

    /**
     * Creates a table of {@code size} fds, without race widening or spin limit; any thread, at start.
     *
     * @param size number of fd numbers (the process fd limit, see {@link FdLimit#current()})
     * @param threads the thread topology
     * @param hooks the poller's hooks (wake a thread, apply an update, clo)
     * @param osClose the OS close
     */
    public FdTable(int size, ThreadSet threads, PollerHooks hooks, OsClose osClose) {
        this(size, threads, hooks, osClose, RaceWindows.DISABLED, 0);
    }

    /**
     * Creates a table; any thread, at start.
     *
     * @param size number of fd numbers (1 .. 2^28)
     * @param threads the thread topology
     * @param hooks the poller's hooks
     * @param osClose the OS close
     * @param windows race widening ({@link RaceWindows#DISABLED} in production unless
     *     {@code tune.debug.race-widen})
     * @param spinLimit 0 for unbounded spins (production); otherwise every spin loop of the table throws
     *     {@link IllegalStateException} after that many iterations, so a test harness reports a livelock
     *     instead of hanging
     */
    public FdTable(int size, ThreadSet threads, PollerHooks hooks, OsClose osClose, RaceWindows windows,
            long spinLimit) {
        if (size < 1 || size > (1 << 28)) {
            throw new IllegalArgumentException("fd table size must be 1..2^28, got " + size);
        }
        this.size = size;
        this.lines = new long[size << LINE_SHIFT];
        this.owners = new Object[size];
        this.iocbs = new Object[size];
        this.threads = threads;
        this.hooks = hooks;
        this.osClose = osClose;
        this.windows = windows;
        this.spinLimit = spinLimit;
        this.updateLists = new GroupUpdateList[threads.nbGroups()];
        for (int g = 0; g < updateLists.length; g++) {
            updateLists[g] = new GroupUpdateList(size);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Raw line access (package-private: the operations and the broken variants kept in test code use them).

    long get(int fd, int field) {
        return (long) Masks.LONGS.getVolatile(lines, (fd << LINE_SHIFT) | field);
    }

    void set(int fd, int field, long value) {
        Masks.LONGS.setVolatile(lines, (fd << LINE_SHIFT) | field, value);
    }

    /** Release-mode store: only where a NOTE proves no StoreLoad ordering is needed (INS-4, UPD-9, ORPH-6..8). */
    void setRelease(int fd, int field, long value) {
        Masks.LONGS.setRelease(lines, (fd << LINE_SHIFT) | field, value);
    }

    long getAndOr(int fd, int field, long bits) {
        return Masks.getAndOr(lines, (fd << LINE_SHIFT) | field, bits);
    }

    long getAndClear(int fd, int field, long bits) {
        return Masks.getAndClear(lines, (fd << LINE_SHIFT) | field, bits);
    }

    long compareAndExchange(int fd, int field, long expect, long update) {
        return (long) Masks.LONGS.compareAndExchange(lines, (fd << LINE_SHIFT) | field, expect, update);
    }

    long getAndAdd(int fd, int field, long delta) {
        return (long) Masks.LONGS.getAndAdd(lines, (fd << LINE_SHIFT) | field, delta);
    }

    void setOwner(int fd, Object owner) {
        OBJECTS.setVolatile(owners, fd, owner);
    }

    void setOwnerRelease(int fd, Object owner) {
        OBJECTS.setRelease(owners, fd, owner);
    }

    /** Counts one iteration of a spin loop; throws when the harness bound is exceeded. */
    void spun(long iterations, String loop, int fd) {
        Thread.onSpinWait();
        if (spinLimit != 0 && iterations > spinLimit) {
            throw new IllegalStateException("livelock suspected: " + loop + " spun " + iterations
                    + " times on " + describe(fd));
        }
    }

    void checkFd(int fd) {
        if (fd < 0 || fd >= size) {
            throw new IllegalArgumentException("fd " + fd + " out of table range 0.." + (size - 1));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reads for the poller, the CLI and tests (volatile).

    /** Returns the number of fd numbers; any thread. @return table size */
    public int size() {
        return size;
    }

    /** Returns the thread topology; any thread. @return topology */
    public ThreadSet threads() {
        return threads;
    }

    /** Returns thread_mask; any thread, volatile read. @param fd fd number @return ltid bits of its group */
    public long threadMask(int fd) {
        return get(fd, THREAD_MASK);
    }

    /** Returns running_mask; any thread, volatile read. @param fd fd number @return ltid bits */
    public long runningMask(int fd) {
        return get(fd, RUNNING_MASK);
    }

    /** Returns update_mask; any thread, volatile read. @param fd fd number @return ltid bits */
    public long updateMask(int fd) {
        return get(fd, UPDATE_MASK);
    }

    /** Returns polled_recv; any thread, volatile read. @param fd fd number @return ltid bits */
    public long polledRecv(int fd) {
        return get(fd, POLLED_RECV);
    }

    /** Returns polled_send; any thread, volatile read. @param fd fd number @return ltid bits */
    public long polledSend(int fd) {
        return get(fd, POLLED_SEND);
    }

    /** Returns the state word; any thread, volatile read. @param fd fd number @return see {@link FdState} */
    public int state(int fd) {
        return (int) get(fd, STATE);
    }

    /** Returns the whole refc_tgid word; any thread, volatile read. @param fd fd number @return the word */
    public long refcTgid(int fd) {
        return get(fd, REFC_TGID);
    }

    /** Returns the fd's group, 0 when closed (HAProxy's fd_tgid); any thread. @param fd fd @return tgid */
    public int tgid(int fd) {
        return (int) (get(fd, REFC_TGID) & TGID_MASK);
    }

    /** Returns the generation (closes so far of this number); any thread. @param fd fd number @return count */
    public long generation(int fd) {
        return get(fd, GENERATION);
    }

    /** Returns the owner, null when closed; any thread, volatile read. @param fd fd number @return owner */
    public Object owner(int fd) {
        return OBJECTS.getVolatile(owners, fd);
    }

    /** Returns the iocb installed by insert; any thread, volatile read. @param fd fd number @return iocb */
    public IoCallback iocb(int fd) {
        return (IoCallback) OBJECTS.getVolatile(iocbs, fd);
    }

    /**
     * Counts the fds that have an owner (inserted, ORPH-7 not reached yet); any thread, racy snapshot.
     *
     * <p>NOTE: HAProxy keeps {@code ha_used_fds} with an atomic add in fd_insert and fd_delete_orphan. Sluice
     * scans instead: the count is read by {@code show} commands and tests only, while the two atomic adds on one
     * shared word cost about 12 ns of every connection's life and bounce a cache line between threads.
     *
     * @return count, O(table size)
     */
    public int usedFds() {
        int n = 0;
        for (int fd = 0; fd < size; fd++) {
            if (OBJECTS.getOpaque(owners, fd) != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * Describes one entry for {@code show fd} and test failures; any thread (racy snapshot of the words).
     *
     * @param fd fd number
     * @return one line
     */
    public String describe(int fd) {
        return "fd=" + fd + " " + FdState.describeRefcTgid(refcTgid(fd))
                + " tmask=0x" + Long.toHexString(threadMask(fd)) + " rmask=0x" + Long.toHexString(runningMask(fd))
                + " umask=0x" + Long.toHexString(updateMask(fd)) + " prmsk=0x" + Long.toHexString(polledRecv(fd))
                + " pwmsk=0x" + Long.toHexString(polledSend(fd)) + " gen=" + generation(fd)
                + " st=" + FdState.describe(state(fd)) + " owner=" + (owner(fd) == null ? "-" : "set");
    }

    /**
     * Sets or clears the calling thread's bit in polled_recv and polled_send (what {@code _update_fd} does after
     * CTL_ADD / MOD / DEL); runs on the loop thread {@code ctx} while it holds a tgid reference on {@code fd}
     * (inside {@link PollerHooks#updateFd}).
     *
     * @param fd fd number
     * @param ctx the calling loop thread
     * @param recv whether this thread's epoll now has the fd for reading
     * @param send whether it has it for writing
     */
    public void setPolled(int fd, ThreadContext ctx, boolean recv, boolean send) {
        long me = ctx.ltidBit;
        boolean pr = (get(fd, POLLED_RECV) & me) != 0;
        boolean ps = (get(fd, POLLED_SEND) & me) != 0;
        if (recv != pr) {
            if (recv) {
                getAndOr(fd, POLLED_RECV, me);
            } else {
                getAndClear(fd, POLLED_RECV, me);
            }
        }
        if (send != ps) {
            if (send) {
                getAndOr(fd, POLLED_SEND, me);
            } else {
                getAndClear(fd, POLLED_SEND, me);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // refc_tgid primitives (section "refc_tgid" of package-info).

    /**
     * Takes a tgid reference if the fd belongs to group {@code want} (fd_grab_tgid); any thread. On success the
     * caller holds a reference and must {@link #dropTgid} it; until then the tgid cannot change and no orphan
     * close can finish resetting the masks.
     *
     * @param fd fd number
     * @param want expected tgid (1..16)
     * @return true if the reference was taken
     */
    public boolean grabTgid(int fd, int want) {
        long old = getAndAdd(fd, REFC_TGID, REFC_ONE);
        if ((old & TGID_MASK) == want) {
            return true;
        }
        getAndAdd(fd, REFC_TGID, -REFC_ONE);
        return false;
    }

    /**
     * Takes a tgid reference whatever the group, if the fd is open (fd_take_tgid); any thread. The caller must
     * drop it when the result is non-zero.
     *
     * @param fd fd number
     * @return the tgid, or 0 (closed: no reference held)
     */
    public int takeTgid(int fd) {
        long old = getAndAdd(fd, REFC_TGID, REFC_ONE);
        int tg = (int) (old & TGID_MASK);
        if (tg != 0) {
            return tg;
        }
        getAndAdd(fd, REFC_TGID, -REFC_ONE);
        return 0;
    }

    /** Drops a reference taken by grab/take/claim (fd_drop_tgid); the holder's thread. @param fd fd number */
    public void dropTgid(int fd) {
        getAndAdd(fd, REFC_TGID, -REFC_ONE);
    }

    /**
     * Sets the tgid to 0 and keeps the refcount (fd_reset_tgid): every later grab/take fails; runs on the thread
     * that won the close (ORPH-3).
     *
     * @param fd fd number
     */
    public void resetTgid(int fd) {
        Masks.getAndModify(lines, (fd << LINE_SHIFT) | REFC_TGID, REFC_MASK, 0L);
    }

    /**
     * Waits until no tgid reader is left, then sets tgid = {@code tg} with one reference held by the caller
     * (fd_claim_tgid); runs on the inserting thread (INS-3). Spins while transient readers hold references.
     *
     * @param fd fd number
     * @param tg the new group, 1..16
     */
    public void claimTgid(int fd, int tg) {
        long desired = tg | REFC_ONE;
        long old = 0; // assume unused, the common case
        long spins = 0;
        while (true) {
            long witness = compareAndExchange(fd, REFC_TGID, old, desired);
            if (witness == old) {
                return;
            }
            // INS-3: retry from "same tgid, refcount 0": succeeds only once every reader has left.
            old = witness & TGID_MASK;
            spun(++spins, "claimTgid", fd);
        }
    }

    /**
     * Returns running_mask if the fd belongs to group {@code tg}, else 0 (fd_get_running); any thread.
     *
     * @param fd fd number
     * @param tg expected tgid
     * @return running_mask or 0
     */
    public long getRunning(int fd, int tg) {
        long mask = 0;
        if (grabTgid(fd, tg)) {
            mask = get(fd, RUNNING_MASK);
            dropTgid(fd);
        }
        return mask;
    }

    /**
     * Clears the calling thread's running bit and returns the previous mask (fd_clr_running, d6e198761); runs on
     * the loop thread {@code ctx}. {@code prev == ctx.ltidBit} means "I was the last runner" — not a unique
     * event on its own: a close also needs FD_MUST_CLOSE (cd8914bc5).
     *
     * @param fd fd number
     * @param ctx the calling thread
     * @return running_mask before the clear
     */
    public long clrRunning(int fd, ThreadContext ctx) {
        return getAndClear(fd, RUNNING_MASK, ctx.ltidBit);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Life cycle.

    /**
     * Registers a freshly opened fd (fd_insert, INS-1..7); runs on any loop thread of group {@code tgid}, or on
     * main before the loops start. The fd number must come from the kernel (its previous life, if any, fully
     * closed). Leaves polled_recv / polled_send / update_mask as they are (INS-6).
     *
     * @param fd fd number
     * @param owner the connection or listener, non-null
     * @param iocb the I/O callback, non-null
     * @param tgid the owning group
     * @param threadMask threads allowed to process it (ltid bits); reduced to the group's enabled threads
     * @param flags a subset of {@link FdState#INSERT_FLAGS} (e.g. FD_ET_POSSIBLE, FD_LINGER_RISK, FD_EXPORTED)
     */
    public void insert(int fd, Object owner, IoCallback iocb, int tgid, long threadMask, int flags) {
        // INS-1: new state, range.
        checkFd(fd);
        if (owner == null || iocb == null) {
            throw new IllegalArgumentException("insert fd " + fd + ": owner and iocb are required");
        }
        if ((flags & ~INSERT_FLAGS) != 0) {
            throw new IllegalArgumentException("insert fd " + fd + ": flags not allowed: "
                    + FdState.describe(flags & ~INSERT_FLAGS));
        }
        // INS-2: the previous life must be over; the mask must keep an enabled thread.
        if (!threads.isValidTgid(tgid)) {
            throw new IllegalArgumentException("insert fd " + fd + ": invalid tgid " + tgid);
        }
        long tmask = threadMask & threads.threadsEnabled(tgid);
        if (tmask == 0) {
            throw new IllegalArgumentException("insert fd " + fd + ": no enabled thread in 0x"
                    + Long.toHexString(threadMask) + " of group " + tgid);
        }
        if (owner(fd) != null || state(fd) != 0) {
            throw new IllegalStateException("insert on a live fd: " + describe(fd));
        }
        // INS-3: wait for transient readers to leave, take the tgid with one reference.
        claimTgid(fd, tgid);
        if (get(fd, RUNNING_MASK) != 0) {
            dropTgid(fd);
            throw new IllegalStateException("insert with running threads: " + describe(fd));
        }
        // INS-4: owner, iocb, state, then thread_mask last (it admits pollers, UPD-2). NOTE: release mode is
        // enough for the first three: nobody reads them before seeing the volatile thread_mask store below
        // (UPD-2 / UPD-4) or before the connection is published under a lock (TAKE-1), and no Dekker pair
        // involves them. The READY bits of INS-7 are stored here already so may_both finds them set.
        OBJECTS.setRelease(owners, fd, owner);
        OBJECTS.setRelease(iocbs, fd, iocb);
        setRelease(fd, STATE, flags | FD_EV_READY_RW);
        // NOTE: release too: this store only publishes the line (no Dekker pair: running_mask is 0 and we hold
        // the tgid reference); the full fence of INS-5's getAndAdd follows at once.
        setRelease(fd, THREAD_MASK, tmask);
        // INS-5
        dropTgid(fd);
        // INS-6: polled_* and update_mask deliberately untouched.
        // INS-7
        mayBoth(fd);
    }

    /**
     * Starts closing an fd (fd_delete, DEL-1..5); runs on a loop thread whose bit is in the fd's thread_mask
     * (typically from its iocb or a task of the connection), holding no tgid reference. The OS close happens
     * here if this thread is the last runner and wins FD_MUST_CLOSE, otherwise in the last runner's
     * {@link #updateEvents}. Deleting from a thread of another group is not supported yet (HAProxy 2.8 needs
     * thread isolation for it).
     *
     * @param fd fd number
     * @param ctx the calling loop thread
     */
    public void delete(int fd, ThreadContext ctx) {
        FdClose.delete(this, fd, ctx);
    }

    /**
     * Finishes closing an fd (_fd_delete_orphan, ORPH-1..8): tgid reset, wait for the readers, clear the update
     * list entry / update_mask / polled / state / owner, then the OS close last; runs on the single thread that
     * won FD_MUST_CLOSE (or that otherwise knows it alone closes the fd), holding no tgid reference (it would
     * wait for itself forever).
     *
     * @param fd fd number
     * @param ctx the calling loop thread (its local update list is trimmed, ORPH-6)
     */
    public void deleteOrphan(int fd, ThreadContext ctx) {
        FdClose.deleteOrphan(this, fd, ctx);
    }

    /**
     * Moves an idle fd to the calling thread (fd_takeover, TAKE-1..7); runs on a loop thread of the fd's group
     * while it holds the victim thread's idle-connections lock, on a connection found in the victim's idle tree
     * (so no delete can race it). Afterwards the caller re-subscribes (e.g. {@link #wantRecv}) so its poller
     * adds the fd; the victim's poller drops it at its next event for the fd.
     *
     * @param fd fd number
     * @param expectedOwner the connection the caller found; a mismatch means the number was reused
     * @param ctx the calling loop thread
     * @return true if the fd is now the caller's; false if someone is using it or it changed (try another)
     */
    public boolean takeover(int fd, Object expectedOwner, ThreadContext ctx) {
        long me = ctx.ltidBit;
        // TAKE-1: guards against a close and reinsert of the same number.
        if (owner(fd) != expectedOwner) {
            return false;
        }
        // TAKE-2
        if (!grabTgid(fd, ctx.tgid)) {
            return false;
        }
        // TAKE-3: running 0 -> me; fails if a poller (UPD-3) or a deleter (DEL-1) holds a bit.
        if (compareAndExchange(fd, RUNNING_MASK, 0L, me) != 0L) {
            dropTgid(fd);
            return false;
        }
        windows.widen(Window.TAKE_AFTER_CAS);
        // TAKE-4: from here the fd is ours; pairs with the sync loop of UPD-4.
        set(fd, THREAD_MASK, me);
        windows.widen(Window.TAKE_AFTER_THREAD_STORE);
        // TAKE-5: the new owner re-subscribes later, which produces its own local update.
        stopRecv(fd);
        // TAKE-6
        getAndClear(fd, RUNNING_MASK, me);
        // TAKE-7
        dropTgid(fd);
        return true;
    }

    /**
     * Processes one poller report for {@code fd} (fd_update_events, UPD-1..13); runs on the loop thread
     * {@code ctx} that got the event from its epoll. Calls the iocb on this thread when the fd is still ours and
     * active. May close the fd (if a delete left the close to us) and may queue a local update. An exception
     * thrown by the iocb is rethrown after UPD-11..13 ran: the running bit is cleared and the fd stays usable.
     *
     * @param fd fd number
     * @param events a set of {@link FdState#FD_EV_READY_R}, {@link FdState#FD_EV_READY_W},
     *     {@link FdState#FD_EV_SHUT_R}, {@link FdState#FD_EV_SHUT_W}, {@link FdState#FD_EV_ERR_RW}
     *     (from EPOLLIN, EPOLLOUT, EPOLLRDHUP, EPOLLHUP = SHUT_RW, EPOLLERR = ERR_RW)
     * @param ctx the calling loop thread
     * @return DONE, CLOSED or MIGRATED
     */
    public UpdateResult updateEvents(int fd, int events, ThreadContext ctx) {
        return FdEvents.updateEvents(this, fd, events, ctx);
    }


    // ---------------------------------------------------------------------------------------------------------
    // Event-state helpers (fd_want_* / fd_stop_* / fd_may_* / fd_cant_* / fd_cond_*): each reads the bit first
    // and does the RMW only when a change is needed.

    /**
     * Subscribes to reading (fd_want_recv); runs on a loop thread that owns the fd ({@code ctx}). Sets ACTIVE_R
     * and, if this changed it, schedules a polling update ({@link #updtFdPolling}).
     *
     * @param fd fd number
     * @param ctx the calling loop thread
     */
    public void wantRecv(int fd, ThreadContext ctx) {
        if ((state(fd) & FD_EV_ACTIVE_R) != 0 || (getAndOr(fd, STATE, FD_EV_ACTIVE_R) & FD_EV_ACTIVE_R) != 0) {
            return;
        }
        updtFdPolling(fd, ctx);
    }

    /**
     * Subscribes to writing (fd_want_send); runs on a loop thread that owns the fd ({@code ctx}).
     *
     * @param fd fd number
     * @param ctx the calling loop thread
     */
    public void wantSend(int fd, ThreadContext ctx) {
        if ((state(fd) & FD_EV_ACTIVE_W) != 0 || (getAndOr(fd, STATE, FD_EV_ACTIVE_W) & FD_EV_ACTIVE_W) != 0) {
            return;
        }
        updtFdPolling(fd, ctx);
    }

    /** Unsubscribes from reading (fd_stop_recv, no update: the poller stops lazily); any thread. @param fd fd */
    public void stopRecv(int fd) {
        if ((state(fd) & FD_EV_ACTIVE_R) != 0) {
            getAndClear(fd, STATE, FD_EV_ACTIVE_R);
        }
    }

    /** Unsubscribes from writing (fd_stop_send, no update); any thread. @param fd fd number */
    public void stopSend(int fd) {
        if ((state(fd) & FD_EV_ACTIVE_W) != 0) {
            getAndClear(fd, STATE, FD_EV_ACTIVE_W);
        }
    }

    /** Unsubscribes from both directions in one RMW (fd_stop_both); any thread. @param fd fd number */
    public void stopBoth(int fd) {
        if ((state(fd) & FD_EV_ACTIVE_RW) != 0) {
            getAndClear(fd, STATE, FD_EV_ACTIVE_RW);
        }
    }

    /** Marks reading as possible (fd_may_recv: sets READY_R); any thread. @param fd fd number */
    public void mayRecv(int fd) {
        if ((state(fd) & FD_EV_READY_R) == 0) {
            getAndOr(fd, STATE, FD_EV_READY_R);
        }
    }

    /** Marks writing as possible (fd_may_send: sets READY_W); any thread. @param fd fd number */
    public void maySend(int fd) {
        if ((state(fd) & FD_EV_READY_W) == 0) {
            getAndOr(fd, STATE, FD_EV_READY_W);
        }
    }

    /** Marks both directions possible (fd_may_both, INS-7); any thread. @param fd fd number */
    public void mayBoth(int fd) {
        if ((state(fd) & FD_EV_READY_RW) != FD_EV_READY_RW) {
            getAndOr(fd, STATE, FD_EV_READY_RW);
        }
    }

    /** Records EAGAIN on reading (fd_cant_recv: clears READY_R); owner loop thread. @param fd fd number */
    public void cantRecv(int fd) {
        if ((state(fd) & FD_EV_READY_R) != 0) {
            getAndClear(fd, STATE, FD_EV_READY_R);
        }
    }

    /** Records EAGAIN on writing (fd_cant_send: clears READY_W); owner loop thread. @param fd fd number */
    public void cantSend(int fd) {
        if ((state(fd) & FD_EV_READY_W) != 0) {
            getAndClear(fd, STATE, FD_EV_READY_W);
        }
    }

    /** Sets READY_R only if ACTIVE_R and READY_R are both clear (fd_cond_recv); any thread. @param fd fd */
    public void condRecv(int fd) {
        if ((state(fd) & (FD_EV_ACTIVE_R | FD_EV_READY_R)) == 0) {
            getAndOr(fd, STATE, FD_EV_READY_R);
        }
    }

    /** Sets READY_W only if ACTIVE_W and READY_W are both clear (fd_cond_send); any thread. @param fd fd */
    public void condSend(int fd) {
        if ((state(fd) & (FD_EV_ACTIVE_W | FD_EV_READY_W)) == 0) {
            getAndOr(fd, STATE, FD_EV_READY_W);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Polling updates (see FdUpdates for the steps).

    /**
     * Schedules a polling re-evaluation of {@code fd} (updt_fd_polling); runs on the loop thread {@code ctx}.
     * Local update (own update_mask bit + the thread's local list) when the fd is only this thread's, global
     * update (update_mask = thread_mask + the group's list + maybe a wake-up) otherwise.
     *
     * @param fd fd number
     * @param ctx the calling loop thread
     */
    public void updtFdPolling(int fd, ThreadContext ctx) {
        FdUpdates.updtFdPolling(this, fd, ctx);
    }

    /**
     * Clears the calling thread's update_mask bit for a global-list entry it consumed, and removes the entry
     * from the group's list when no enabled thread's bit remains (done_update_polling); runs on the loop thread
     * {@code ctx} while it holds a tgid reference on {@code fd}.
     *
     * @param fd fd number
     * @param ctx the calling loop thread
     */
    public void doneUpdatePolling(int fd, ThreadContext ctx) {
        FdUpdates.doneUpdatePolling(this, fd, ctx);
    }

    /**
     * Applies and empties the local update list (step 1 of {@code _do_poll}); runs on the loop thread
     * {@code ctx} before epoll_wait. For each fd: grab the tgid (else count a drop), clear this thread's
     * update_mask bit, call {@link PollerHooks#updateFd} if the fd has an owner (else count a drop), drop.
     *
     * @param ctx the calling loop thread
     * @return number of updateFd calls
     */
    public int drainLocalUpdates(ThreadContext ctx) {
        return FdUpdates.drainLocalUpdates(this, ctx);
    }

    /**
     * Walks the group's global update list (step 2 of {@code _do_poll}); runs on the loop thread {@code ctx}
     * before epoll_wait, after {@link #drainLocalUpdates}. For each listed fd whose update_mask holds this
     * thread's bit: {@link #doneUpdatePolling}, then {@link PollerHooks#updateFd} if it has an owner. Returns at
     * once when the list is empty.
     *
     * @param ctx the calling loop thread
     * @return number of updateFd calls
     */
    public int applyGlobalUpdates(ThreadContext ctx) {
        return FdUpdates.applyGlobalUpdates(this, ctx);
    }

    /**
     * Returns the global update list of a group (for custom walkers and tests); any thread.
     *
     * @param tgid 1..16
     * @return the list
     */
    public GroupUpdateList updateList(int tgid) {
        return updateLists[tgid - 1];
    }
}
