package io.sluice.config.kw;

import java.util.ArrayList;
import java.util.List;

import io.sluice.config.BadValue;
import io.sluice.config.Keyword;
import io.sluice.config.Support;
import io.sluice.config.KeywordProvider;
import io.sluice.config.KeywordRegistry;
import io.sluice.config.ParseContext;
import io.sluice.config.Units;
import io.sluice.config.model.Condition;
import io.sluice.config.model.HttpRule;
import io.sluice.config.model.RedirectRule;

/**
 * {@code http-request}, {@code http-response} and {@code redirect}: each rule's action is
 * validated and parsed into {@link HttpRule}/{@link RedirectRule} so the HTTP rules issue only adds
 * the runtime. Runtime: none yet.
 */
public final class HttpRuleKeywords implements KeywordProvider {
    static final List<String> REQUEST_ACTIONS = List.of("add-header", "allow", "auth", "del-header", "deny",
            "disable-l7-retry", "redirect", "replace-header", "replace-path", "replace-uri", "replace-value", "return",
            "set-header", "set-log-level", "set-method", "set-path", "set-pathq", "set-query", "set-uri", "set-var",
            "tarpit", "unset-var", "wait-for-body");
    static final List<String> RESPONSE_ACTIONS = List.of("add-header", "allow", "del-header", "deny", "redirect",
            "replace-header", "replace-value", "return", "set-header", "set-log-level", "set-status", "set-var",
            "unset-var");
    private static final List<String> NEVER_PREFIXES = List.of("lua.", "track-sc", "sc-", "use-service",
            "send-spoe-group", "cache-", "do-resolve", "set-bandwidth-limit", "set-src", "set-dst", "silent-drop",
            "reject", "set-timeout", "strict-mode", "normalize-uri", "early-hint", "capture", "set-mark", "set-tos",
            "set-nice", "set-map", "del-map", "add-acl", "del-acl");

    @Override
    public void register(KeywordRegistry r) {
        r.register(Keyword.proxy("http-request", 1, ctx -> rule(ctx, true)).args(1, -1).notInDefaults()
                .missing("'%s' expects an action.").note("actions: " + String.join(", ", REQUEST_ACTIONS)
                        + " (starting refuses all but return, deny, redirect, allow, set/add/del-header for now)")
                .support(Support.RUNTIME));
        r.register(Keyword.proxy("http-response", 1, ctx -> rule(ctx, false)).args(1, -1).notInDefaults()
                .missing("'%s' expects an action.").note("actions: " + String.join(", ", RESPONSE_ACTIONS)
                        + " (starting refuses all but set/add/del-header for now)")
                .support(Support.RUNTIME));
        r.register(Keyword.proxy("redirect", 2, ctx -> {
            RedirectRule rr = redirect(ctx, 1, "error detected in " + ctx.proxy().kind.word() + " '"
                    + ctx.proxy().name + "' while parsing redirect rule : ");
            if (rr != null) {
                ctx.proxy().redirects.add(rr);
            }
        }).args(2, -1).notInDefaults()
                .missing("'%s' expects a redirect type ('location', 'prefix' or 'scheme') and its argument.")
                .note("location, prefix, scheme; code 301 302 303 307 308").support(Support.RUNTIME));
    }

    /** Returns the index of the first {@code if}/{@code unless} at or after {@code from}, or argc. */
    static int condAt(ParseContext ctx, int from) {
        for (int i = from; i < ctx.argc(); i++) {
            if (ctx.arg(i).equals("if") || ctx.arg(i).equals("unless")) {
                return i;
            }
        }
        return ctx.argc();
    }

