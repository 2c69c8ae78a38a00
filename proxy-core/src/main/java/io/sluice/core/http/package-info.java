/**
 * HTTP rule evaluation: ACLs and {@code if}/{@code unless} conditions of the configuration model
 * compiled once at start ({@link io.sluice.core.http.AclCompiler}) into immutable matchers
 * ({@link io.sluice.core.http.CompiledCondition}) evaluated over a parsed request and its
 * connection's addresses ({@link io.sluice.core.http.HttpMatchContext}).
 *
 * <p>Sharing: compiled conditions are immutable and shared by all loop threads. Regex matchers
 * are not thread-safe, so each loop thread owns one {@code HttpMatchContext} holding its own
 * matchers; a context is never touched by another thread. Evaluation allocates nothing (byte
 * comparisons over the input buffer; regexes run on a reused CharSequence view).
 *
 * <p>Semantics follow HAProxy: lines of a named ACL are OR'ed, terms of a group are AND'ed
 * (implicit AND), groups are OR'ed ({@code ||} / {@code or}), {@code !} negates a term,
 * {@code unless} inverts the result, {@code -i} folds ASCII case, {@code hdr(name)} tries every
 * occurrence and every comma-separated value, {@code path} stops at {@code ?} and skips the
 * scheme and authority of an absolute URI, {@code -m reg} searches (unanchored).
 */
package io.sluice.core.http;
