package io.sluice.config.model;

/**
 * A {@code stats socket} line of the global section.
 *
 * @param address a UNIX path, a TCP address or fd@n
 * @param level user, operator (default) or admin
 * @param mode the UNIX socket permissions as written (e.g. 600), null if absent
 * @param exposeFd true with {@code expose-fd listeners}
 * @param file the configuration file
 * @param line the line in {@code file}
 */
public record StatsSocket(Address address, String level, String mode, boolean exposeFd, String file, int line) {
}