    private static void rule(ParseContext ctx, boolean request) {
        String kw = request ? "http-request" : "http-response";
        String action = ctx.arg(1);
        List<String> known = request ? REQUEST_ACTIONS : RESPONSE_ACTIONS;
        String base = action.contains("(") ? action.substring(0, action.indexOf('(')) : action;
        for (String p : NEVER_PREFIXES) {
            if (base.startsWith(p)) {
                ctx.alert("'" + kw + " " + action + "' is not supported by Sluice.");
                return;
            }
        }
        if (!known.contains(base)) {
            ctx.alert("'" + kw + "' expects " + ProxyKeywords.list(known) + ", but got '" + action + "'.");
            return;
        }
        int end = condAt(ctx, 2);
        Condition cond = null;
        if (end < ctx.argc()) {
            cond = Conditions.parse(ctx, end, "an '" + kw + " " + action + "' condition");
            if (cond == null) {
                return;
            }
        }
        List<String> args = new ArrayList<>(ctx.args().subList(2, end));
        String prefix = "'" + kw + " " + action + "'";
        int status = 0;
        String contentType = null;
        String bodyKind = null;
        String body = null;
        String hName = null;
        String hValue = null;
        RedirectRule redirect = null;
        switch (base) {
            case "allow", "disable-l7-retry" -> {
                if (!args.isEmpty()) {
                    ctx.alert(prefix + " cannot handle unexpected argument '" + args.get(0) + "'.");
                    return;
                }
            }
            case "deny", "tarpit", "return" -> {
                status = base.equals("return") ? 200 : 403;
                for (int i = 0; i < args.size(); i++) {
                    String k = args.get(i);
                    String v = i + 1 < args.size() ? args.get(i + 1) : "";
                    switch (k) {
                        case "status", "deny_status" -> {
                            if (k.equals("deny_status") && base.equals("return")) {
                                ctx.alert(prefix + " : unknown keyword 'deny_status'.");
                                return;
                            }
                            try {
                                status = (int) Units.integer(v, 200, 599);
                            } catch (BadValue e) {
                                ctx.alert(prefix + " : status code must be between 200 and 599 (got '" + v + "').");
                                return;
                            }
                            if (!base.equals("return") && !ProxyKeywords.ERROR_CODES.contains(v)) {
                                ctx.alert(prefix + " : status code '" + v + "' not handled.");
                                return;
                            }
                            i++;
                        }
                        case "content-type" -> {
                            if (v.isEmpty()) {
                                ctx.alert(prefix + " : 'content-type' expects a type.");
                                return;
                            }
                            contentType = v;
                            i++;
                        }
                        case "string", "lf-string", "file", "lf-file", "errorfile", "errorfiles" -> {
                            if (v.isEmpty()) {
                                ctx.alert(prefix + " : '" + k + "' expects an argument.");
                                return;
                            }
                            if (bodyKind != null) {
                                ctx.alert(prefix + " : '" + k + "' cannot be combined with '" + bodyKind + "'.");
                                return;
                            }
                            bodyKind = k;
                            body = v;
                            i++;
                        }
                        case "default-errorfiles" -> bodyKind = k;
                        case "hdr" -> {
                            if (i + 2 >= args.size()) {
                                ctx.alert(prefix + " : 'hdr' expects <name> and <fmt> arguments.");
                                return;
                            }
                            i += 2;
                        }
                        default -> {
                            ctx.alert(prefix + " : unknown keyword '" + k + "'.");
                            return;
                        }
                    }
                }
                if (body != null && contentType == null && (bodyKind.endsWith("string") || bodyKind.endsWith("file"))
                        && !bodyKind.startsWith("error")) {
                    ctx.alert(prefix + " : a 'content-type' must be set when a payload is defined.");
                    return;
                }
                if (body == null && contentType != null) {
                    // HAProxy drops it too, but says so: a reply without payload has no content-type.
                    ctx.warning(prefix + " : 'content-type' is ignored because no payload is defined.");
                }
            }
            case "redirect" -> {
                redirect = redirect(ctx, 2, "error detected while parsing " + prefix + " rule : ");
                if (redirect == null) {
                    return;
                }
            }
            case "add-header", "set-header" -> {
                if (args.size() != 2) {
                    ctx.alert(prefix + " expects exactly 2 arguments.");
                    return;
                }
                hName = args.get(0);
                hValue = args.get(1);
            }
            case "del-header" -> {
                if (args.size() != 1 && !(args.size() == 3 && args.get(1).equals("-m"))) {
                    ctx.alert(prefix + " expects exactly 1 argument.");
                    return;
                }
                hName = args.get(0);
            }
            case "replace-header", "replace-value" -> {
                if (args.size() != 3) {
                    ctx.alert(prefix + " expects exactly 3 arguments.");
                    return;
                }
                hName = args.get(0);
                hValue = args.get(2);
            }
            case "set-status" -> {
                try {
                    status = (int) Units.integer(args.isEmpty() ? "" : args.get(0), 100, 999);
                } catch (BadValue e) {
                    ctx.alert(prefix + " expects a status code between 100 and 999.");
                    return;
                }
            }
            default -> {
                if (args.isEmpty() && !base.equals("auth") && !base.equals("unset-var")) {
                    ctx.alert(prefix + " expects an argument.");
                    return;
                }
            }
        }
        HttpRule rule = new HttpRule(base, args, status, contentType, bodyKind, body, hName, hValue, redirect, cond,
                ctx.file(), ctx.line());
        (request ? ctx.proxy().httpRequestRules : ctx.proxy().httpResponseRules).add(rule);
    }

