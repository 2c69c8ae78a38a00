/**
 * The keyword providers, one per subsystem (global, tune, proxy, server, acl/conditions, http
 * rules, log, never-supported), registered through {@code META-INF/services}. Each parser runs on
 * the main thread while the configuration is read and only writes into the section drafts.
 */
package io.sluice.config.kw;
