package io.sluice.queue;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A mutual-exclusion lock with a {@link LockRank} and a name, checked against the lock order when a
 * {@link LockOrderChecker} is attached (tests), and a plain non-fair {@link ReentrantLock} otherwise.
 *
 * <p>HAProxy uses spinlocks here; a {@code ReentrantLock} spins briefly before parking, which is what the JVM offers
 * for the same short critical sections. Re-entrance is never used: with a checker attached, taking a lock of a rank
 * already held (the same lock included) is a violation.
 */
public final class RankedLock {

    private final ReentrantLock lock = new ReentrantLock();
    private final LockRank rank;
    private final String name;
    /** Set once at construction; {@code null} when the order is not checked. */
    private final LockOrderChecker checker;

    /** Runs on any thread; creates an unlocked lock. */
    public RankedLock(LockRank rank, String name, LockOrderChecker checker) {
        this.rank = rank;
        this.name = name;
        this.checker = checker;
    }

    /** Runs on any thread; blocks until the lock is held. The caller must call {@link #unlock()} in a finally. */
    public void lock() {
        if (checker != null) {
            checker.beforeLock(this);
        }
        lock.lock();
        if (checker != null) {
            checker.afterLock(this);
        }
    }

    /**
     * Runs on any thread; takes the lock only if free. Kept for the test canary of the pre-b11495652 dequeue guard
     * (the library itself never trylocks a queue lock).
     */
    public boolean tryLock() {
        if (checker != null) {
            checker.beforeLock(this);
        }
        boolean ok = lock.tryLock();
        if (ok && checker != null) {
            checker.afterLock(this);
        }
        return ok;
    }

    /** Runs on the owning thread; releases the lock. */
    public void unlock() {
        if (checker != null) {
            checker.beforeUnlock(this);
        }
        lock.unlock();
    }

    /** Runs on any thread; true when the calling thread holds this lock (for assertions). */
    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /** Runs on any thread; the rank of this lock. */
    public LockRank rank() {
        return rank;
    }

    /** Runs on any thread; the name given at construction (e.g. {@code "queue be1/s1"}). */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + "(" + rank + ")";
    }
}
