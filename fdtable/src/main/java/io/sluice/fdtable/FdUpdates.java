package io.sluice.fdtable;

import static io.sluice.fdtable.FdState.FD_EV_ACTIVE_RW;
import static io.sluice.fdtable.FdTable.THREAD_MASK;
import static io.sluice.fdtable.FdTable.UPDATE_MASK;

/**
 * updt_fd_polling, done_update_polling and the two update walks of {@code _do_poll}; public entry points are on
 * {@link FdTable}. Runs on the calling loop thread; no state of its own.
 */
final class FdUpdates {

    private FdUpdates() {
    }

    /** See {@link FdTable#updtFdPolling}. */
    static void updtFdPolling(FdTable t, int fd, ThreadContext ctx) {
        int tg = t.takeTgid(fd);
        if (tg == 0) {
            return; // closed: may happen
        }
        if (tg != ctx.tgid) {
            // An update for another group (e.g. a listener resumed from elsewhere): broadcast it to that group.
            long enabled = t.threads.threadsEnabled(tg);
            long cur = t.get(fd, UPDATE_MASK);
            while (true) {
                long witness = t.compareAndExchange(fd, UPDATE_MASK, cur, enabled);
                if (witness == cur) {
                    break;
                }
                cur = witness;
            }
            t.updateLists[tg - 1].add(fd);
            long candidates = t.get(fd, THREAD_MASK) & enabled;
            if (candidates != 0) {
                t.hooks.wakeThread(t.threads.base(tg) + ctx.randomBit(candidates));
            }
            t.dropTgid(fd);
            return;
        }
        // NOTE: the reference is dropped before the mask work, as in HAProxy: the caller owns the fd, so nobody
        // but itself can close it meanwhile.
        t.dropTgid(fd);
        long me = ctx.ltidBit;
        long enabled = t.threads.threadsEnabled(ctx.tgid);
        long tmask = t.get(fd, THREAD_MASK);
        if (enabled == 1L || (tmask & enabled) == me) {
            // local update: the update_mask bit de-duplicates the local list
            if ((t.getAndOr(fd, UPDATE_MASK, me) & me) != 0) {
                return;
            }
            ctx.appendLocalUpdate(fd);
            return;
        }
        // global update: update_mask = thread_mask, unless it already is
        long cur = t.get(fd, UPDATE_MASK);
        while (true) {
            tmask = t.get(fd, THREAD_MASK);
            if (cur == tmask) {
                return;
            }
            long witness = t.compareAndExchange(fd, UPDATE_MASK, cur, tmask);
            if (witness == cur) {
                break;
            }
            cur = witness;
        }
        t.updateLists[ctx.tgid - 1].add(fd);
        tmask = t.get(fd, THREAD_MASK);
        if ((t.state(fd) & FD_EV_ACTIVE_RW) != 0 && (tmask & me) == 0) {
            long candidates = tmask & enabled;
            if (candidates != 0) {
                t.hooks.wakeThread(t.threads.base(ctx.tgid) + ctx.randomBit(candidates));
            }
        }
    }

    /** See {@link FdTable#doneUpdatePolling}. */
    static void doneUpdatePolling(FdTable t, int fd, ThreadContext ctx) {
        long enabled = t.threads.threadsEnabled(ctx.tgid);
        GroupUpdateList list = t.updateLists[ctx.tgid - 1];
        long umask = t.getAndClear(fd, UPDATE_MASK, ctx.ltidBit) & ~ctx.ltidBit;
        while ((umask & enabled) == 0) {
            // we were the last one that had to update this entry: unlist it
            list.remove(fd);
            umask = t.get(fd, UPDATE_MASK);
            if ((umask & enabled) == 0) {
                break;
            }
            // re-updated meanwhile and wrongly removed: re-add, then check again
            list.add(fd);
            umask = t.get(fd, UPDATE_MASK);
        }
    }

    /** See {@link FdTable#drainLocalUpdates}. */
    static int drainLocalUpdates(FdTable t, ThreadContext ctx) {
        int applied = 0;
        for (int i = 0; i < ctx.localUpdateCount(); i++) {
            int fd = ctx.localUpdateAt(i);
            if (!t.grabTgid(fd, ctx.tgid)) {
                ctx.pollDropFd++;
                continue;
            }
            t.getAndClear(fd, UPDATE_MASK, ctx.ltidBit);
            if (t.owner(fd) != null) {
                t.hooks.updateFd(ctx, fd);
                applied++;
            } else {
                ctx.pollDropFd++;
            }
            t.dropTgid(fd);
        }
        ctx.clearLocalUpdates();
        return applied;
    }

    /** See {@link FdTable#applyGlobalUpdates}. */
    static int applyGlobalUpdates(FdTable t, ThreadContext ctx) {
        GroupUpdateList list = t.updateLists[ctx.tgid - 1];
        if (list.size() == 0) {
            return 0;
        }
        int applied = 0;
        for (int fd = list.next(0); fd >= 0; fd = list.next(fd + 1)) {
            if (!t.grabTgid(fd, ctx.tgid)) {
                continue;
            }
            if ((t.get(fd, UPDATE_MASK) & ctx.ltidBit) == 0) {
                t.dropTgid(fd);
                continue;
            }
            doneUpdatePolling(t, fd, ctx);
            if (t.owner(fd) != null) {
                t.hooks.updateFd(ctx, fd);
                applied++;
            }
            t.dropTgid(fd);
        }
        return applied;
    }
}
