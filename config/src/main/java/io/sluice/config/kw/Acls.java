package io.sluice.config.kw;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.sluice.config.model.Acl;
import io.sluice.config.model.MatchMethod;

/**
 * ACL expressions: {@code <criterion> [-i] [-m <method>] [--] <pattern>...} (HAProxy's
 * {@code parse_acl_expr}), the known sample fetches with their default match, and the predefined
 * ACLs ({@code TRUE}, {@code METH_GET}, {@code HTTP_1.1}...). Pure functions on the parsing thread.
 */
public final class Acls {
    /** A fetch: its default matching method and whether it takes arguments in parentheses. */
    record Fetch(MatchMethod match, boolean args) {
    }

    /** Thrown with HAProxy's wording of what is wrong with an ACL expression. */
    static final class AclError extends Exception {
        private static final long serialVersionUID = 1L;

        AclError(String message) {
            super(message, null, false, false);
        }
    }

    static final Map<String, Fetch> FETCHES = Map.ofEntries(
            Map.entry("path", new Fetch(MatchMethod.STR, false)),
            Map.entry("url", new Fetch(MatchMethod.STR, false)),
            Map.entry("base", new Fetch(MatchMethod.STR, false)),
            Map.entry("query", new Fetch(MatchMethod.STR, false)),
            Map.entry("method", new Fetch(MatchMethod.STR, false)),
            Map.entry("req.ver", new Fetch(MatchMethod.STR, false)),
            Map.entry("req_ver", new Fetch(MatchMethod.STR, false)),
            Map.entry("res.ver", new Fetch(MatchMethod.STR, false)),
            Map.entry("hdr", new Fetch(MatchMethod.STR, true)),
            Map.entry("req.hdr", new Fetch(MatchMethod.STR, true)),
            Map.entry("req.fhdr", new Fetch(MatchMethod.STR, true)),
            Map.entry("res.hdr", new Fetch(MatchMethod.STR, true)),
            Map.entry("shdr", new Fetch(MatchMethod.STR, true)),
            Map.entry("cook", new Fetch(MatchMethod.STR, true)),
            Map.entry("req.cook", new Fetch(MatchMethod.STR, true)),
            Map.entry("url_param", new Fetch(MatchMethod.STR, true)),
            Map.entry("urlp", new Fetch(MatchMethod.STR, true)),
            Map.entry("hdr_ip", new Fetch(MatchMethod.IP, true)),
            Map.entry("req.hdr_ip", new Fetch(MatchMethod.IP, true)),
            Map.entry("hdr_cnt", new Fetch(MatchMethod.INT, true)),
            Map.entry("req.hdr_cnt", new Fetch(MatchMethod.INT, true)),
            Map.entry("hdr_val", new Fetch(MatchMethod.INT, true)),
            Map.entry("req.hdr_val", new Fetch(MatchMethod.INT, true)),
            Map.entry("src", new Fetch(MatchMethod.IP, false)),
            Map.entry("dst", new Fetch(MatchMethod.IP, false)),
            Map.entry("src_port", new Fetch(MatchMethod.INT, false)),
            Map.entry("dst_port", new Fetch(MatchMethod.INT, false)),
            Map.entry("status", new Fetch(MatchMethod.INT, false)),
            Map.entry("fe_conn", new Fetch(MatchMethod.INT, true)),
            Map.entry("be_conn", new Fetch(MatchMethod.INT, true)),
            Map.entry("nbsrv", new Fetch(MatchMethod.INT, true)),
            Map.entry("srv_is_up", new Fetch(MatchMethod.BOOL, true)),
            Map.entry("always_true", new Fetch(MatchMethod.BOOL, false)),
            Map.entry("always_false", new Fetch(MatchMethod.BOOL, false)),
            Map.entry("req.len", new Fetch(MatchMethod.INT, false)),
            Map.entry("req.body_len", new Fetch(MatchMethod.INT, false)));

