package io.sluice.config.model;

import java.util.List;

/**
 * One {@code bind} line: its addresses (a comma-separated list in the configuration) and options.
 *
 * @param addresses every address of the line, in order
 * @param name the {@code name} option, null if absent
 * @param thread the {@code thread} option as written (e.g. {@code 1-2}, {@code 1/all}), null if absent
 * @param file the configuration file
 * @param line the line in {@code file}
 */
public record Bind(List<Address> addresses, String name, String thread, String file, int line) {
    /** Makes the lists immutable. */
    public Bind {
        addresses = List.copyOf(addresses);
    }
}
