/**
 * mode tcp sessions ({@link io.sluice.core.stream.TcpStream}) and the per-thread
 * {@link io.sluice.core.stream.Worker} that pools them.
 *
 * <h2>Ownership</h2>
 * A session, its two fds (inserted with the owner's ltid bit only), its buffers and its task belong to one loop
 * thread from hand-off to release; no other thread touches them (the CLI reads a few fields racily for
 * {@code show sess}). Pools are per thread, so steady-state traffic allocates no session, buffer or task.
 *
 * <h2>Steps</h2>
 * <ul>
 *   <li>SES-1 start: insert the client fd, take two buffers, route (use_backend conditions, default_backend),
 *       subscribe to client reads, connect.</li>
 *   <li>SES-2 connect: new socket, non-blocking connect, insert; wait for writability with {@code timeout
 *       connect} armed. An immediate error never enters the fd table.</li>
 *   <li>SES-3 failure (seed 002): the attempt is over (SO_ERROR set, timeout, or immediate error) → the failed fd
 *       is deleted first, then, if retries remain, the session's task is woken and the next attempt (same server,
 *       no redispatch) starts from the task, never from inside the failed fd's callback; no turn-around delay in
 *       mode tcp (see the report). No retries left → the client is closed (termination SC).</li>
 *   <li>SES-4 established: counters, timers, first pump.</li>
 *   <li>SES-5 pump: per direction, write what is buffered while the peer is READY_W, read while READY_R and the
 *       buffer has room; EAGAIN clears READY (fd_cant_*); loop until nothing moves.</li>
 *   <li>SES-6 half-close: a side's EOF with its buffer drained → shutdown(SHUT_WR) of the other side.</li>
 *   <li>SES-7 both write sides shut → normal end.</li>
 *   <li>SES-8 back pressure: read a side only while its buffer has room; write a side only while data waits.</li>
 *   <li>SES-9 timers: client/server inactivity dates (tunnel once established, client-fin/server-fin once a side
 *       is half-closed), refreshed lazily: the task's timer fires at its old key and re-arms at the new date.</li>
 *   <li>SES-10 end: delete both fds, release buffers, counters and limits (LIM-2), log, back to the pool.</li>
 * </ul>
 * <h2>Stale events</h2>
 * A pooled session may be reused for a new client while the old fds' late events are still in flight: the fd
 * table drops events of closed fds (UPD-1), and both callbacks check that the fd is the session's current one.
 */
package io.sluice.core.stream;
