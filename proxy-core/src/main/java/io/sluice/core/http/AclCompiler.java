package io.sluice.core.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sluice.config.model.Acl;
import io.sluice.config.model.Condition;

/**
 * Compiles the configuration's ACLs and conditions into allocation-free matchers, once, at start
 * on the main thread. Supported: fetches {@code path}, {@code url}, {@code method},
 * {@code hdr(name)}/{@code req.hdr(name)}, {@code src}, {@code dst_port}, {@code src_port},
 * {@code always_true}/{@code always_false}; methods {@code str}, {@code beg}, {@code end},
 * {@code sub}, {@code reg}, {@code found}, integers (values, ranges {@code a:b}, operators
 * {@code eq ge gt le lt}) and IP networks; {@code -i}. Anything else is refused with a clear
 * "not supported yet" error naming the file and line. The compiler keeps the regexes so that
 * {@link #newContext()} can give each loop thread its own matchers.
 */
public final class AclCompiler {

    /** A configuration error in an ACL, with its location. */
    public static final class AclException extends Exception {
        private static final long serialVersionUID = 1L;

        AclException(Acl acl, String message) {
            super(acl.file() + ":" + acl.line() + ": acl '" + acl.criterion() + "': " + message, null, false, false);
        }
    }

    private final Map<Acl, CompiledAcl> cache = new IdentityHashMap<>();
    private final List<Pattern> regexes = new ArrayList<>();

    /** Compiles {@code cond}; null compiles to {@link CompiledCondition#ALWAYS}. Main thread. */
    public CompiledCondition compile(Condition cond) throws AclException {
        if (cond == null) {
            return CompiledCondition.ALWAYS;
        }
        CompiledCondition.Term[][] groups = new CompiledCondition.Term[cond.groups().size()][];
        for (int g = 0; g < groups.length; g++) {
            List<Condition.Term> terms = cond.groups().get(g);
            groups[g] = new CompiledCondition.Term[terms.size()];
            for (int t = 0; t < terms.size(); t++) {
                Condition.Term term = terms.get(t);
                CompiledAcl[] acls = new CompiledAcl[term.acls().size()];
                for (int a = 0; a < acls.length; a++) {
                    acls[a] = compile(term.acls().get(a));
                }
                groups[g][t] = new CompiledCondition.Term(term.negated(), acls);
            }
        }
        return new CompiledCondition(cond.unless(), groups);
    }

    /** A fresh per-thread context with its own regex matchers; call after every compile. */
    public HttpMatchContext newContext() {
        Matcher[] m = new Matcher[regexes.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = regexes.get(i).matcher("");
        }
        return new HttpMatchContext(m);
    }

    private CompiledAcl compile(Acl acl) throws AclException {
        CompiledAcl c = cache.get(acl);
        if (c == null) {
            c = build(acl);
            cache.put(acl, c);
        }
        return c;
    }

