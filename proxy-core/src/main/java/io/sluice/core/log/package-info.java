/**
 * Asynchronous logging: the protocol between the producers of log records and the single {@code log} thread.
 *
 * <h2>Why (seed 004)</h2>
 * MIDAS deadlocked because {@code cm_msg()} took the SYSMSG lock (and then the ODB lock) while callers already
 * held the ODB lock. The fix the seed proposes is ours: a call site never does anything that can wait. It copies
 * primitives into a preallocated record and publishes it; formatting and I/O happen later on the log thread, which
 * holds no other lock. So logging from inside a lock, from a loop thread or from the watchdog cannot deadlock and
 * cannot block, whatever the sinks do.
 *
 * <h2>State</h2>
 * <pre>
 *   LogRing: records[capacity] (power of two, preallocated)     head: next sequence to claim (CAS, producers)
 *            tail: next sequence to drain (log thread only)     dropped: messages refused while full
 *            consumerParked: the log thread announces it sleeps
 *   LogRecord (slot seq &amp; mask): published = last sequence published in it (-1 = never)
 *                                 claimSeq  = sequence of the current claimant (the handle's generation)
 *
 *   sequence s:  FREE (s - capacity &lt; tail) --CLAIM-2--&gt; CLAIMED --PUB-2--&gt; PUBLISHED
 *                --DRAIN-3--&gt; FREE
 * </pre>
 *
 * <h2>Steps</h2>
 * <ul>
 *   <li>{@code CLAIM-1} (producer): read head h; if {@code h - tail >= capacity} the ring is full: increment
 *       {@code dropped} and return {@link io.sluice.core.log.LogRing#FULL}. Never waits.</li>
 *   <li>{@code CLAIM-2} (producer): CAS head h → h+1; on failure retry from CLAIM-1.</li>
 *   <li>{@code CLAIM-3} (producer): reset the slot, set {@code claimSeq = h}, stamp the time. The slot is now owned
 *       by this producer, which fills it with plain stores.</li>
 *   <li>{@code PUB-1} (producer): check {@code claimSeq == h} and the slot is not already published with h
 *       (stale or double publish → {@link java.lang.IllegalStateException}).</li>
 *   <li>{@code PUB-2} (producer): {@code published = h} with a volatile store: releases every field.</li>
 *   <li>{@code WAKE-2} (producer): if {@code consumerParked}, unpark the log thread.</li>
 *   <li>{@code DRAIN-1} (log thread): acquire-read {@code published} of slot {@code tail}; if it is not {@code tail}
 *       the producer of that slot has not published yet: stop this round.</li>
 *   <li>{@code DRAIN-2} (log thread): format and write the record, then null its references.</li>
 *   <li>{@code DRAIN-3} (log thread): {@code tail = tail + 1} with release: the slot is free again.</li>
 *   <li>{@code WAKE-1} (log thread): {@code consumerParked = true} (volatile), re-check slot {@code tail}, park
 *       for at most 50 ms, {@code consumerParked = false}.</li>
 * </ul>
 *
 * <h2>Happens-before pairs</h2>
 * <ul>
 *   <li>PUB-2 → DRAIN-1: the log thread sees every field the producer wrote.</li>
 *   <li>DRAIN-3 → CLAIM-1: a producer reuses a slot only after the log thread has finished reading it and has
 *       cleared its references (DRAIN-2 is before DRAIN-3 in program order).</li>
 *   <li>WAKE-1 ↔ PUB-2/WAKE-2: both sides store then load volatile variables, so either the producer sees
 *       {@code consumerParked} and unparks, or the log thread's re-check sees the publication. The 50 ms bound
 *       covers anything missed anyway.</li>
 * </ul>
 *
 * <h2>Competing operations</h2>
 * <ul>
 *   <li>Two producers claim: CAS on head gives each sequence to exactly one of them.</li>
 *   <li>Producer claims while the ring is full: it drops and counts; it never spins waiting for the log thread,
 *       so a log thread blocked on I/O cannot block a producer (the test
 *       {@code producerHoldingALockNeverWaitsForABlockedSink} checks it, and its broken variant — a synchronous
 *       logger writing under the caller's lock, MIDAS's {@code cm_msg} — must fail the same check).</li>
 *   <li>A producer is slow between CLAIM-2 and PUB-2: later slots may be published but the log thread stops at
 *       the unpublished one (records stay in order); producers still claim until the ring is full.</li>
 *   <li>A stale holder publishes a reused slot: PUB-1 sees a different {@code claimSeq} and throws.</li>
 *   <li>The log thread reads a slot while producers lap the ring: safe only because DRAIN-3 comes after DRAIN-2;
 *       {@code LogRingStressTest} checks no record is ever torn, and that the checker catches the broken order
 *       (slot freed before it is read).</li>
 * </ul>
 *
 * <h2>Progress</h2>
 * Producers are lock-free (a failed CAS means another producer progressed) and bounded (full → drop). The log
 * thread is obstruction-bound by the slowest in-flight producer; a producer that claims must publish (or
 * {@link io.sluice.core.log.LogRing#abandon(long) abandon}) its sequence.
 *
 * <h2>Formats</h2>
 * {@link io.sluice.core.log.TcpLogFormatter} writes {@code option tcplog} lines; {@link io.sluice.core.log.LogThread}
 * adds the per-target header ({@link io.sluice.core.log.LogFormat}) and truncates to the target's {@code len}.
 */
package io.sluice.core.log;
