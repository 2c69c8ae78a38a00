package io.sluice.fdtable;

/**
 * What the fd table needs from the poller: wake another loop thread, and apply one polling update on the
 * calling loop thread. Implemented once by the poller for all threads.
 */
public interface PollerHooks {

    /**
     * Wakes loop thread {@code tid} so that it walks its group's global update list soon (HAProxy's
     * {@code wake_thread}); runs on any thread and must not block (typically: set NOTIFIED, kick the
     * eventfd only if the target sleeps).
     *
     * @param tid global thread id of the thread to wake
     */
    void wakeThread(int tid);

    /**
     * Applies the polling update of {@code fd} for loop thread {@code ctx} (HAProxy's {@code _update_fd}: epoll
     * ADD / MOD / DEL from {@link FdTable#state}, {@link FdTable#threadMask}, {@link FdTable#polledRecv} and
     * {@link FdTable#polledSend}, then {@link FdTable#setPolled}); runs on the loop thread {@code ctx}, called by
     * {@link FdTable#drainLocalUpdates} and {@link FdTable#applyGlobalUpdates} while it holds a tgid reference
     * on the fd (so the fd cannot finish closing meanwhile) and only when the fd has an owner.
     *
     * @param ctx the calling loop thread
     * @param fd the fd number
     */
    void updateFd(ThreadContext ctx, int fd);

    /**
     * Poller part of closing a cloned fd (HAProxy's {@code cur_poller.clo}): for {@link FdState#FD_CLONED} fds,
     * remove {@code fd} from the epoll instance of every thread whose bit is in polled_recv | polled_send,
     * because close() alone would not. Runs on the closing thread, ORPH-2, before the OS close. Not called for
     * fds without FD_CLONED. The default does nothing.
     *
     * @param fd the fd number
     * @param tgid the fd's group
     * @param polledMask polled_recv | polled_send at the time of the call
     */
    default void clo(int fd, int tgid, long polledMask) {
    }

    /** Hooks that do nothing; for tables without a poller (tests, tools). */
    PollerHooks NONE = new PollerHooks() {
        @Override
        public void wakeThread(int tid) {
        }

        @Override
        public void updateFd(ThreadContext ctx, int fd) {
        }
    };
}
