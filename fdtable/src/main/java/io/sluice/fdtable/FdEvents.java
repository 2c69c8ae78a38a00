package io.sluice.fdtable;

import static io.sluice.fdtable.FdState.FD_EV_ACTIVE_R;
import static io.sluice.fdtable.FdState.FD_EV_ACTIVE_RW;
import static io.sluice.fdtable.FdState.FD_EV_ACTIVE_W;
import static io.sluice.fdtable.FdState.FD_EV_ERR_RW;
import static io.sluice.fdtable.FdState.FD_EV_READY_R;
import static io.sluice.fdtable.FdState.FD_EV_READY_W;
import static io.sluice.fdtable.FdState.FD_EV_SHUT_R;
import static io.sluice.fdtable.FdState.FD_EV_SHUT_W;
import static io.sluice.fdtable.FdState.FD_MUST_CLOSE;
import static io.sluice.fdtable.FdState.FD_POLL_ERR;
import static io.sluice.fdtable.FdState.FD_POLL_HUP;
import static io.sluice.fdtable.FdState.FD_POLL_IN;
import static io.sluice.fdtable.FdState.FD_POLL_OUT;
import static io.sluice.fdtable.FdState.FD_POLL_UPDT_MASK;
import static io.sluice.fdtable.FdTable.RUNNING_MASK;
import static io.sluice.fdtable.FdTable.STATE;
import static io.sluice.fdtable.FdTable.THREAD_MASK;
import static io.sluice.fdtable.FdTable.UPDATE_MASK;

import io.sluice.fdtable.RaceWindows.Window;

/**
 * fd_update_events of HAProxy 2.8-dev8 (UPD-1..13 with cd8914bc5 and f98a8c317); the public entry point is
 * {@link FdTable#updateEvents}. Runs on the loop thread that received the event; no state of its own.
 */
final class FdEvents {

    private FdEvents() {
    }

    /** UPD-1..13; see {@link FdTable#updateEvents}. */
    static UpdateResult updateEvents(FdTable t, int fd, int evts, ThreadContext ctx) {
        long me = ctx.ltidBit;
        // UPD-1: closed or moved to another group: nothing of ours is left in it.
        if (!t.grabTgid(fd, ctx.tgid)) {
            ctx.pollDropFd++;
            return UpdateResult.CLOSED;
        }
        // UPD-2: "thread welcome" pre-check, without touching running (INS-3 would see a stray bit).
        long tmask = t.get(fd, THREAD_MASK);
        if ((tmask & me) == 0) {
            return doUpdate(t, fd, ctx);
        }
        // UPD-3: announce ourselves; from now on TAKE-3 fails and DEL-5 leaves the close to a runner.
        t.getAndOr(fd, RUNNING_MASK, me);
        t.windows.widen(Window.UPD_AFTER_RUNNING_SET);
        // UPD-4: sync loop. A running bit outside thread_mask is a transition in progress (TAKE-3..4, DEL-1..3):
        // wait for it to settle, unless our own bit left thread_mask (f98a8c317: two runners would otherwise
        // wait for each other forever after a delete).
        long rmask;
        long spins = 0;
        while (true) {
            rmask = t.get(fd, RUNNING_MASK) & ~me;
            tmask = t.get(fd, THREAD_MASK);
            if ((rmask & ~tmask) == 0 || (tmask & me) == 0) {
                break;
            }
            t.spun(++spins, "updateEvents sync loop", fd);
        }
        t.windows.widen(Window.UPD_AFTER_SYNC);
        // UPD-5: lost the race (taken over) or being deleted.
        if ((tmask & me) == 0) {
            ctx.pollSkipFd++;
            long prev = t.clrRunning(fd, ctx);
            t.windows.widen(Window.UPD_AFTER_CLR_RUNNING);
            if (prev == me) {
                return closedOrMigrated(t, fd, ctx);
            }
            return doUpdate(t, fd, ctx);
        }
        // UPD-6: holding running protects us now; keep no reference across the iocb (it may close the fd and
        // ORPH-4 would wait for us).
        t.dropTgid(fd);
        boolean locked = tmask != me;
        // UPD-7: poll flags from the report.
        int old = t.state(fd);
        int newFlags = ((evts & FD_EV_READY_R) != 0 ? FD_POLL_IN : 0)
                | ((evts & FD_EV_READY_W) != 0 ? FD_POLL_OUT : 0)
                | ((evts & FD_EV_SHUT_R) != 0 ? FD_POLL_HUP : 0)
                | ((evts & FD_EV_ERR_RW) != 0 ? FD_POLL_ERR : 0);
        if ((old & FD_EV_ACTIVE_W) != 0 && (evts & FD_EV_SHUT_W) != 0) {
            newFlags |= FD_POLL_ERR;
        }
        // UPD-8: directions reported while inactive: the poller must stop polling them.
        int mustStop = 0;
        if ((old & FD_EV_ACTIVE_RW) == 0) {
            mustStop = FD_POLL_IN | FD_POLL_OUT;
        } else if ((old & FD_EV_ACTIVE_R) == 0 && (evts & (FD_EV_READY_R | FD_EV_SHUT_R | FD_EV_ERR_RW)) != 0) {
            mustStop = FD_POLL_IN;
        } else if ((old & FD_EV_ACTIVE_W) == 0 && (evts & (FD_EV_READY_W | FD_EV_SHUT_W | FD_EV_ERR_RW)) != 0) {
            mustStop = FD_POLL_OUT;
        }
        // UPD-9: install READY bits and the refreshed FD_POLL_* bits.
        if ((newFlags & (FD_POLL_IN | FD_POLL_HUP | FD_POLL_ERR)) != 0) {
            newFlags |= FD_EV_READY_R;
        }
        if ((newFlags & (FD_POLL_OUT | FD_POLL_ERR)) != 0) {
            newFlags |= FD_EV_READY_W;
        }
        installState(t, fd, old, newFlags, locked);
        // UPD-10: an exception from the iocb is held until UPD-11..13 have run: escaping from here would leave
        // our running bit set (no takeover, no close of this fd ever again) and the rest of the batch unread.
        IoCallback cb = t.iocb(fd);
        if (cb != null && (t.state(fd) & FD_EV_ACTIVE_RW) != 0) {
            t.windows.widen(Window.UPD_BEFORE_IOCB);
            try {
                cb.onIo(fd, ctx);
            } catch (RuntimeException | Error failure) {
                afterIocb(t, fd, ctx, mustStop);
                throw failure;
            }
        }
        return afterIocb(t, fd, ctx, mustStop);
    }