    private static final Map<String, MatchMethod> SUFFIXES = Map.of("_beg", MatchMethod.BEG, "_end", MatchMethod.END,
            "_sub", MatchMethod.SUB, "_reg", MatchMethod.REG, "_dir", MatchMethod.DIR, "_dom", MatchMethod.DOM,
            "_len", MatchMethod.LEN, "_str", MatchMethod.STR);

    private Acls() {
    }

    /**
     * Parses {@code words} (criterion first) into an ACL called {@code name} (null = anonymous).
     *
     * @throws AclError with HAProxy's message
     */
    static Acl parse(String name, List<String> words, String file, int line) throws AclError {
        if (words.isEmpty()) {
            throw new AclError("missing ACL expression");
        }
        String criterion = words.get(0);
        String base = criterion;
        List<String> fetchArgs = new ArrayList<>();
        int paren = criterion.indexOf('(');
        if (paren >= 0) {
            if (!criterion.endsWith(")")) {
                throw new AclError("missing closing ')' after arguments to fetch keyword '" + criterion.substring(0,
                        paren) + "' in ACL expression '" + criterion + "'");
            }
            base = criterion.substring(0, paren);
            String inner = criterion.substring(paren + 1, criterion.length() - 1);
            if (!inner.isEmpty()) {
                fetchArgs.addAll(List.of(inner.split(",", -1)));
            }
        }
        MatchMethod match = null;
        String fetch = base;
        Fetch f = FETCHES.get(base);
        if (f == null) {
            int us = base.lastIndexOf('_');
            if (us > 0 && SUFFIXES.containsKey(base.substring(us))) {
                f = FETCHES.get(base.substring(0, us));
                if (f != null) {
                    match = SUFFIXES.get(base.substring(us));
                    fetch = base.substring(0, us);
                }
            }
        }
        if (f == null) {
            if (base.startsWith("ssl_") || base.startsWith("sc_") || base.startsWith("sc0_")
                    || base.startsWith("sc1_") || base.startsWith("sc2_") || base.startsWith("lua.")) {
                throw new AclError("fetch method '" + base + "' is not supported by Sluice in ACL expression '"
                        + criterion + "'");
            }
            throw new AclError("unknown fetch method '" + base + "' in ACL expression '" + criterion + "'");
        }
        if (!f.args() && paren >= 0) {
            throw new AclError("fetch method '" + base + "' : no argument supported, but got '"
                    + String.join(",", fetchArgs) + "' in ACL expression '" + criterion + "'");
        }
        if (match == null) {
            match = f.match();
        }
        boolean ignoreCase = false;
        int i = 1;
        while (i < words.size()) {
            String flag = words.get(i);
            if (!flag.startsWith("-") || flag.matches("-\\d.*")) {
                break;
            }
            if (flag.equals("--")) {
                i++;
                break;
            }
            switch (flag) {
                case "-i" -> ignoreCase = true;
                case "-n" -> {
                }
                case "-m" -> {
                    if (i + 1 >= words.size()) {
                        throw new AclError("missing matching method");
                    }
                    match = method(words.get(++i), criterion);
                }
                case "-f", "-M" -> throw new AclError("pattern files ('" + flag + "') are not supported by Sluice");
                default -> throw new AclError("'" + flag + "' is not a valid ACL option. Please use '--' before any"
                        + " pattern beginning with a '-'");
            }
            i++;
        }
        List<String> patterns = new ArrayList<>(words.subList(Math.min(i, words.size()), words.size()));
        for (String p : patterns) {
            check(match, p, criterion);
        }
        if (patterns.isEmpty() && match != MatchMethod.BOOL && match != MatchMethod.FOUND
                && !base.startsWith("always_")) {
            match = MatchMethod.FOUND;
        }
        return new Acl(name, criterion, fetch, fetchArgs, ignoreCase, match, patterns, file, line);
    }

