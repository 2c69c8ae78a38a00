package io.sluice.config.model;

/**
 * One {@code server} line of a backend.
 *
 * @param name the server's name, unique in its backend
 * @param address where it listens (port 0 = the client's destination port)
 * @param params limits, weight, checks and state flags (default-server applied)
 * @param file the configuration file
 * @param line the line in {@code file}
 */
public record Server(String name, Address address, ServerParams params, String file, int line) {
}
