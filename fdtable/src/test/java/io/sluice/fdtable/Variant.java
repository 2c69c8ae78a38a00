package io.sluice.fdtable;

import static io.sluice.fdtable.FdState.FD_EV_ACTIVE_RW;
import static io.sluice.fdtable.FdState.FD_LINGER_RISK;
import static io.sluice.fdtable.FdState.FD_MUST_CLOSE;
import static io.sluice.fdtable.FdState.REFC_ONE;
import static io.sluice.fdtable.FdState.TGID_MASK;
import static io.sluice.fdtable.FdTable.GENERATION;
import static io.sluice.fdtable.FdTable.POLLED_RECV;
import static io.sluice.fdtable.FdTable.POLLED_SEND;
import static io.sluice.fdtable.FdTable.REFC_TGID;
import static io.sluice.fdtable.FdTable.RUNNING_MASK;
import static io.sluice.fdtable.FdTable.STATE;
import static io.sluice.fdtable.FdTable.THREAD_MASK;
import static io.sluice.fdtable.FdTable.UPDATE_MASK;

/**
 * The protocols under test, as seen by the harnesses: either the production code ({@link #PRODUCTION}) or a
 * skeleton of the same protocols written here with each seed fix switchable, so that the pre-fix orders can
 * be kept as canaries. The skeleton with every fix on ({@link #SKELETON_FIXED}) must pass the same harnesses
 * as production: that proves the canaries fail for the removed fix, not for a difference of shape.
 *
 * <p>Skeleton steps carry the production step IDs. Only the protocol-relevant parts are kept (no FD_POLL_*
 * bookkeeping, no must_stop).
 */
class Variant {

    /** The real code. */
    static final int PRODUCTION = 0;
    /** Skeleton, every fix present. */
    static final int SKELETON_FIXED = 1;
    /** Skeleton before cd8914bc5: snapshot + CAS on running (ABA), "last runner" closes without a token. */
    static final int PRE_CD8914BC5 = 2;
    /** Skeleton before 237e6a0d6: the orphan close clears the masks before the tgid reset, without a drain. */
    static final int PRE_237E6A0D6 = 3;
    /** Skeleton with cd8914bc5 but without f98a8c317: the sync loop waits even when our bit left. */
    static final int NO_F98A8C317 = 4;
    /** Skeleton whose claim does not wait for the refcount to drain (overwrites it). */
    static final int CLAIM_NO_WAIT = 5;
    /** Skeleton with HAProxy 2.8's UPD-12 as is (no UPD-12a): a delete between load and clear loses the close. */
    static final int HAPROXY_UPD12 = 6;
    /** done_update_polling without the re-add of an entry re-programmed while it was being removed. */
    static final int NO_READD = 7;

    final int kind;

    Variant(int kind) {
        this.kind = kind;
    }

    static String name(int kind) {
        switch (kind) {
            case PRODUCTION: return "production";
            case SKELETON_FIXED: return "skeleton-fixed";
            case PRE_CD8914BC5: return "pre-cd8914bc5";
            case PRE_237E6A0D6: return "pre-237e6a0d6";
            case NO_F98A8C317: return "no-f98a8c317";
            case HAPROXY_UPD12: return "haproxy-upd12";
            case NO_READD: return "no-readd";
            default: return "claim-no-wait";
        }
    }

    UpdateResult updateEvents(FdTable t, int fd, int evts, ThreadContext ctx) {
        if (kind == PRODUCTION) {
            return t.updateEvents(fd, evts, ctx);
        }
        if (kind == PRE_CD8914BC5) {
            return oldUpdateEvents(t, fd, ctx);
        }
        long me = ctx.ltidBit;
        // UPD-1
        if (!t.grabTgid(fd, ctx.tgid)) {
            return UpdateResult.CLOSED;
        }
        // UPD-2
        long tmask = t.get(fd, THREAD_MASK);
        if ((tmask & me) == 0) {
            return doUpdate(t, fd, ctx);
        }
        // UPD-3
        t.getAndOr(fd, RUNNING_MASK, me);
        // UPD-4
        long spins = 0;
        while (true) {
            long rmask = t.get(fd, RUNNING_MASK) & ~me;
            tmask = t.get(fd, THREAD_MASK);
            boolean exit = kind == NO_F98A8C317 ? (rmask & ~tmask) == 0
                    : (rmask & ~tmask) == 0 || (tmask & me) == 0;
            if (exit) {
                break;
            }
            t.spun(++spins, "skeleton sync loop", fd);
        }
        // UPD-5
        if ((tmask & me) == 0) {
            long prev = t.clrRunning(fd, ctx);
            return prev == me ? closedOrMigrated(t, fd, ctx) : doUpdate(t, fd, ctx);
        }
        // UPD-6
        t.dropTgid(fd);
        // UPD-10
        IoCallback cb = t.iocb(fd);
        if (cb != null && (t.state(fd) & FD_EV_ACTIVE_RW) != 0) {
            cb.onIo(fd, ctx);
        }
        // UPD-11
        if (!t.grabTgid(fd, ctx.tgid)) {
            return UpdateResult.CLOSED;
        }
        // UPD-12
        tmask = t.get(fd, THREAD_MASK);
        long prev = t.clrRunning(fd, ctx);
        if (prev == me) {
            if ((tmask & me) == 0) {
                return closedOrMigrated(t, fd, ctx);
            }
            // UPD-12a: HAProxy 2.8 stops here (the HAPROXY_UPD12 canary)
            if (kind != HAPROXY_UPD12 && (t.get(fd, THREAD_MASK) & me) == 0) {
                if (t.compareAndExchange(fd, RUNNING_MASK, 0L, me) != 0L) {
                    return doUpdate(t, fd, ctx);
                }
                prev = t.clrRunning(fd, ctx);
                return prev == me ? closedOrMigrated(t, fd, ctx) : doUpdate(t, fd, ctx);
            }
        }
        t.dropTgid(fd);
        return UpdateResult.DONE;
    }

