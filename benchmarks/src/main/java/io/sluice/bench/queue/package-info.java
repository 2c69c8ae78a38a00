/**
 * JMH benchmarks of the queue library ({@code io.sluice.queue}): one queued request's add, dequeue election, wake,
 * dequeue and release, from one to four threads on one server queue. No shared mutable state of its own beyond the
 * library's; each benchmark thread owns one stream.
 */
package io.sluice.bench.queue;
