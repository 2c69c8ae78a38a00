package io.sluice.config.model;

import java.util.List;

/**
 * The {@code balance} algorithm and its arguments (e.g. {@code hdr(host)}'s name).
 *
 * @param algorithm roundrobin, static-rr, leastconn, first, source, random, uri, url_param, hdr,
 *        rdp-cookie or hash
 * @param args the words after the algorithm
 */
public record Balance(String algorithm, List<String> args) {
    /** HAProxy's default: roundrobin. */
    public static final Balance ROUNDROBIN = new Balance("roundrobin", List.of());

    /** Makes the lists immutable. */
    public Balance {
        args = List.copyOf(args);
    }
}
