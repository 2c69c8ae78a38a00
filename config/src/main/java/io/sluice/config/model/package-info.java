/**
 * The immutable configuration model (records) the runtime reads: {@link io.sluice.config.model.Config},
 * its global section, proxies, servers, binds, ACLs, conditions and rules. Built once on the main
 * thread; immutable afterwards and safe to read from every loop thread.
 */
package io.sluice.config.model;
