/**
 * Connection-level helpers shared by the session types: the per-thread direct buffer pool and the bounded MPSC
 * hand-off ring that carries accepted fds from the accepting thread to the chosen one (its protocol is in
 * {@link io.sluice.core.conn.HandoffRing}).
 */
package io.sluice.core.conn;
