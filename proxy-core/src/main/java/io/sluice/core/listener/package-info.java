/**
 * Listening sockets: bind on main, accept on the loop threads of the bind, hand-off to the least-loaded thread,
 * connection limits by pausing accept.
 *
 * <h2>Shared state</h2>
 * <pre>
 *  Limits.actconn (global maxconn)   FrontendRt.cur (frontend maxconn)   Listener.paused   the listener fd's
 *  ACTIVE_R bit in the fd table      Runtime loads[tid] (sessions per thread)
 * </pre>
 * <h2>Steps</h2>
 * <ul>
 *   <li>ACC-1 (accepting thread): reserve a global then a frontend slot (LIM-1) before {@code accept}; a failed
 *       reserve pauses (LIM-3). So a connection is never accepted and then closed for lack of room: it waits in the
 *       kernel's backlog.</li>
 *   <li>ACC-2: accept errors (EMFILE, ECONNABORTED…) give the slot back and wait for the next event.</li>
 *   <li>ACC-3: EAGAIN gives the slot back and clears READY_R ({@code fd_cant_recv}).</li>
 *   <li>ACC-4: count (CumConns, frontend stot, activity {@code accepted}).</li>
 *   <li>ACC-5: the sink (the runtime) picks the thread with the fewest sessions among the bind's threads, the
 *       accepting thread winning ties, and pushes the packed (fd, listener) into that thread's
 *       {@link io.sluice.core.conn.HandoffRing}, waking its hand-off tasklet (HAProxy's accept queue); a full ring
 *       keeps the fd on the accepting thread ({@code accq_full}).</li>
 *   <li>LIM-2 (session's thread, at close): release the slots, then resume every paused listener with room.</li>
 *   <li>LIM-3 (accepting thread): CAS paused false → true, {@code fd_stop_recv} + update; then re-check room and
 *       resume if a release happened in between (otherwise its LIM-2 might have seen paused == false and the
 *       listener would sleep forever).</li>
 *   <li>LIM-4 (any loop thread): CAS paused true → false (one winner), {@code fd_may_recv} + {@code fd_want_recv}
 *       from a thread of the bind (directly, or through a tasklet on one of them).</li>
 * </ul>
 * <h2>Why no pause is lost</h2>
 * LIM-3 sets paused before re-checking the counters; LIM-2 decrements the counters before reading paused. With
 * volatile accesses on both sides, either the releaser sees paused and resumes, or the pauser's re-check sees the
 * room and resumes itself. A double resume is prevented by the CAS.
 * <h2>Graceful stop</h2>
 * {@link io.sluice.core.listener.Listener#close()} deletes the fd on a thread of the bind (fd table DEL steps);
 * accepted sessions keep running.
 */
package io.sluice.core.listener;
