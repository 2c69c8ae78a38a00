package io.sluice.core.cli;

/**
 * The code behind one CLI command. Runs on the session's thread (a loop thread once the runtime wires sockets).
 *
 * <p>A handler writes into {@link CliRequest#out()} (dumps) or calls {@link CliRequest#message(String)} /
 * {@link CliRequest#error(String)} (short replies, normalised to one trailing LF and prefixed per
 * {@code severity-output}). A dump too large for one go returns {@code false} after filling some output and keeps
 * its position in {@link CliRequest#state(Object)}: the session calls it again once the output was drained (the
 * shape of HAProxy's applet I/O handlers, so {@code show fd} over 100,000 fds never holds everything in memory).
 */
@FunctionalInterface
public interface CliHandler {
    /**
     * Runs (or resumes) the command; runs on the session's thread. Returns true when the command is complete.
     * Must not block.
     */
    boolean run(CliRequest req);
}