    /** UPD-11..13: the caller ran (or skipped) the iocb and still holds its running bit, no reference. */
    private static UpdateResult afterIocb(FdTable t, int fd, ThreadContext ctx, int mustStop) {
        long me = ctx.ltidBit;
        // UPD-11: the iocb may have closed the fd and the number may be gone or reassigned.
        if (!t.grabTgid(fd, ctx.tgid)) {
            return UpdateResult.CLOSED;
        }
        // UPD-12: deleted or taken over while we were in the iocb, and we are the last runner. thread_mask is
        // loaded before the clear (HAProxy's order): seeing our bit gone *before* the clear that made us last
        // proves nobody can still be inside the iocb stage, so closing is safe.
        long tmask = t.get(fd, THREAD_MASK);
        long prev = t.clrRunning(fd, ctx);
        t.windows.widen(Window.UPD_AFTER_CLR_RUNNING);
        if (prev == me) {
            if ((tmask & me) == 0) {
                return closedOrMigrated(t, fd, ctx);
            }
            // UPD-12a (Sluice addition): a delete of this shared fd by another thread may have landed between
            // our load and our clear; its DEL-4 then saw us running and left the close to us, which HAProxy
            // 2.8 loses (found by FdProtocolModelTest). If thread_mask lost our bit meanwhile, re-enter as the
            // only runner (CAS 0 -> me; stable: we hold a tgid reference) and decide as UPD-5 does. If the CAS
            // fails, whoever runs now saw thread_mask without its bit and decides the same way.
            if ((t.get(fd, THREAD_MASK) & me) == 0) {
                if (t.compareAndExchange(fd, RUNNING_MASK, 0L, me) != 0L) {
                    return doUpdate(t, fd, ctx);
                }
                prev = t.clrRunning(fd, ctx);
                return prev == me ? closedOrMigrated(t, fd, ctx) : doUpdate(t, fd, ctx);
            }
        }
        // UPD-13: a direction we had to stop is still inactive after the iocb: program an update.
        if (mustStop != 0 && (t.get(fd, UPDATE_MASK) & me) == 0) {
            int st = t.state(fd);
            if (((mustStop & FD_POLL_IN) != 0 && (st & FD_EV_ACTIVE_R) == 0)
                    || ((mustStop & FD_POLL_OUT) != 0 && (st & FD_EV_ACTIVE_W) == 0)) {
                if ((t.getAndOr(fd, UPDATE_MASK, me) & me) == 0) {
                    ctx.appendLocalUpdate(fd);
                }
            }
        }
        t.dropTgid(fd);
        return UpdateResult.DONE;
    }

    /**
     * UPD-9 state install. Shared fd (locked): CAS loop. Single-owner fd: a plain (release) store is enough, as
     * in HAProxy. NOTE: benign because with thread_mask == our bit and our running bit held, no other thread
     * modifies this fd's state: TAKE-5 cannot run (TAKE-3 fails), DEL-2 runs only on a thread of thread_mask
     * (us, not now), and cross-thread want/stop calls are forbidden by design (work is posted to the owner).
     */
    private static void installState(FdTable t, int fd, int old, int newFlags, boolean locked) {
        int cur = old;
        int nw = (cur & ~FD_POLL_UPDT_MASK) | newFlags;
        if (nw == cur) {
            return;
        }
        if (!locked) {
            t.setRelease(fd, STATE, nw); // no Dekker pair on state here; the iocb's own RMWs fence it
            return;
        }
        while (true) {
            long witness = t.compareAndExchange(fd, STATE, cur, nw);
            if (witness == cur) {
                return;
            }
            cur = (int) witness;
            nw = (cur & ~FD_POLL_UPDT_MASK) | newFlags;
        }
    }

    /** closed_or_migrated: the caller holds a tgid reference and was the last runner without a thread bit. */
    private static UpdateResult closedOrMigrated(FdTable t, int fd, ThreadContext ctx) {
        if ((t.getAndClear(fd, STATE, FD_MUST_CLOSE) & FD_MUST_CLOSE) != 0) {
            t.dropTgid(fd);
            t.deleteOrphan(fd, ctx);
            return UpdateResult.CLOSED;
        }
        // migrated, or someone else already won the close
        return doUpdate(t, fd, ctx);
    }

    /** do_update: the caller holds a tgid reference; make our poller re-evaluate (and normally drop) the fd. */
    private static UpdateResult doUpdate(FdTable t, int fd, ThreadContext ctx) {
        long me = ctx.ltidBit;
        if ((t.getAndOr(fd, UPDATE_MASK, me) & me) == 0) {
            ctx.appendLocalUpdate(fd);
        }
        t.dropTgid(fd);
        return UpdateResult.MIGRATED;
    }
}
