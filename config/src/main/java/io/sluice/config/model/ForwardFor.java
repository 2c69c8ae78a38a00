package io.sluice.config.model;

/**
 * The arguments of a proxy's {@code option forwardfor [except <network>] [header <name>] [if-none]} (whether the
 * option is enabled is {@link Proxy#option(String)}).
 *
 * @param header the header name as written ({@code X-Forwarded-For} by default)
 * @param except the {@code except} network as written ({@code <address>[/<mask>]}, IPv4 or IPv6), null if none
 * @param ifNone {@code if-none}: add the header only when the request has none
 * @param file the configuration file of the option's line, null for the built-in default
 * @param line its line, 0 for the built-in default
 */
public record ForwardFor(String header, String except, boolean ifNone, String file, int line) {
    /** HAProxy's default header name. */
    public static final String DEFAULT_HEADER = "X-Forwarded-For";
    /** What a proxy without the option (or with no argument) carries. */
    public static final ForwardFor DEFAULT = new ForwardFor(DEFAULT_HEADER, null, false, null, 0);
}
