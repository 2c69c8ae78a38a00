/**
 * Mode http end to end: Sluice as a real process in front of {@code MiniHttpServer} origins, raw
 * bytes on real sockets ({@code HttpWire}). {@code HttpFixture} runs one proxy per test class with
 * httplog on stdout and a recording origin, so each case checks the client's bytes, what reached
 * the origin, and the log line. Setting the system property {@code httpit.haproxy} to a HAProxy
 * binary runs the same classes against HAProxy (the cross-check: a local HAProxy 2.6 differs from
 * the 3.0 semantics Sluice follows in a few cases, named where they are tested). All state is
 * test-thread local except the origin's recording lists, which are concurrent.
 */
package io.sluice.it.http;
