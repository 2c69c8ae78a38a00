package io.sluice.fdtable;

/** Outcome of {@link FdTable#updateEvents} (HAProxy's {@code FD_UPDT_*}). */
public enum UpdateResult {
    /** The event was processed (iocb called if the fd was active) and the fd is still ours. */
    DONE,
    /** The fd is closed (before or during the call, possibly by this very call); nothing of it is left for us. */
    CLOSED,
    /** This thread is not (or no longer) in thread_mask; an update was queued so its poller drops the fd. */
    MIGRATED,
}
