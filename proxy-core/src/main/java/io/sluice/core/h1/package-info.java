/**
 * HTTP/1 protocol building blocks, pure and I/O-free, used by the H1 mux (h1c/h1s): the head
 * parser ({@link io.sluice.core.h1.H1Parser} + {@link io.sluice.core.h1.HeaderTable}), the body
 * framer ({@link io.sluice.core.h1.H1BodyDecoder}), the outgoing head writer
 * ({@link io.sluice.core.h1.H1HeadWriter}), the connection-mode policy
 * ({@link io.sluice.core.h1.ConnectionPolicy}), HAProxy's built-in replies
 * ({@link io.sluice.core.h1.HttpErrors}, {@link io.sluice.core.h1.ErrorFile},
 * {@link io.sluice.core.h1.Replies}) and the termination flags ({@link io.sluice.core.h1.TermFlags}); the
 * httplog line itself is formatted by the log thread ({@code io.sluice.core.log.TcpLogFormatter}).
 *
 * <p>There is no shared mutable state: every parser, decoder and writer belongs to one connection
 * side and is used only by the loop thread that owns that connection. Nothing here allocates once
 * constructed, except the String helpers named as such (tests, logs, {@code show errors}).
 *
 * <h2>Parsing steps (HAProxy 3.0 default, non-relaxed behaviour)</h2>
 * <ul>
 * <li>PARSE-1: the head is consumed line by line; a line is examined once, when its LF is in the
 *     buffer. Resuming after any read boundary therefore yields the verdict a single read would
 *     (tested over the whole corpus at read sizes 1, 2, 3, 7).</li>
 * <li>PARSE-2: an incomplete head that fills {@code tune.bufsize} fails (400).</li>
 * <li>PARSE-3: a complete head larger than {@code tune.bufsize − tune.maxrewrite} fails (400, the
 *     3.0 status; 3.1 answers 414/431). More than {@code tune.http.maxhdr − 1} lines fail (400).</li>
 * <li>PARSE-4: empty lines (CRLF or LF) before the start line are skipped. Lines may end with a
 *     bare LF; a CR anywhere else fails (400).</li>
 * <li>PARSE-5: request line = token method, blanks, URI of 0x21–0x7E without {@code #}, blanks,
 *     exactly {@code HTTP/d.d} (upper case). No version (HTTP/0.9) fails. URI form per method:
 *     CONNECT needs {@code host:port}; {@code *} only for OPTIONS or an unknown method; otherwise
 *     origin ({@code /…}) or absolute ({@code scheme://…}). Status line = VER chars with
 *     {@code x/d.d}, blanks, digits, optional reason.</li>
 * <li>PARSE-6: the empty line ends the head.</li>
 * <li>PARSE-7: header name = tokens up to the colon (a blank before the colon fails), lower-cased
 *     in place; value trimmed; NUL fails, other controls and 8-bit bytes pass. An obs-fold line
 *     joins the previous value, its CR and LF turned into spaces in place (blanks kept).</li>
 * <li>RULE-1: Content-Length: every comma element digits only, same value everywhere; duplicates
 *     are deleted, the kept value loses its leading zeros; a difference fails (400/502).</li>
 * <li>RULE-2: Transfer-Encoding: chunked twice fails; requests: a coding after chunked or a last
 *     coding that is not chunked fails (400), another coding before chunked is a 422; responses:
 *     any other coding is a 502, an empty value means close-delimited.</li>
 * <li>RULE-3: T-E with C-L: the C-L headers are deleted and the connection closes after the
 *     transaction ({@code H1_MF_FORCE_CLOSE}); T-E on HTTP/1.0 also forces the close.</li>
 * <li>RULE-4: Connection tokens close/keep-alive/upgrade are recorded; the writer drops
 *     close/keep-alive and regenerates them for the connection mode.</li>
 * <li>RULE-5: identical Host headers collapse; different ones fail. Host is not required.</li>
 * <li>RULE-6: request body: CONNECT none; chunked; C-L; else none. HTTP/1.0 GET/HEAD/DELETE with
 *     a body is a 413.</li>
 * <li>RULE-7: response body: none for HEAD, 1xx, 204, 304 and 2xx to CONNECT; chunked; C-L; else
 *     until the server closes.</li>
 * <li>RULE-8: a WebSocket upgrade needs a 24-character Sec-WebSocket-Key (400); an upgrade on a
 *     request with a body is dropped.</li>
 * <li>RULE-9: an absolute URI's authority (or CONNECT's) must match Host after default-port
 *     equivalence.</li>
 * <li>CHK-1..CHK-6: chunk size 1–13 hex digits, optional blanks and {@code ;ext}, strict CRLF
 *     (a bare LF fails), data then exactly CRLF, trailers like header lines ending with an empty
 *     line; the decoder stops at the message end so pipelined bytes stay for the next head.</li>
 * </ul>
 */
package io.sluice.core.h1;
