/**
 * jcstress suite of the fd table's protocols (soak profile only): the interactions of issue 3 on real
 * hardware and the real memory model, plus one canary (HAProxy 2.8's UPD-12, reported as "interesting"). The
 * tests live in {@code io.sluice.fdtable} to reach the table's package-private line accessors for the canary.
 * Each test builds its own table per sample; no state is shared between samples.
 */
package io.sluice.fdtable;
