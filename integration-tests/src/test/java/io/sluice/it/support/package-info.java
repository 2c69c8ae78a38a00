/**
 * Helpers shared by every integration test: {@link io.sluice.it.support.SluiceProcess} starts the
 * shaded jar as a real process, captures its output and waits with a deadline. Used from the test
 * thread only; the drain threads only append to their own buffer under its monitor.
 */
package io.sluice.it.support;
