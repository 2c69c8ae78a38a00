package io.sluice.config.model;

/**
 * A parsed socket address: {@code [ipv4@|ipv6@|unix@]host:port}, {@code :port}, {@code *:port},
 * a port range {@code host:low-high} (bind only), a UNIX path, or {@code fd@<n>} (an inherited,
 * already open socket).
 *
 * @param family the address family
 * @param host the host as written (IP literal or name, brackets removed); "" for any address,
 *        null for UNIX and FD
 * @param portLow the first port, 0 when none was given
 * @param portHigh the last port of a range, equal to {@code portLow} otherwise
 * @param path the UNIX socket path, null otherwise
 * @param fd the inherited file descriptor for FD, -1 otherwise
 * @param text the address as written in the configuration
 */
public record Address(Family family, String host, int portLow, int portHigh, String path, int fd, String text) {

    /** The families Sluice understands. */
    public enum Family {
        /** IPv4, or a name/any address that the runtime resolves (HAProxy's default). */
        IPV4,
        /** IPv6 (explicit {@code ipv6@} or a literal with colons). */
        IPV6,
        /** A UNIX stream socket path. */
        UNIX,
        /** An inherited file descriptor ({@code fd@<n>}). */
        FD
    }

    /** Returns true when this address names every local address ({@code :port} or {@code *:port}). */
    public boolean isAny() {
        return host != null && host.isEmpty();
    }

    /** Returns true when this is a port range of more than one port. */
    public boolean isRange() {
        return portHigh != portLow;
    }

    @Override
    public String toString() {
        return text;
    }
}
