/**
 * mode tcp sessions ({@link io.sluice.core.stream.TcpStream}), mode http sessions
 * ({@link io.sluice.core.stream.HttpStream}) and the per-thread
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
 *       connect} armed. An immediate error never enters the fd table. The attempt and the reading of its
 *       outcome are {@code ServerConnect}'s, shared with HS-7..8.</li>
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
 * <h2>mode http sessions ({@link io.sluice.core.stream.HttpStream}): HS steps</h2>
 * Same ownership as above: one loop thread owns the client fd, the private server fd, four buffers (client in,
 * server out, server in, client out), two parsers and two body decoders, all reused from session to session.
 * <ul>
 *   <li>HS-1 start: insert the client fd, take four buffers, note the addresses (ACLs, X-Forwarded-For).</li>
 *   <li>HS-2 new request: compact the pipelined bytes to the buffer start, begin the parser; the request timer is
 *       {@code timeout http-keep-alive} while idle after a first request, else {@code timeout http-request}.</li>
 *   <li>HS-3 process: flush both outputs, read the client, then the phase's work, until nothing moves; then
 *       subscribe (HS-14) and arm the timer.</li>
 *   <li>HS-4 request head: parse; error → HAProxy's page for the status and close; done → http-request rules in
 *       order (header actions edit the table or the added lines; return/deny/redirect answer locally), redirect
 *       lines, then use_backend/default_backend; the rewritten head goes to the server output buffer.</li>
 *   <li>HS-5 request body: the decoder delimits it; bytes are copied as received (framing included) into the
 *       server output while it has room (back pressure: the client is read only while its buffer has room).</li>
 *   <li>HS-7..9 connect: as SES-2..4 (seed 002: a failed fd is deleted before the next attempt, which runs from
 *       the task); retries exhausted → 503.</li>
 *   <li>HS-10 response: parse the head (1xx forwarded, invalid → 502), http-response header rules, connection
 *       header by ConnectionPolicy, then the body (length, chunked or until close) into the client output.</li>
 *   <li>HS-11 end of transaction (request and response complete, client output flushed): close the server side
 *       when it must (http-server-close, httpclose, server says close, unknown length), close the client side
 *       when it must, else HS-2 with the next pipelined request.</li>
 *   <li>HS-12 reuse: the server fd stays with its client session (http-reuse never behaviour) and serves the next
 *       request to the same backend; an idle server fd that becomes readable (close or junk) is dropped.</li>
 *   <li>HS-13 local replies: queued in the client output; once flushed, close or go on with HS-2.</li>
 *   <li>HS-14 subscriptions and timers: http-request/keep-alive (408 or silent close), connect, server (504 before
 *       the response head, abort after), client.</li>
 *   <li>HS-15 end: delete both fds, release buffers and limits, back to the pool.</li>
 * </ul>
 *
 * <h2>Stale events</h2>
 * A pooled session may be reused for a new client while the old fds' late events are still in flight: the fd
 * table drops events of closed fds (UPD-1), and both callbacks check that the fd is the session's current one.
 */
package io.sluice.core.stream;
