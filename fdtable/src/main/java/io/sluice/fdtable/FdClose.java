package io.sluice.fdtable;

import static io.sluice.fdtable.FdState.FD_CLONED;
import static io.sluice.fdtable.FdState.FD_DISOWN;
import static io.sluice.fdtable.FdState.FD_LINGER_RISK;
import static io.sluice.fdtable.FdState.FD_MUST_CLOSE;
import static io.sluice.fdtable.FdTable.GENERATION;
import static io.sluice.fdtable.FdTable.POLLED_RECV;
import static io.sluice.fdtable.FdTable.POLLED_SEND;
import static io.sluice.fdtable.FdTable.REFC_TGID;
import static io.sluice.fdtable.FdTable.RUNNING_MASK;
import static io.sluice.fdtable.FdTable.STATE;
import static io.sluice.fdtable.FdTable.THREAD_MASK;
import static io.sluice.fdtable.FdTable.UPDATE_MASK;

import io.sluice.fdtable.RaceWindows.Window;

/**
 * fd_delete (DEL-1..5) and _fd_delete_orphan (ORPH-1..8) of HAProxy 2.8-dev8 (cd8914bc5 + 237e6a0d6); the
 * public entry points are {@link FdTable#delete} and {@link FdTable#deleteOrphan}. Runs on the calling loop
 * thread; no state of its own.
 */
final class FdClose {

    private FdClose() {
    }

    /** DEL-1..5; see {@link FdTable#delete}. */
    static void delete(FdTable t, int fd, ThreadContext ctx) {
        t.checkFd(fd);
        long me = ctx.ltidBit;
        int tg = t.tgid(fd);
        if (tg != ctx.tgid) {
            if (tg == 0) {
                throw new IllegalStateException("delete of a closed fd: " + t.describe(fd));
            }
            throw new IllegalStateException("delete from a thread of another group is not supported yet (tid "
                    + ctx.tid + " of group " + ctx.tgid + "): " + t.describe(fd));
        }
        // DEL-1: mark us as a user: no takeover can start (TAKE-3 needs running == 0).
        t.getAndOr(fd, RUNNING_MASK, me);
        t.windows.widen(Window.DEL_AFTER_RUNNING_SET);
        // DEL-2: the one-shot close token, set before thread_mask is cleared so that any poller that sees
        // thread_mask without its bit (UPD-4/UPD-12) also sees the token.
        t.getAndOr(fd, STATE, FD_MUST_CLOSE);
        // DEL-3: no new poller accepts the fd from now on (UPD-2 pre-check); pairs with UPD-4 and UPD-12.
        t.set(fd, THREAD_MASK, 0L);
        t.windows.widen(Window.DEL_AFTER_THREAD_CLEAR);
        // DEL-4
        long prev = t.clrRunning(fd, ctx);
        t.windows.widen(Window.DEL_AFTER_CLR_RUNNING);
        // DEL-5: last runner AND winner of the token; otherwise the last runner in updateEvents closes.
        if (prev == me && (t.getAndClear(fd, STATE, FD_MUST_CLOSE) & FD_MUST_CLOSE) != 0) {
            deleteOrphan(t, fd, ctx);
        }
    }

    /** ORPH-1..8; see {@link FdTable#deleteOrphan}. */
    static void deleteOrphan(FdTable t, int fd, ThreadContext ctx) {
        // ORPH-1: remember what the close needs before the state is wiped.
        int tgrp = t.tgid(fd);
        int st = t.state(fd);
        boolean disown = (st & FD_DISOWN) != 0;
        boolean linger = (st & FD_LINGER_RISK) != 0;
        // ORPH-2: a cloned fd must be removed from every epoll that polls it (close() alone would not).
        if ((st & FD_CLONED) != 0) {
            t.hooks.clo(fd, tgrp, t.get(fd, POLLED_RECV) | t.get(fd, POLLED_SEND));
        }
        // ORPH-3 (237e6a0d6): tgid = 0 first: every new grab/take fails from now on.
        t.resetTgid(fd);
        t.windows.widen(Window.ORPH_AFTER_RESET);
        // ORPH-4: wait for the watchers that grabbed before ORPH-3 (UPD-1..UPD-5 / do_update, updtFdPolling,
        // takeover, the pollers' update walks) so their update_mask writes land before ORPH-6 wipes them.
        long spins = 0;
        while (t.get(fd, REFC_TGID) != 0) {
            t.spun(++spins, "deleteOrphan drain", fd);
        }
        t.windows.widen(Window.ORPH_AFTER_DRAIN);
        // ORPH-5
        if (tgrp >= 1 && tgrp <= t.updateLists.length) {
            t.updateLists[tgrp - 1].remove(fd);
        }
        // ORPH-6. NOTE: release-mode stores for ORPH-6..8: after ORPH-4 no other thread can write these words
        // (every writer needs a tgid reference, and grabs fail since ORPH-3) nor read them for a decision
        // (TAKE-1 reads owner under the idle lock, then fails its grab); the next life sees them through the
        // OS close, the kernel's reuse of the number and the claim CAS of INS-3.
        t.setRelease(fd, UPDATE_MASK, 0L);
        ctx.trimLocalUpdate(fd);
        // ORPH-7: running_mask is already 0 (every runner left before the token was won).
        t.setRelease(fd, POLLED_RECV, 0L);
        t.setRelease(fd, POLLED_SEND, 0L);
        t.setRelease(fd, STATE, 0L);
        t.setOwnerRelease(fd, null);
        t.windows.widen(Window.ORPH_BEFORE_CLOSE);
        // ORPH-8: the OS close last: once it returns the kernel may reuse the number.
        if (!disown) {
            t.setRelease(fd, GENERATION, t.get(fd, GENERATION) + 1); // single writer: the closer
            t.osClose.close(fd, linger);
        }
    }
}