    private CompiledAcl build(Acl acl) throws AclException {
        int fetch = switch (acl.fetch()) {
            case "path" -> CompiledAcl.F_PATH;
            case "url" -> CompiledAcl.F_URL;
            case "method" -> CompiledAcl.F_METHOD;
            case "hdr", "req.hdr" -> CompiledAcl.F_HDR;
            case "src" -> CompiledAcl.F_SRC;
            case "dst_port" -> CompiledAcl.F_DST_PORT;
            case "src_port" -> CompiledAcl.F_SRC_PORT;
            case "always_true" -> CompiledAcl.F_TRUE;
            case "always_false" -> CompiledAcl.F_FALSE;
            default -> throw new AclException(acl, "fetch '" + acl.fetch() + "' is not supported yet");
        };
        byte[] hdr = null;
        if (fetch == CompiledAcl.F_HDR) {
            if (acl.fetchArgs().isEmpty() || acl.fetchArgs().get(0).isEmpty()) {
                throw new AclException(acl, "hdr() without a header name is not supported yet");
            }
            if (acl.fetchArgs().size() > 1) {
                throw new AclException(acl, "the occurrence argument of " + acl.fetch()
                        + "(<name>,<occ>) is not supported yet");
            }
            hdr = acl.fetchArgs().get(0).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.ISO_8859_1);
        }
        int match = switch (acl.match()) {
            case STR -> CompiledAcl.M_STR;
            case BEG -> CompiledAcl.M_BEG;
            case END -> CompiledAcl.M_END;
            case SUB -> CompiledAcl.M_SUB;
            case REG -> CompiledAcl.M_REG;
            case INT -> CompiledAcl.M_INT;
            case IP -> CompiledAcl.M_IP;
            case FOUND -> CompiledAcl.M_FOUND;
            case BOOL -> CompiledAcl.M_FOUND;
            default -> throw new AclException(acl, "match method '" + acl.match().name().toLowerCase(Locale.ROOT)
                    + "' is not supported yet");
        };
        boolean numeric = fetch == CompiledAcl.F_DST_PORT || fetch == CompiledAcl.F_SRC_PORT;
        if (numeric != (match == CompiledAcl.M_INT) && fetch != CompiledAcl.F_TRUE && fetch != CompiledAcl.F_FALSE) {
            if (numeric || match == CompiledAcl.M_INT) {
                throw new AclException(acl, "match method does not fit the fetch");
            }
        }
        if ((fetch == CompiledAcl.F_SRC) != (match == CompiledAcl.M_IP)) {
            throw new AclException(acl, "match method does not fit the fetch");
        }
        List<String> pats = acl.patterns();
        byte[][] bytes = new byte[0][];
        int[] regexIds = new int[0];
        long[] lo = new long[0];
        long[] hi = new long[0];
        byte[][] nets = new byte[0][];
        int[] bits = new int[0];
        if (match == CompiledAcl.M_INT) {
            List<long[]> ranges = intRanges(acl, pats);
            lo = new long[ranges.size()];
            hi = new long[ranges.size()];
            for (int i = 0; i < lo.length; i++) {
                lo[i] = ranges.get(i)[0];
                hi[i] = ranges.get(i)[1];
            }
        } else if (match == CompiledAcl.M_IP) {
            nets = new byte[pats.size()][];
            bits = new int[pats.size()];
            for (int i = 0; i < nets.length; i++) {
                network(acl, pats.get(i), nets, bits, i);
            }
        } else {
            bytes = new byte[pats.size()][];
            regexIds = new int[pats.size()];
            for (int i = 0; i < bytes.length; i++) {
                String p = acl.ignoreCase() ? pats.get(i).toLowerCase(Locale.ROOT) : pats.get(i);
                bytes[i] = p.getBytes(StandardCharsets.ISO_8859_1);
                if (match == CompiledAcl.M_REG) {
                    try {
                        regexes.add(Pattern.compile(pats.get(i), acl.ignoreCase() ? Pattern.CASE_INSENSITIVE : 0));
                    } catch (java.util.regex.PatternSyntaxException e) {
                        throw new AclException(acl, "invalid regex '" + pats.get(i) + "': " + e.getDescription());
                    }
                    regexIds[i] = regexes.size() - 1;
                }
            }
        }
        return new CompiledAcl(fetch, match, acl.ignoreCase(), hdr, bytes, regexIds, lo, hi, nets, bits);
    }

    private static List<long[]> intRanges(Acl acl, List<String> pats) throws AclException {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < pats.size(); i++) {
            String p = pats.get(i);
            try {
                switch (p) {
                    case "eq", "ge", "gt", "le", "lt" -> {
                        if (i + 1 >= pats.size()) {
                            throw new AclException(acl, "operator '" + p + "' without a value");
                        }
                        long v = Long.parseLong(pats.get(++i));
                        out.add(switch (p) {
                            case "eq" -> new long[] {v, v};
                            case "ge" -> new long[] {v, Long.MAX_VALUE};
                            case "gt" -> new long[] {v + 1, Long.MAX_VALUE};
                            case "le" -> new long[] {Long.MIN_VALUE, v};
                            default -> new long[] {Long.MIN_VALUE, v - 1};
                        });
                    }
                    default -> {
                        int colon = p.indexOf(':');
                        if (colon < 0) {
                            long v = Long.parseLong(p);
                            out.add(new long[] {v, v});
                        } else {
                            long a = colon == 0 ? Long.MIN_VALUE : Long.parseLong(p.substring(0, colon));
                            long b = colon == p.length() - 1 ? Long.MAX_VALUE : Long.parseLong(p.substring(colon + 1));
                            out.add(new long[] {a, b});
                        }
                    }
                }
            } catch (NumberFormatException e) {
                throw new AclException(acl, "invalid integer pattern '" + p + "'");
            }
        }
        return out;
    }

    private static void network(Acl acl, String p, byte[][] nets, int[] bits, int i) throws AclException {
        int slash = p.indexOf('/');
        String addr = slash < 0 ? p : p.substring(0, slash);
        if (!addr.matches("[0-9a-fA-F:.]+")) {
            throw new AclException(acl, "host names in IP patterns are not supported yet: '" + p + "'");
        }
        try {
            byte[] a = InetAddress.getByName(addr).getAddress();
            int b = a.length * 8;
            if (slash >= 0) {
                String m = p.substring(slash + 1);
                if (m.contains(".")) {
                    byte[] mask = InetAddress.getByName(m).getAddress();
                    b = 0;
                    for (byte x : mask) {
                        b += Integer.bitCount(x & 0xff);
                    }
                } else {
                    b = Integer.parseInt(m);
                }
            }
            if (b < 0 || b > a.length * 8) {
                throw new AclException(acl, "invalid network '" + p + "'");
            }
            nets[i] = a;
            bits[i] = b;
        } catch (UnknownHostException | NumberFormatException e) {
            throw new AclException(acl, "invalid address '" + p + "'");
        }
    }
}
