package io.sluice.queue;

/**
 * Test-time verifier of the lock order (LOCK-1): remembers, per thread, which ranks are held and fails any
 * acquisition whose rank is not strictly above every rank already held.
 *
 * <p>It is off in production ({@link RankedLock} holds {@code null} then and pays one null check). Tests create one
 * checker and hand it to {@link Backend.Builder#lockOrderChecker(LockOrderChecker)}; every lock of that backend, its
 * servers and its pendconns then reports to it. A violation throws {@link LockOrderViolation} <em>before</em> the
 * lock is taken, so the failing test shows the acquiring stack instead of deadlocking.
 */
public final class LockOrderChecker {

    private static final int RANKS = LockRank.values().length;

    /** Per-thread count of held locks by rank; only the owning thread reads or writes its array. */
    private final ThreadLocal<int[]> held = ThreadLocal.withInitial(() -> new int[RANKS]);

    /** Runs on the acquiring thread, before it blocks on {@code lock}; throws when the order would be broken. */
    void beforeLock(RankedLock lock) {
        int[] h = held.get();
        int r = lock.rank().ordinal();
        for (int i = r; i < RANKS; i++) {
            if (h[i] != 0) {
                throw new LockOrderViolation("acquiring " + lock.name() + " (" + lock.rank() + ") while holding a "
                        + LockRank.values()[i] + " lock; the order is " + java.util.Arrays.toString(LockRank.values()));
            }
        }
    }

    /** Runs on the acquiring thread once it owns {@code lock}. */
    void afterLock(RankedLock lock) {
        held.get()[lock.rank().ordinal()]++;
    }

    /** Runs on the releasing thread just before it releases {@code lock}. */
    void beforeUnlock(RankedLock lock) {
        held.get()[lock.rank().ordinal()]--;
    }

    /** Runs on any thread; true when the calling thread holds no lock checked by this checker. */
    public boolean holdsNothing() {
        for (int n : held.get()) {
            if (n != 0) {
                return false;
            }
        }
        return true;
    }

    /** Thrown when a thread acquires a queue lock out of order; an {@link Error} so no caller swallows it. */
    public static final class LockOrderViolation extends Error {
        private static final long serialVersionUID = 1L;

        LockOrderViolation(String message) {
            super(message);
        }
    }
}
