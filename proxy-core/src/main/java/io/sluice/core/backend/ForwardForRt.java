package io.sluice.core.backend;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.sluice.config.model.ForwardFor;
import io.sluice.config.model.Proxy;
import io.sluice.core.h1.HeaderTable;

/**
 * One proxy's {@code option forwardfor [except <network>] [header <name>] [if-none]}, compiled on main at start;
 * immutable and shared by every loop thread afterwards. {@link #header} applies HAProxy's rules
 * ({@code http_process_request}) for a frontend and the backend the request was switched to:
 * <ul>
 *   <li>FWD-1 the header is added when the frontend or the backend has the option;</li>
 *   <li>FWD-2 its name is the backend's when the backend has the option (its {@code header}, else the default
 *       {@code X-Forwarded-For}), else the frontend's;</li>
 *   <li>FWD-3 {@code if-none} skips a request that already has a header of that name, unless one of the two proxies
 *       has the option without {@code if-none} (HAProxy ORs the proxies' "always" flags);</li>
 *   <li>FWD-4 a client in the frontend's or the backend's {@code except} network gets no header (same address family
 *       only: an IPv6 network never holds an IPv4 client, and the reverse).</li>
 * </ul>
 */
public final class ForwardForRt {
    /** A proxy without the option. */
    public static final ForwardForRt OFF = new ForwardForRt(false, ForwardFor.DEFAULT_HEADER, false, null, 0);

    private final boolean enabled;
    /** The lower-case name, as the parser stores names (for {@link HeaderTable#find}). */
    private final byte[] lowerName;
    /** {@code "<lower-case name>: "}, the start of the added line. */
    private final byte[] line;
    private final boolean ifNone;
    /** The except network, masked (4 or 16 bytes), null if none; and its prefix length. */
    private final byte[] exceptNet;
    private final int exceptBits;

    private ForwardForRt(boolean enabled, String header, boolean ifNone, byte[] exceptNet, int exceptBits) {
        this.enabled = enabled;
        String lower = header.toLowerCase(Locale.ROOT);
        this.lowerName = lower.getBytes(StandardCharsets.ISO_8859_1);
        this.line = (lower + ": ").getBytes(StandardCharsets.ISO_8859_1);
        this.ifNone = ifNone;
        this.exceptNet = exceptNet;
        this.exceptBits = exceptBits;
    }

    /**
     * Runs on main at start: compiles {@code p}'s option ({@link #OFF} when not enabled).
     *
     * @throws IllegalArgumentException naming the option's file:line when the except network is invalid
     */
    public static ForwardForRt of(Proxy p) {
        if (!p.option("forwardfor")) {
            return OFF;
        }
        ForwardFor f = p.forwardfor();
        if (f.except() == null) {
            return new ForwardForRt(true, f.header(), f.ifNone(), null, 0);
        }
        String where = "[" + f.file() + ":" + f.line() + "] : 'option forwardfor except " + f.except() + "' : ";
        String net = f.except();
        int slash = net.indexOf('/');
        String addr = slash < 0 ? net : net.substring(0, slash);
        byte[] a = literal(addr, where);
        int bits = a.length * 8;
        if (slash >= 0) {
            String mask = net.substring(slash + 1);
            bits = mask.indexOf('.') >= 0 && a.length == 4 ? dottedMask(mask, where) : prefix(mask, a.length * 8,
                    where);
        }
        for (int i = 0; i < a.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            a[i] &= (byte) (0xFF00 >> keep);
        }
        return new ForwardForRt(true, f.header(), f.ifNone(), a, bits);
    }

    private static byte[] literal(String addr, String where) {
        // Literal addresses only: never a DNS lookup at start.
        if (addr.isEmpty() || !addr.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            throw new IllegalArgumentException(where + "'" + addr + "' is not an IPv4 or IPv6 address.");
        }
        try {
            return InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(where + "'" + addr + "' is not an IPv4 or IPv6 address.");
        }
    }

    private static int prefix(String mask, int max, String where) {
        try {
            int b = Integer.parseInt(mask);
            if (b >= 0 && b <= max) {
                return b;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(where + "invalid mask '" + mask + "'.");
    }

    private static int dottedMask(String mask, String where) {
        byte[] m = literal(mask, where);
        int v = ((m[0] & 0xFF) << 24) | ((m[1] & 0xFF) << 16) | ((m[2] & 0xFF) << 8) | (m[3] & 0xFF);
        int bits = Integer.bitCount(v);
        if (v != (bits == 0 ? 0 : -1 << (32 - bits))) {
            throw new IllegalArgumentException(where + "invalid mask '" + mask + "'.");
        }
        return bits;
    }

    /**
     * Runs on the stream's loop thread, once per client connection (allocates the text): the client address as
     * HAProxy writes it (inet_ntop): dotted IPv4, or IPv6 in its compressed form (RFC 5952: lower-case hex, the
     * longest run of two or more zero groups as {@code ::}).
     */
    public static byte[] addressText(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length != 16) {
            return a.getHostAddress().getBytes(StandardCharsets.ISO_8859_1);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && b[2 * j] == 0 && b[2 * j + 1] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF)));
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Runs on any thread: the option is enabled on this proxy. */
    public boolean enabled() {
        return enabled;
    }

    /** Runs on any thread: FWD-4: {@code src} (4 or 16 bytes) is in this proxy's except network. */
    boolean excepts(byte[] src) {
        if (exceptNet == null || src == null || src.length != exceptNet.length) {
            return false;
        }
        for (int i = 0; i < src.length; i++) {
            int keep = Math.max(0, Math.min(8, exceptBits - i * 8));
            if ((src[i] & (0xFF00 >> keep) & 0xFF) != (exceptNet[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs on the stream's loop thread: FWD-1..4 for frontend {@code fe} and backend {@code be}: the
     * {@code "<name>: "} bytes of the header to add for client {@code src} to the request whose header lines are
     * {@code h}, or null when none is added. Allocates nothing.
     */
    public static byte[] header(ForwardForRt fe, ForwardForRt be, byte[] src, HeaderTable h) {
        if (!fe.enabled && !be.enabled) {
            return null;
        }
        ForwardForRt named = be.enabled ? be : fe;
        boolean always = (fe.enabled && !fe.ifNone) || (be.enabled && !be.ifNone);
        if (!always && h.find(named.lowerName, 0) >= 0) {
            return null;
        }
        if (src == null || fe.excepts(src) || be.excepts(src)) {
            return null;
        }
        return named.line;
    }
}
