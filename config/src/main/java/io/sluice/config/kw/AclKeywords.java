package io.sluice.config.kw;

import io.sluice.config.Keyword;
import io.sluice.config.Support;
import io.sluice.config.KeywordProvider;
import io.sluice.config.KeywordRegistry;
import io.sluice.config.ParseContext;
import io.sluice.config.model.Acl;

/** The {@code acl} keyword. Runtime: none yet (the http rules issue evaluates them). */
public final class AclKeywords implements KeywordProvider {

    @Override
    public void register(KeywordRegistry r) {
        r.register(Keyword.proxy("acl", 2, AclKeywords::acl).args(2, -1).notInDefaults()
                .missing("'%s' expects an ACL name and a criterion.")
                .note("named ACL: criterion, `-i`, `-m`, patterns").support(Support.RUNTIME));
    }

    private static void acl(ParseContext ctx) {
        String name = ctx.arg(1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '.' && c != '_' && c != '-' && c != ':') {
                ctx.alert("character '" + c + "' is not permitted in acl name '" + name + "'.");
                return;
            }
        }
        if (name.equalsIgnoreCase("or")) {
            ctx.alert("acl name '" + name + "' will never match. 'or' is used to express a logical disjunction"
                    + " within a condition.");
            return;
        }
        try {
            Acl acl = Acls.parse(name, ctx.args().subList(2, ctx.argc()), ctx.file(), ctx.line());
            ctx.proxy().acls.add(acl);
        } catch (Acls.AclError e) {
            ctx.alert("error detected while parsing ACL '" + name + "' : " + e.getMessage() + ".");
        }
    }
}
