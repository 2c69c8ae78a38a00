/** JMH benchmarks of the H1 parser, head writer and ACL matching (single-threaded, no I/O). */
package io.sluice.bench.h1;
