package io.sluice.fdtable;

/**
 * The operating-system side of closing an fd, kept behind an interface so the table needs no I/O. The poller
 * module implements it with the real syscalls; tests count calls.
 */
@FunctionalInterface
public interface OsClose {

    /**
     * Closes {@code fd}; runs on the single thread that won the close (ORPH-8), last of all the orphan-close
     * steps: once it returns, the kernel may hand the same number out again. Must not throw; errors are counted
     * or logged asynchronously by the implementation.
     *
     * @param fd the fd number
     * @param lingerRst true when {@link FdState#FD_LINGER_RISK} was set: set SO_LINGER {on, 0} first so the
     *     close sends an RST
     */
    void close(int fd, boolean lingerRst);
}
