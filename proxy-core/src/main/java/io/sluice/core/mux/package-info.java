/**
 * The H1 mux (HAProxy's {@code mux_h1}): {@link io.sluice.core.mux.H1Connection} is an {@code h1c}, one side of an
 * HTTP/1 connection (fd, input and output buffers, read/flush/compact, idle and keep-alive state) and
 * {@link io.sluice.core.mux.H1Stream} an {@code h1s}, the message state of the current transaction on it (head
 * parser, body framer, head/message done). The stream and its analysers ({@code io.sluice.core.stream.HttpStream},
 * {@code HttpAnalysers}) sit on top: they decide, the mux moves bytes.
 *
 * <h2>Ownership</h2>
 * A mode http session owns two connections (front = client, back = private server connection) and two message
 * states (request on the front, response on the back), all pooled with the session and reused from client to
 * client. They belong to the session's loop thread; nothing here is shared, locked or allocated after construction.
 *
 * <h2>Steps</h2>
 * <ul>
 *   <li>H1C-1 attach: the session's buffers are bound; counters and flags reset.</li>
 *   <li>H1C-2 compact: unconsumed input moves to offset 0 (a new request head is always parsed from 0).</li>
 *   <li>H1C-3 read: while the fd is READY_R and the input has room; EAGAIN clears READY (fd_cant_recv); 0 or an
 *       error sets the end of input. A full buffer is compacted first only when the caller allows it (never while
 *       a request head is being parsed: the parser's offsets point into it).</li>
 *   <li>H1C-4 flush: while the fd is READY_W; an emptied output restarts at 0; a write error is reported to the
 *       stream, which ends the session.</li>
 *   <li>H1C-5 shutdown(write): tunnel half-close, once.</li>
 *   <li>H1C-6 close: the fd is deleted from the table and every buffered byte of the side is forgotten.</li>
 *   <li>H1C-7 subscribe: reads while wanted and not full, writes while output waits.</li>
 *   <li>H1C states: EMBRYONIC (accepted, first request not started), IDLE (front: waiting for the next request,
 *       {@code timeout http-keep-alive}; back: kept for the next request of the same session), RUNNING, DRAINING
 *       (front: a local reply was sent before the request body ended; the rest of the body is read and dropped),
 *       CLOSING (closes once the output is flushed; {@code timeout client-fin} applies).</li>
 *   <li>H1S-1 begin: a request (front) or a response to a request with given flags (back) starts at offset 0.</li>
 *   <li>H1S-2 parse the head; H1S-3 the head is consumed and the body framer starts from its flags.</li>
 *   <li>H1S-4 forward the body as received (framing included) to the other side's output while it has room; a
 *       close-delimited response ends at the server's FIN.</li>
 *   <li>H1S-5 drain: the body of a request answered locally is framed and dropped.</li>
 *   <li>H1S-6 the chunked body bytes read with a request head are checked without being consumed: a framing error
 *   there is the mux's error, as HAProxy's mux parses head and data in one pass.</li>
 * </ul>
 */
package io.sluice.core.mux;
