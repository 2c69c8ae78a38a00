/**
 * Offline readers of JFR recordings taken on a running Sluice by the side-by-side scripts: bytes allocated per
 * request on the event-loop threads ({@code jdk.ThreadAllocationStatistics}) and their allocation sites. No
 * shared mutable state: every method runs on the caller's thread.
 */
package io.sluice.bench.alloc;