    /**
     * Parses {@code location|prefix|scheme <to> [options] [if|unless cond]} from word {@code at}
     * (HAProxy's {@code http_parse_redirect_rule}); on error alerts {@code wrap} + the reason + "."
     * and returns null.
     */
    static RedirectRule redirect(ParseContext ctx, int at, String wrap) {
        try {
            return parseRedirect(ctx, at);
        } catch (Acls.AclError e) {
            ctx.alert(wrap + e.getMessage() + ".");
            return null;
        }
    }

    private static RedirectRule parseRedirect(ParseContext ctx, int at) throws Acls.AclError {
        RedirectRule.Type type = null;
        String target = null;
        int code = 302;
        List<String> options = new ArrayList<>();
        int end = condAt(ctx, at);
        for (int i = at; i < end; i++) {
            String k = ctx.arg(i);
            switch (k) {
                case "location", "prefix", "scheme" -> {
                    if (i + 1 >= end) {
                        throw new Acls.AclError("'" + k + "' expects an argument");
                    }
                    type = RedirectRule.Type.valueOf(k.toUpperCase(java.util.Locale.ROOT));
                    target = ctx.arg(++i);
                }
                case "code" -> {
                    String v = ctx.arg(++i);
                    if (!List.of("301", "302", "303", "307", "308").contains(v)) {
                        throw new Acls.AclError("'code': unsupported HTTP code '" + v + "' (must be one of 301, 302,"
                                + " 303, 307 or 308)");
                    }
                    code = Integer.parseInt(v);
                }
                case "set-cookie", "clear-cookie" -> {
                    if (i + 1 >= end) {
                        throw new Acls.AclError("'" + k + "' expects a cookie name");
                    }
                    options.add(k + " " + ctx.arg(++i));
                }
                case "drop-query", "append-slash", "ignore-empty" -> options.add(k);
                default -> throw new Acls.AclError("expects 'code', 'prefix', 'location', 'scheme', 'set-cookie',"
                        + " 'clear-cookie', 'drop-query', 'ignore-empty' or 'append-slash' (was '" + k + "')");
            }
        }
        if (type == null) {
            throw new Acls.AclError("redirect type must be one of 'prefix', 'location', or 'scheme'");
        }
        Condition cond = end < ctx.argc() ? Conditions.parseOrThrow(ctx, end) : null;
        return new RedirectRule(type, target, code, options, cond, ctx.file(), ctx.line());
    }
}
