/**
 * The entry point: haproxy's command line ({@link io.sluice.core.main.CommandLine}), version and
 * build options ({@link io.sluice.core.main.VersionInfo}), {@code -cc} conditions
 * (evaluated by {@link io.sluice.config.CondExpr}) and {@link io.sluice.core.main.Main}. Everything here runs
 * on the main thread before any loop thread exists.
 */
package io.sluice.core.main;
