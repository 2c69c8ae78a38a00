/**
 * The stats-socket CLI, transport-independent: a {@link io.sluice.core.cli.CliSession} per connection, a shared
 * {@link io.sluice.core.cli.CliRegistry} of commands, and the formatters of the commands that need runtime data
 * ({@code show info}, {@code show activity}, {@code show threads}) over small provider interfaces.
 *
 * <h2>Threads</h2>
 * A session belongs to the loop thread of its connection; every session method runs there and the session has no
 * lock. The registry is filled on the main thread at startup (copy-on-write, so later registrations are safe too)
 * and read by all sessions. Providers are called on the session's thread and must read runtime state the way any
 * cross-thread reader does (opaque/acquire counters, never another thread's private state). A session carries a
 * generation so that a handle kept elsewhere (a future {@code show sess} entry) detects reuse (seed 004).
 *
 * <h2>Protocol steps (HAProxy 3.0)</h2>
 * <ul>
 *   <li>{@code CLI-1}: a request ends at the first {@code ;} or LF not preceded by {@code \}; a CR just before the
 *       terminator is dropped; a request longer than {@code tune.bufsize} is answered with the overflow message
 *       and the session closes; a request without terminator never runs (half-close: silent close).</li>
 *   <li>{@code CLI-2}: words split on runs of spaces and tabs; {@code \x} is a literal {@code x}; quotes mean
 *       nothing; at most 64 words.</li>
 *   <li>{@code CLI-3}: an LF-terminated request whose last word starts with {@code <<} takes the following lines
 *       as payload, up to an empty line or the line equal to the pattern after {@code <<} (7 characters at most);
 *       in prompt mode each payload line is prompted with {@code "+ "}.</li>
 *   <li>{@code CLI-4}: the command is the registered one with the most keyword words matching the request's first
 *       words; none → the unknown-command reply (closest usages, then the three fixed lines); level too low →
 *       {@code Permission denied} (checked before any argument is parsed).</li>
 *   <li>{@code CLI-5}: after each command its output, then the marker: {@code "\n"}, or {@code "\n> "} in prompt
 *       mode ({@code "\n[d:hh:mm:ss]> "} with {@code prompt timed}). Messages are normalised to exactly one
 *       trailing LF and prefixed per {@code severity-output} ({@code [3]: }, {@code [err]: }); dumps never are.
 *       {@code quit} writes nothing and closes; {@code prompt} while interactive writes the marker {@code "\n"},
 *       closes and drops the rest of the line.</li>
 *   <li>{@code CLI-6}: in non-interactive mode the session closes after the first command ending with an LF;
 *       later input is ignored. {@code ;}-separated commands before it run, even across packets.</li>
 * </ul>
 *
 * <h2>Output and back pressure</h2>
 * Output goes to one reusable {@link io.sluice.core.log.LineBuffer} per session (no allocation per line once it
 * has grown). A handler that has much to print checks {@link io.sluice.core.cli.CliRequest#hasRoom()}, saves its
 * position and returns false; the session resumes it from {@link io.sluice.core.cli.CliSession#writeTo} when the
 * transport has drained the buffer. While a dump waits and the input buffer is full, {@code onInput} takes fewer
 * bytes than offered: the transport stops reading until output drains.
 */
package io.sluice.core.cli;
