package io.sluice.config.kw;

import java.util.ArrayList;
import java.util.List;

import io.sluice.config.ParseContext;
import io.sluice.config.model.Acl;
import io.sluice.config.model.Condition;

/**
 * Parses {@code if|unless <cond>} (HAProxy's {@code build_acl_cond}): terms separated by blanks
 * (AND), {@code ||} or {@code or} (OR), {@code !} to negate, {@code { ... }} for an anonymous ACL.
 * Named ACLs must be declared before use in the same proxy. Runs on the parsing thread.
 */
public final class Conditions {
    private Conditions() {
    }

    /**
     * Parses the condition starting at word {@code at} ({@code if} or {@code unless}) up to the end of
     * the line; on error alerts "error detected while parsing {@code where} : ..." and returns null.
     */
    public static Condition parse(ParseContext ctx, int at, String where) {
        List<String> words = ctx.args().subList(at + 1, ctx.argc());
        try {
            return build(ctx, "unless".equals(ctx.arg(at)), words);
        } catch (Acls.AclError e) {
            ctx.alert("error detected while parsing " + where + " : " + e.getMessage() + ".");
            return null;
        }
    }

    /** Parses the condition at word {@code at} like {@link #parse} but throws instead of alerting. */
    static Condition parseOrThrow(ParseContext ctx, int at) throws Acls.AclError {
        return build(ctx, "unless".equals(ctx.arg(at)), ctx.args().subList(at + 1, ctx.argc()));
    }

    private static Condition build(ParseContext ctx, boolean unless, List<String> words) throws Acls.AclError {
        if (words.isEmpty()) {
            throw new Acls.AclError("missing condition after '" + (unless ? "unless" : "if") + "'");
        }
        List<List<Condition.Term>> groups = new ArrayList<>();
        List<Condition.Term> group = new ArrayList<>();
        int i = 0;
        while (i < words.size()) {
            String w = words.get(i);
            if (w.equals("||") || w.equalsIgnoreCase("or")) {
                if (group.isEmpty()) {
                    throw new Acls.AclError("missing ACL before '" + w + "'");
                }
                groups.add(group);
                group = new ArrayList<>();
                i++;
                continue;
            }
            boolean neg = false;
            while (w.startsWith("!")) {
                neg = !neg;
                w = w.substring(1);
                if (w.isEmpty()) {
                    i++;
                    if (i >= words.size()) {
                        throw new Acls.AclError("missing ACL after '!'");
                    }
                    w = words.get(i);
                }
            }
            if (w.equals("{")) {
                int close = words.subList(i + 1, words.size()).indexOf("}");
                if (close < 0) {
                    throw new Acls.AclError("missing closing '}' in condition");
                }
                List<String> expr = words.subList(i + 1, i + 1 + close);
                Acl anon = Acls.parse(null, expr, ctx.file(), ctx.line());
                group.add(new Condition.Term(neg, null, List.of(anon)));
                i += close + 2;
                continue;
            }
            if (w.equals("}")) {
                throw new Acls.AclError("unexpected '}' in condition");
            }
            List<Acl> named = ctx.proxy().aclsNamed(w);
            if (named.isEmpty()) {
                Acl pre = Acls.predefined(w);
                if (pre == null) {
                    throw new Acls.AclError("no such ACL : '" + w + "'");
                }
                named = List.of(pre);
            }
            group.add(new Condition.Term(neg, w, named));
            i++;
        }
        if (group.isEmpty()) {
            throw new Acls.AclError("missing ACL after '||'");
        }
        groups.add(group);
        return new Condition(unless, groups);
    }
}
