/**
 * The stats socket: a {@link io.sluice.core.listener.Listener} whose accepted fds become
 * {@code CliConn}s on the accepting loop thread, each driving one {@link io.sluice.core.cli.CliSession}.
 *
 * <h2>Transport steps (CliConn, owner loop thread only)</h2>
 * <ul>
 *   <li>CLI-T-1: flush pending session output to the fd while it is writable.</li>
 *   <li>CLI-T-2: read what the fd has and feed the session; EOF = the client half-closed
 *       ({@code onInputClosed}: a command without LF is not run, the answers already queued are still sent).</li>
 *   <li>CLI-T-3: close (shutdown write, fd table delete) once the session wants to close, or the input is closed
 *       and nothing is left to write.</li>
 *   <li>CLI-T-4: subscribe to writing while output is pending, to reading until EOF.</li>
 * </ul>
 * No state is shared between threads except the racy reads the dumps do on other threads' counters and sessions.
 */
package io.sluice.core.stats;