    /** The f69fea64e..cd8914bc5 poller: validated snapshot then CAS r → r|me; close if last with thread 0. */
    private UpdateResult oldUpdateEvents(FdTable t, int fd, ThreadContext ctx) {
        long me = ctx.ltidBit;
        if (!t.grabTgid(fd, ctx.tgid)) {
            return UpdateResult.CLOSED;
        }
        while (true) {
            long r = t.get(fd, RUNNING_MASK);
            long tm = t.get(fd, THREAD_MASK);
            if ((tm & me) == 0) {
                return doUpdate(t, fd, ctx);
            }
            if (t.compareAndExchange(fd, RUNNING_MASK, r, r | me) == r) {
                break;
            }
        }
        t.dropTgid(fd);
        IoCallback cb = t.iocb(fd);
        if (cb != null && (t.state(fd) & FD_EV_ACTIVE_RW) != 0) {
            cb.onIo(fd, ctx);
        }
        // epilogue: "if (clr_running == me && thread_mask == 0) close"
        if (t.clrRunning(fd, ctx) == me && t.get(fd, THREAD_MASK) == 0) {
            orphan(t, fd, ctx);
            return UpdateResult.CLOSED;
        }
        return UpdateResult.DONE;
    }

    private UpdateResult closedOrMigrated(FdTable t, int fd, ThreadContext ctx) {
        if ((t.getAndClear(fd, STATE, FD_MUST_CLOSE) & FD_MUST_CLOSE) != 0) {
            t.dropTgid(fd);
            orphan(t, fd, ctx);
            return UpdateResult.CLOSED;
        }
        return doUpdate(t, fd, ctx);
    }

    private static UpdateResult doUpdate(FdTable t, int fd, ThreadContext ctx) {
        long me = ctx.ltidBit;
        if ((t.getAndOr(fd, UPDATE_MASK, me) & me) == 0) {
            ctx.appendLocalUpdate(fd);
        }
        t.dropTgid(fd);
        return UpdateResult.MIGRATED;
    }

    void delete(FdTable t, int fd, ThreadContext ctx) {
        if (kind == PRODUCTION) {
            t.delete(fd, ctx);
            return;
        }
        long me = ctx.ltidBit;
        boolean token = kind != PRE_CD8914BC5;
        t.getAndOr(fd, RUNNING_MASK, me); // DEL-1
        if (token) {
            t.getAndOr(fd, STATE, FD_MUST_CLOSE); // DEL-2
        }
        t.set(fd, THREAD_MASK, 0L); // DEL-3
        long prev = t.clrRunning(fd, ctx); // DEL-4
        if (prev == me && (!token || (t.getAndClear(fd, STATE, FD_MUST_CLOSE) & FD_MUST_CLOSE) != 0)) {
            orphan(t, fd, ctx); // DEL-5
        }
    }

    boolean takeover(FdTable t, int fd, Object expected, ThreadContext ctx) {
        return t.takeover(fd, expected, ctx); // unchanged by the three fixes
    }

    void orphan(FdTable t, int fd, ThreadContext ctx) {
        if (kind == PRODUCTION || kind != PRE_237E6A0D6) {
            t.deleteOrphan(fd, ctx);
            return;
        }
        // pre-237e6a0d6 order: clo, unlist, update_mask = 0, trim, polled = 0, state = 0, reset tgid, owner, close
        int tgrp = t.tgid(fd);
        boolean linger = (t.state(fd) & FD_LINGER_RISK) != 0;
        t.updateList(tgrp).remove(fd);
        t.set(fd, UPDATE_MASK, 0L);
        ctx.trimLocalUpdate(fd);
        t.set(fd, POLLED_RECV, 0L);
        t.set(fd, POLLED_SEND, 0L);
        t.set(fd, STATE, 0L);
        t.resetTgid(fd);
        t.setOwner(fd, null);
        t.getAndAdd(fd, GENERATION, 1L);
        t.osClose.close(fd, linger);
    }

    void claimTgid(FdTable t, int fd, int tg) {
        if (kind != CLAIM_NO_WAIT) {
            t.claimTgid(fd, tg);
            return;
        }
        // broken: waits for tgid 0 only and installs "tg, refcount 1", losing any transient reader's count
        long spins = 0;
        while (true) {
            long old = t.get(fd, REFC_TGID);
            if ((old & TGID_MASK) == 0 && t.compareAndExchange(fd, REFC_TGID, old, tg | REFC_ONE) == old) {
                return;
            }
            t.spun(++spins, "broken claim", fd);
        }
    }

    /** insert with a switchable claim (INS-1..7 otherwise as production). */
    void insert(FdTable t, int fd, Object owner, IoCallback iocb, int tg, long tmask) {
        if (kind != CLAIM_NO_WAIT) {
            t.insert(fd, owner, iocb, tg, tmask, 0);
            return;
        }
        claimTgid(t, fd, tg);
        t.setOwner(fd, owner);
        t.set(fd, STATE, 0L);
        t.set(fd, THREAD_MASK, tmask);
        t.dropTgid(fd);
        t.mayBoth(fd);
    }
}
