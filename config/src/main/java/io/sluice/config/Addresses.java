package io.sluice.config;

import io.sluice.config.model.Address;

/**
 * Parses addresses the way HAProxy's {@code str2sa_range()} does for the three places Sluice uses
 * them. Pure functions, callable from any thread.
 */
public final class Addresses {

    /** Where an address is used: decides what is mandatory and what is allowed. */
    public enum Use {
        /** {@code bind}: port mandatory, ranges allowed, {@code *}/empty host allowed, fd@ allowed. */
        BIND,
        /** {@code server}: port optional, no range, no wildcard. */
        SERVER,
        /** {@code stats socket}: a UNIX path or a TCP address with a port, fd@ allowed. */
        STATS,
        /** {@code log} targets: port optional (514), UNIX paths allowed. */
        LOG
    }

    private Addresses() {
    }

    /**
     * Parses {@code text} for {@code use}.
     *
     * @throws BadValue with HAProxy's wording of what is wrong
     */
    public static Address parse(String text, Use use) throws BadValue {
        String s = text;
        Address.Family family = null;
        int at = s.indexOf('@');
        if (at > 0 && s.substring(0, at).matches("[a-z0-9+]+")) {
            String prefix = s.substring(0, at);
            s = s.substring(at + 1);
            switch (prefix) {
                case "ipv4" -> family = Address.Family.IPV4;
                case "ipv6" -> family = Address.Family.IPV6;
                case "unix" -> family = Address.Family.UNIX;
                case "fd" -> {
                    if (use == Use.SERVER) {
                        throw new BadValue("'fd@' is not allowed for a server address: '" + text + "'");
                    }
                    return fd(text, s);
                }
                case "abns", "abnsz", "sockpair", "udp", "udp4", "udp6", "quic4", "quic6", "uxdg", "uxst",
                     "tcp", "tcp4", "tcp6", "rhttp", "mptcp", "mptcp4", "mptcp6" -> throw new BadValue(
                        "address family '" + prefix + "@' is not supported by Sluice: '" + text + "'");
                default -> throw new BadValue("unknown address family '" + prefix + "@' in '" + text + "'");
            }
        }
        if (family == Address.Family.UNIX || (family == null && s.startsWith("/"))) {
            if (use == Use.SERVER && family == null) {
                // HAProxy accepts a bare path for servers too.
                family = Address.Family.UNIX;
            }
            if (s.isEmpty()) {
                throw new BadValue("empty UNIX socket path in '" + text + "'");
            }
            return new Address(Address.Family.UNIX, null, 0, 0, s, -1, text);
        }
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new BadValue("invalid address: '" + text + "'");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (rest.isEmpty()) {
                port = null;
            } else if (rest.startsWith(":")) {
                port = rest.substring(1);
            } else {
                throw new BadValue("invalid address: '" + text + "'");
            }
            family = Address.Family.IPV6;
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                host = s;
                port = null;
            } else {
                host = s.substring(0, colon);
                port = s.substring(colon + 1);
            }
            if (host.indexOf(':') >= 0) {
                family = Address.Family.IPV6;
            }
        }
        if (family == null) {
            family = Address.Family.IPV4;
        }
        if ("*".equals(host) || "::".equals(host) && use == Use.BIND) {
            host = "*".equals(host) ? "" : host;
        }
        if (host.isEmpty() && use != Use.BIND && use != Use.STATS) {
            throw new BadValue("no address was expected in '" + text + "'");
        }
        if (!host.isEmpty()) {
            validateHost(host, family, text);
        }
        int low = 0;
        int high = 0;
        if (port == null || port.isEmpty()) {
            if (use == Use.BIND || use == Use.STATS) {
                throw new BadValue("missing port number: '" + text + "'");
            }
        } else {
            int dash = port.indexOf('-');
            if (dash > 0) {
                if (use != Use.BIND) {
                    throw new BadValue("port ranges are not allowed here: '" + text + "'");
                }
                low = port(port.substring(0, dash), text);
                high = port(port.substring(dash + 1), text);
                if (high < low) {
                    throw new BadValue("invalid port range '" + port + "' in '" + text + "'");
                }
            } else {
                low = port(port, text);
                high = low;
            }
        }
        return new Address(family, host, low, high, null, -1, text);
    }

    private static Address fd(String text, String n) throws BadValue {
        if (n.isEmpty()) {
            throw new BadValue("missing file descriptor number in '" + text + "'");
        }
        for (int i = 0; i < n.length(); i++) {
            if (!Character.isDigit(n.charAt(i))) {
                throw new BadValue("file descriptor '" + n + "' is not a valid number in '" + text + "'");
            }
        }
        int fd;
        try {
            fd = Integer.parseInt(n);
        } catch (NumberFormatException e) {
            throw new BadValue("file descriptor '" + n + "' is not a valid number in '" + text + "'");
        }
        return new Address(Address.Family.FD, null, 0, 0, null, fd, text);
    }

    private static int port(String p, String text) throws BadValue {
        if (p.isEmpty() || p.length() > 5) {
            throw new BadValue("invalid port '" + p + "' in '" + text + "'");
        }
        for (int i = 0; i < p.length(); i++) {
            if (!Character.isDigit(p.charAt(i))) {
                throw new BadValue("invalid port '" + p + "' in '" + text + "'");
            }
        }
        int v = Integer.parseInt(p);
        if (v < 1 || v > 65535) {
            throw new BadValue("invalid port '" + p + "' in '" + text + "'");
        }
        return v;
    }

    private static void validateHost(String host, Address.Family family, String text) throws BadValue {
        if (family == Address.Family.IPV6) {
            if (!host.matches("[0-9A-Fa-f:.]+") || host.indexOf(':') < 0) {
                throw new BadValue("invalid address: '" + text + "'");
            }
            return;
        }
        if (host.matches("[0-9.]+")) {
            String[] parts = host.split("\\.", -1);
            if (parts.length != 4) {
                throw new BadValue("invalid address: '" + text + "'");
            }
            for (String part : parts) {
                if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
                    throw new BadValue("invalid address: '" + text + "'");
                }
            }
            return;
        }
        if (!host.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
            throw new BadValue("invalid address: '" + text + "'");
        }
    }
}
