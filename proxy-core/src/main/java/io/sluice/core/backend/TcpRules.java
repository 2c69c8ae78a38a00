package io.sluice.core.backend;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import io.sluice.config.model.Acl;
import io.sluice.config.model.Condition;
import io.sluice.config.model.MatchMethod;

/**
 * Conditions of {@code use_backend} compiled for mode tcp: the layer-4 fetches {@code src}, {@code src_port},
 * {@code dst_port} and the predefined {@code always_true} / {@code always_false}. Compiled on main at start (any
 * other fetch is refused there with "not supported yet"); evaluated on loop threads without allocating.
 */
public final class TcpRules {
    private TcpRules() {
    }

    /** The facts a condition looks at, filled by the session on its thread. */
    public static final class Facts {
        /** Client address bytes (4 or 16), null when unknown. */
        public byte[] src;
        /** Client port. */
        public int srcPort;
        /** Local (frontend) port. */
        public int dstPort;
    }

    /** A compiled condition; {@link #matches} runs on a loop thread. */
    public interface Cond {
        /** Runs on a loop thread: evaluates the condition. */
        boolean matches(Facts f);
    }

    /** A compiled ACL (one definition; a name may have several, OR'ed). */
    private interface Test {
        boolean test(Facts f);
    }

    /**
     * Runs on main: compiles {@code c}; null means "always" (no condition).
     *
     * @throws IllegalArgumentException "not supported yet" for a fetch without a mode tcp runtime
     */
    public static Cond compile(Condition c) {
        if (c == null) {
            return null;
        }
        List<Test[][]> groups = new ArrayList<>();
        Test[][][] compiled = new Test[c.groups().size()][][];
        boolean[][] negs = new boolean[c.groups().size()][];
        for (int g = 0; g < c.groups().size(); g++) {
            List<Condition.Term> terms = c.groups().get(g);
            compiled[g] = new Test[terms.size()][];
            negs[g] = new boolean[terms.size()];
            for (int t = 0; t < terms.size(); t++) {
                Condition.Term term = terms.get(t);
                negs[g][t] = term.negated();
                List<Acl> acls = term.acls();
                compiled[g][t] = new Test[acls.size()];
                for (int a = 0; a < acls.size(); a++) {
                    compiled[g][t][a] = compileAcl(acls.get(a));
                }
            }
        }
        groups.clear();
        boolean unless = c.unless();
        return f -> {
            boolean any = false;
            for (int g = 0; g < compiled.length && !any; g++) {
                boolean all = true;
                for (int t = 0; t < compiled[g].length && all; t++) {
                    boolean v = false;
                    for (Test x : compiled[g][t]) {
                        if (x.test(f)) {
                            v = true;
                            break;
                        }
                    }
                    all = v != negs[g][t];
                }
                any = all;
            }
            return any != unless;
        };
    }

    private static Test compileAcl(Acl acl) {
        String fetch = acl.fetch();
        String where = "[" + acl.file() + ":" + acl.line() + "] : ";
        // Only each fetch's own match method runs here (ip for src, int for the ports): refuse the others.
        MatchMethod own = fetch.equals("src") ? MatchMethod.IP
                : fetch.equals("src_port") || fetch.equals("dst_port") ? MatchMethod.INT : null;
        if (own != null && acl.match() != own) {
            throw new IllegalArgumentException(where + "match method '-m "
                    + acl.match().name().toLowerCase(java.util.Locale.ROOT) + "' in ACL '" + acl.name()
                    + "' is not supported yet in mode tcp (" + fetch + " matches as '-m "
                    + own.name().toLowerCase(java.util.Locale.ROOT) + "')");
        }
        switch (fetch) {
            case "always_true":
                return f -> true;
            case "always_false":
                return f -> false;
            case "src":
                return compileIp(acl, where);
            case "src_port":
                return compilePorts(acl, where, false);
            case "dst_port":
                return compilePorts(acl, where, true);
            default:
                throw new IllegalArgumentException(where + "fetch '" + fetch + "' in ACL '" + acl.name()
                        + "' is not supported yet in mode tcp (supported: src, src_port, dst_port)");
        }
    }

    private static Test compileIp(Acl acl, String where) {
        int n = acl.patterns().size();
        byte[][] nets = new byte[n][];
        int[] bits = new int[n];
        for (int i = 0; i < n; i++) {
            String p = acl.patterns().get(i);
            int slash = p.indexOf('/');
            String host = slash < 0 ? p : p.substring(0, slash);
            try {
                nets[i] = InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(where + "ACL '" + acl.name() + "' : bad address '" + p + "'");
            }
            if (slash < 0) {
                bits[i] = nets[i].length * 8;
            } else {
                String m = p.substring(slash + 1);
                if (m.contains(".")) {
                    try {
                        bits[i] = Integer.bitCount(java.nio.ByteBuffer.wrap(InetAddress.getByName(m).getAddress())
                                .getInt());
                    } catch (UnknownHostException e) {
                        throw new IllegalArgumentException(where + "ACL '" + acl.name() + "' : bad mask '" + p + "'");
                    }
                } else {
                    bits[i] = Integer.parseInt(m);
                }
            }
        }
        return f -> {
            byte[] a = f.src;
            if (a == null) {
                return false;
            }
            for (int i = 0; i < nets.length; i++) {
                if (prefixMatch(a, nets[i], bits[i])) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Runs on any thread: true if the first {@code bits} bits of {@code a} and {@code net} agree. */
    static boolean prefixMatch(byte[] a, byte[] net, int bits) {
        byte[] x = a;
        if (a.length == 16 && net.length == 4 && isV4Mapped(a)) {
            x = new byte[] {a[12], a[13], a[14], a[15]};
        }
        if (x.length != net.length) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (x[i] != net[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (x[full] & mask) == (net[full] & mask);
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }

    private static Test compilePorts(Acl acl, String where, boolean dst) {
        int n = acl.patterns().size();
        int[] lo = new int[n];
        int[] hi = new int[n];
        for (int i = 0; i < n; i++) {
            String p = acl.patterns().get(i);
            try {
                int c = p.indexOf(':');
                if (c < 0) {
                    lo[i] = hi[i] = Integer.parseInt(p);
                } else {
                    lo[i] = c == 0 ? 0 : Integer.parseInt(p.substring(0, c));
                    hi[i] = c == p.length() - 1 ? Integer.MAX_VALUE : Integer.parseInt(p.substring(c + 1));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "ACL '" + acl.name() + "' : bad port '" + p + "'");
            }
        }
        return f -> {
            int v = dst ? f.dstPort : f.srcPort;
            for (int i = 0; i < lo.length; i++) {
                if (v >= lo[i] && v <= hi[i]) {
                    return true;
                }
            }
            return false;
        };
    }
}