    private static MatchMethod method(String m, String criterion) throws AclError {
        return switch (m) {
            case "found" -> MatchMethod.FOUND;
            case "bool" -> MatchMethod.BOOL;
            case "int" -> MatchMethod.INT;
            case "ip" -> MatchMethod.IP;
            case "str" -> MatchMethod.STR;
            case "sub" -> MatchMethod.SUB;
            case "reg" -> MatchMethod.REG;
            case "beg" -> MatchMethod.BEG;
            case "end" -> MatchMethod.END;
            case "dir" -> MatchMethod.DIR;
            case "dom" -> MatchMethod.DOM;
            case "len" -> MatchMethod.LEN;
            default -> throw new AclError("unknown matching method '" + m + "' when parsing ACL expression");
        };
    }

    private static void check(MatchMethod m, String p, String criterion) throws AclError {
        switch (m) {
            case REG -> {
                try {
                    Pattern.compile(p);
                } catch (PatternSyntaxException e) {
                    throw new AclError("regex '" + p + "' is invalid");
                }
            }
            case INT, LEN -> {
                if (!p.matches("(eq|ne|lt|le|gt|ge)|-?\\d+(:-?\\d*)?|:-?\\d+")) {
                    throw new AclError("'" + p + "' is neither a number nor a supported operator");
                }
            }
            case IP -> {
                if (!p.matches("[0-9.]+(/\\d+(\\.\\d+){0,3})?") && !p.matches("[0-9A-Fa-f:.]+(/\\d+)?")
                        && !p.equals("LOCALHOST")) {
                    throw new AclError("'" + p + "' is not a valid IPv4 or IPv6 address");
                }
            }
            default -> {
            }
        }
    }

    /** Returns the predefined ACL called {@code name} (HAProxy's {@code default_acl_list}), or null. */
    static Acl predefined(String name) {
        String b = "<builtin>";
        return switch (name) {
            case "TRUE" -> new Acl(name, "always_true", "always_true", List.of(), false, MatchMethod.BOOL, List.of(),
                    b, 0);
            case "FALSE" -> new Acl(name, "always_false", "always_false", List.of(), false, MatchMethod.BOOL,
                    List.of(), b, 0);
            case "LOCALHOST" -> new Acl(name, "src", "src", List.of(), false, MatchMethod.IP,
                    List.of("127.0.0.1/8", "::1"), b, 0);
            case "HTTP_1.0" -> new Acl(name, "req.ver", "req.ver", List.of(), false, MatchMethod.STR, List.of("1.0"),
                    b, 0);
            case "HTTP_1.1" -> new Acl(name, "req.ver", "req.ver", List.of(), false, MatchMethod.STR, List.of("1.1"),
                    b, 0);
            case "HTTP" -> new Acl(name, "req.ver", "req.ver", List.of(), false, MatchMethod.FOUND, List.of(), b, 0);
            case "HTTP_URL_ABS" -> new Acl(name, "url_reg", "url", List.of(), false, MatchMethod.REG,
                    List.of("^[^/:]*://"), b, 0);
            case "HTTP_URL_SLASH" -> new Acl(name, "url_beg", "url", List.of(), false, MatchMethod.BEG,
                    List.of("/"), b, 0);
            case "HTTP_URL_STAR" -> new Acl(name, "url", "url", List.of(), false, MatchMethod.STR, List.of("*"), b, 0);
            case "HTTP_CONTENT" -> new Acl(name, "hdr_val(content-length)", "hdr", List.of("content-length"), false,
                    MatchMethod.INT, List.of("gt", "0"), b, 0);
            case "METH_CONNECT", "METH_DELETE", "METH_GET", "METH_HEAD", "METH_OPTIONS", "METH_POST", "METH_PUT",
                 "METH_TRACE" -> new Acl(name, "method", "method", List.of(), false, MatchMethod.STR,
                    name.equals("METH_GET") ? List.of("GET", "HEAD") : List.of(name.substring(5)), b, 0);
            default -> null;
        };
    }
}
