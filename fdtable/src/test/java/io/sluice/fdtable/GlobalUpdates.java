package io.sluice.fdtable;

import static io.sluice.fdtable.FdTable.UPDATE_MASK;

/**
 * (5) The group update list: two pollers consume a global update of a shared fd while a third thread
 * programs a new one. No update may be lost: whenever an enabled thread's bit is in update_mask the fd is in
 * the group list, and the pollers' next walks consume it. The walk and {@code done_update_polling} are
 * re-implemented here with the re-add step switchable, for the canary.
 */
final class GlobalUpdates {

    private GlobalUpdates() {
    }

    /** Body: one poller walk (production, or the skeleton with / without the re-add). */
    static final class Walk implements Runnable {
        private final FdTable t;
        private final ThreadContext ctx;
        private final int kind;

        Walk(FdTable t, ThreadContext ctx, int kind) {
            this.t = t;
            this.ctx = ctx;
            this.kind = kind;
        }

        @Override
        public void run() {
            walk(t, ctx, kind);
        }
    }

    /** Body: a new global update from a thread outside thread_mask. */
    static final class Program implements Runnable {
        private final FdTable t;
        private final ThreadContext ctx;

        Program(FdTable t, ThreadContext ctx) {
            this.t = t;
            this.ctx = ctx;
        }

        @Override
        public void run() {
            t.updtFdPolling(Scenarios.FD, ctx);
        }
    }

    static void walk(FdTable t, ThreadContext ctx, int kind) {
        if (kind == Variant.PRODUCTION) {
            t.applyGlobalUpdates(ctx);
            return;
        }
        GroupUpdateList list = t.updateList(ctx.tgid);
        for (int fd = list.next(0); fd >= 0; fd = list.next(fd + 1)) {
            if (!t.grabTgid(fd, ctx.tgid)) {
                continue;
            }
            if ((t.get(fd, UPDATE_MASK) & ctx.ltidBit) != 0) {
                done(t, fd, ctx, kind != Variant.NO_READD);
                t.hooks.updateFd(ctx, fd);
            }
            t.dropTgid(fd);
        }
    }

    private static void done(FdTable t, int fd, ThreadContext ctx, boolean reAdd) {
        long enabled = t.threads.threadsEnabled(ctx.tgid);
        GroupUpdateList list = t.updateList(ctx.tgid);
        long umask = t.getAndClear(fd, UPDATE_MASK, ctx.ltidBit) & ~ctx.ltidBit;
        while ((umask & enabled) == 0) {
            list.remove(fd);
            if (!reAdd) {
                return;
            }
            umask = t.get(fd, UPDATE_MASK);
            if ((umask & enabled) == 0) {
                break;
            }
            list.add(fd);
            umask = t.get(fd, UPDATE_MASK);
        }
    }

    /** The harness: A and B consume, C programs again; then the invariant and a final pair of walks. */
    static void consumeWhileProgrammed(int kind, long spinLimit, RaceWindows w) {
        Fixture f = new Fixture(3, 4, spinLimit, w);
        FdTable t = f.table;
        ThreadContext a = f.ctx[0];
        ThreadContext b = f.ctx[1];
        ThreadContext c = f.ctx[2];
        int fd = Scenarios.FD;
        Scenarios.IdleConn io = new Scenarios.IdleConn(f, new Variant(kind), false, false);
        t.insert(fd, io, io, 1, a.ltidBit | b.ltidBit, 0);
        t.getAndOr(fd, FdTable.STATE, FdState.FD_EV_ACTIVE_R);
        t.updtFdPolling(fd, c);
        f.run(new Walk(t, a, kind), new Walk(t, b, kind), new Program(t, c));
        if (t.updateMask(fd) != 0 && !t.updateList(1).contains(fd)) {
            throw new AssertionError("update lost: update_mask set but the fd is not listed: " + t.describe(fd));
        }
        walk(t, a, kind);
        walk(t, b, kind);
        if (t.updateMask(fd) != 0 || t.updateList(1).contains(fd)) {
            throw new AssertionError("global update not consumed by the next walks: " + t.describe(fd));
        }
    }
}
