/**
 * Frontends, backends and servers at run time (mode tcp): routing by {@code default_backend} / {@code use_backend}
 * with layer-4 ACLs, roundrobin server choice, connection limits and the counters {@code show stat} prints.
 *
 * <h2>Shared state</h2>
 * All objects are built on main before the loops start and never change shape afterwards (safe publication by
 * {@code Thread.start}). The mutable parts are atomics only:
 * <ul>
 *   <li>{@code FrontendRt.cur}: LIM-1 a loop thread CASes it up below maxconn before {@code accept} (reserve);
 *       LIM-2 the session's thread decrements it when the client fd is closed (or when accept found nothing).
 *       A listener whose reserve fails pauses (see {@code io.sluice.core.listener}).</li>
 *   <li>{@code BackendRt.rr}: getAndIncrement, one server per call; concurrent pickers get different slots.</li>
 *   <li>Counters: getAndAdd / incrementAndGet from any loop thread, plain reads by the CLI (a dump is a
 *       snapshot of independent counters, never a consistent cut — as in HAProxy).</li>
 * </ul>
 */
package io.sluice.core.backend;
