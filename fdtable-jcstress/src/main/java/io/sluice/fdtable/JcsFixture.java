package io.sluice.fdtable;

import java.util.concurrent.atomic.AtomicInteger;

/** Per-sample table with counting hooks for the jcstress tests; fd 1 is the one under test. */
final class JcsFixture implements PollerHooks, OsClose, IoCallback {

    static final int FD = 1;

    final ThreadSet threads = ThreadSet.of(3, 1);
    final FdTable table = new FdTable(4, threads, this, this, RaceWindows.DISABLED, 200_000_000L);
    final ThreadContext a = new ThreadContext(threads, 0);
    final ThreadContext b = new ThreadContext(threads, 1);
    final ThreadContext c = new ThreadContext(threads, 2);
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger updates = new AtomicInteger();
    final AtomicInteger violations = new AtomicInteger();
    final Object idleLock = new Object();
    boolean inIdleTree = true; // guarded by idleLock
    volatile boolean takenOver;
    boolean checkOwnership;
    boolean deleteOnIo;

    @Override
    public void wakeThread(int tid) {
    }

    @Override
    public void updateFd(ThreadContext ctx, int fd) {
        updates.incrementAndGet();
    }

    @Override
    public void close(int fd, boolean lingerRst) {
        closes.incrementAndGet();
    }

    @Override
    public void onIo(int fd, ThreadContext ctx) {
        if (checkOwnership && ((table.threadMask(fd) & ctx.ltidBit) == 0 || takenOver)) {
            violations.incrementAndGet();
        }
        if (deleteOnIo) {
            synchronized (idleLock) {
                if (!inIdleTree) {
                    return;
                }
                inIdleTree = false;
            }
            table.delete(fd, ctx);
        }
    }

    void steal(ThreadContext ctx) {
        boolean ok;
        synchronized (idleLock) {
            ok = inIdleTree && table.takeover(FD, this, ctx);
            if (ok) {
                inIdleTree = false;
                takenOver = true;
            }
        }
        if (ok) {
            table.wantRecv(FD, ctx);
            table.delete(FD, ctx);
        }
    }

    /** 0 when fd 1 is fully closed and clean, 1 otherwise. */
    int dirty() {
        FdTable t = table;
        boolean clean = t.refcTgid(FD) == 0 && t.updateMask(FD) == 0 && t.runningMask(FD) == 0
                && t.threadMask(FD) == 0 && t.state(FD) == 0 && t.owner(FD) == null;
        return clean ? 0 : 1;
    }
}
