package io.sluice.fdtable;

/**
 * The I/O callback of an fd (HAProxy's {@code fdtab[fd].iocb}), installed by {@link FdTable#insert}.
 *
 * <p>Called by {@link FdTable#updateEvents} on the loop thread that received the event, while that thread holds
 * its bit in the fd's running_mask (so no takeover can start and no close can complete under it) but no tgid
 * reference. The callback may call {@link FdTable#delete}, the want/stop/may/cant helpers, or anything else on
 * the fd; {@code updateEvents} re-checks the fd afterwards. It must not block. An exception it throws leaves
 * {@code updateEvents} only after the running bit is cleared (UPD-10), so the loop may report it and go on.
 */
@FunctionalInterface
public interface IoCallback {

    /**
     * Handles readiness of {@code fd}; runs on the loop thread {@code ctx}. The readiness is in
     * {@link FdTable#state(int)} (READY/SHUT/ERR and FD_POLL_* bits).
     *
     * @param fd the fd number
     * @param ctx the calling loop thread
     */
    void onIo(int fd, ThreadContext ctx);
}
