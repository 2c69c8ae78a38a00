/**
 * mode tcp sessions ({@link io.sluice.core.stream.TcpStream}), mode http streams
 * ({@link io.sluice.core.stream.HttpStream} and its {@link io.sluice.core.stream.HttpAnalysers}, on top of the H1
 * mux of {@code io.sluice.core.mux}) and the per-thread
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
 * <h2>mode http sessions: layering and HS steps</h2>
 * HAProxy's layering, in one pooled object per client connection ({@link io.sluice.core.stream.HttpStream}):
 * <ul>
 *   <li>connection: the client fd and the private server fd (http-reuse never behaviour), each an
 *       {@link io.sluice.core.mux.H1Connection} (h1c: buffers, read/flush/compact, EMBRYONIC/IDLE/RUNNING/
 *       DRAINING/CLOSING);</li>
 *   <li>H1 mux: the request {@link io.sluice.core.mux.H1Stream} on the front h1c and the response one on the back
 *       h1c (h1s: head parser, body framer, message state);</li>
 *   <li>stream: the back stream-connector state {@code scb} (SC_ST_INI, REQ, QUE, TAR, ASS, CON, CER, RDY, EST, DIS,
 *       CLO as HAProxy's {@code enum sc_state}; QUE and DIS are never entered: there are no queues here and a
 *       closing connection goes straight to CLO), {@code scf} (EST while the session lives, CLO once pooled), the
 *       request and response analyser masks of {@link io.sluice.core.stream.HttpAnalysers} in HAProxy's bit order
 *       (AN_REQ_WAIT_HTTP, HTTP_PROCESS_FE, SWITCHING_RULES, HTTP_INNER, HTTP_XFER_BODY; AN_RES_WAIT_HTTP,
 *       HTTP_PROCESS, HTTP_XFER_BODY), the timers and the httplog state.</li>
 * </ul>
 * Unlike HAProxy, the stream is not freed after each transaction: it is reset (HS-2) and reused, so steady-state
 * traffic allocates nothing. Same ownership as above: one loop thread owns everything from hand-off to release.
 * <ul>
 *   <li>HS-1 start: insert the client fd, take four buffers, note the addresses (ACLs, X-Forwarded-For).</li>
 *   <li>HS-2 new transaction: scb INI, every request analyser set; compact the pipelined bytes to the buffer
 *       start, begin the request h1s; the request timer is {@code timeout http-keep-alive} while idle after a first
 *       request, else {@code timeout http-request}.</li>
 *   <li>HS-3 process: flush both outputs, read the client, then the work of the current state, until nothing
 *       moves; then subscribe (HS-14) and arm the timer.</li>
 *   <li>HS-4 AN_REQ_WAIT_HTTP: parse the head; error → HAProxy's page for the status and close.</li>
 *   <li>HS-5 AN_REQ_HTTP_PROCESS_FE: http-request rules in order (header actions edit the table or the added
 *       lines; return/deny/redirect answer locally, HS-13), then redirect lines.</li>
 *   <li>HS-6 AN_REQ_SWITCHING_RULES (use_backend / default_backend), then AN_REQ_HTTP_INNER: connection modes, the
 *       rewritten head to the server output; AN_REQ_HTTP_XFER_BODY: the request h1s delimits the body; bytes are
 *       copied as received (framing included) while the server output has room (back pressure: the client is
 *       read only while its buffer has room).</li>
 *   <li>HS-7..9 connect: scb REQ → ASS → CON as SES-2..4; the attempt's outcome is the only wake-up (RDY → EST);
 *       a failure is CER: the failed fd is deleted first, then TAR until the task runs the next attempt (seed 002,
 *       no turn-around delay), or CLO and 503 when the retries are exhausted.</li>
 *   <li>HS-10 response analysers: AN_RES_WAIT_HTTP parses the head (1xx forwarded, invalid → 502),
 *       AN_RES_HTTP_PROCESS applies the http-response header rules and the connection header (ConnectionPolicy),
 *       AN_RES_HTTP_XFER_BODY forwards the body (length, chunked or until close).</li>
 *   <li>HS-11 end of transaction (request and response complete, client output flushed): close the server side
 *       when it must (http-server-close, httpclose, server says close, unknown length), close the client side
 *       when it must, else HS-2 with the next pipelined request.</li>
 *   <li>HS-12 reuse: the server h1c stays IDLE with its client session and serves the next request to the same
 *       backend (scb ASS → EST at once); an idle server connection that becomes readable (close or junk) is
 *       dropped.</li>
 *   <li>HS-13 local replies: no analyser is left; the reply is flushed; then close, or HS-2. Error pages come
 *       from the backend's {@code errorfile} once the switching rules chose it, else the frontend's, else
 *       HAProxy's built-in page; an empty errorfile sends nothing.</li>
 *   <li>HS-14 subscriptions and timers: http-request/keep-alive (408 or silent close), connect, server (504 before
 *       the response head, abort after), client.</li>
 *   <li>HS-15 end: delete both fds, release buffers and limits, back to the pool (scf CLO).</li>
 *   <li>HS-16 httplog line through the async ring.</li>
 *   <li>HS-17 tunnel after a valid 101: no analyser left, raw bytes both ways, FINs propagated, {@code timeout
 *       tunnel}.</li>
 *   <li>HS-18 half-closed timeouts: in a tunnel, once either direction is shut, the client side runs on
 *       {@code timeout client-fin} and the server side on {@code server-fin} (as SES-9); otherwise the client side
 *       switches to client-fin once the client sent its FIN or the front h1c is CLOSING, the server side to
 *       server-fin once the server sent its FIN or our write side to it is shut. A FIN re-arms the side's timer.
 *       </li>
 *   <li>HS-19 drain: a return/redirect/deny answering a request with a body does not close: the front h1c is
 *       DRAINING, the request h1s frames and drops the rest of the body (client inactivity bounded by
 *       {@code timeout client}), then HS-2. It closes instead when the client expects a 100-continue, when more
 *       than 64 buffers would be drained (announced Content-Length, or counted for chunked), on bad framing or on a
 *       client close.</li>
 *   <li>HS-20 stream-level errors (reference §5(b), §7): once the request head is parsed, an error page (403,
 *       500, 502, 503, 504) is the re-serialised page with the connection header of the client's mode: a
 *       keep-alive client keeps its connection (the rest of the request body drained as in HS-19), while 400,
 *       408, a client that asked to close and {@code option httpclose} close. Before the head is parsed
 *       (parser errors, 408) the raw page closes. After {@code timeout connect} and the retries, a later request
 *       of a keep-alive connection gets no page and the connection closes (HAProxy's TX_NOT_FIRST, logged 503
 *       sC). A failed connect is retried only when the backend's {@code retry-on} contains conn-failure.</li>
 *   <li>HS-21 reused server connection lost (HAProxy's abort_keep_alive): a request sent on the kept server
 *       connection (HS-12) whose server closes before the response head ends the client connection with no reply
 *       and no log line, so that the client retries; on a fresh connection the same close is a 502.</li>
 *   <li>show sess: a session whose request head is parsed (it has a stream) prints one line from the CLI thread
 *       (racy reads, {@code HttpSessLine}); idle and embryonic connections have no stream and are not listed.</li>
 * </ul>
 *
 * <h2>Stale events</h2>
 * A pooled session may be reused for a new client while the old fds' late events are still in flight: the fd
 * table drops events of closed fds (UPD-1), and both callbacks check that the fd is the session's current one.
 */
package io.sluice.core.stream;
