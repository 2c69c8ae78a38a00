package io.sluice.core.http;

/**
 * An {@code if}/{@code unless} condition compiled once at start: an OR of AND-groups of
 * (possibly negated) terms, each term an OR of ACL expressions (all lines of a named ACL, or one
 * anonymous {@code { }} ACL). Immutable; {@link #test} runs on any loop thread with that thread's
 * context, short-circuits like HAProxy's {@code acl_exec_cond}, and allocates nothing.
 */
public final class CompiledCondition {

    /** A condition that always holds (a rule without if/unless). */
    public static final CompiledCondition ALWAYS = new CompiledCondition(false, new Term[][] {{}});

    /** One term. */
    record Term(boolean negated, CompiledAcl[] acls) {
    }

    private final boolean unless;
    private final Term[][] groups;

    CompiledCondition(boolean unless, Term[][] groups) {
        this.unless = unless;
        this.groups = groups;
    }

    /** Evaluates the condition for the request {@code ctx} is aimed at; runs on ctx's loop thread. */
    public boolean test(HttpMatchContext ctx) {
        boolean any = false;
        for (Term[] group : groups) {
            boolean all = true;
            for (Term t : group) {
                boolean m = false;
                for (CompiledAcl a : t.acls()) {
                    if (a.matches(ctx)) {
                        m = true;
                        break;
                    }
                }
                if (m == t.negated()) {
                    all = false;
                    break;
                }
            }
            if (all) {
                any = true;
                break;
            }
        }
        return any != unless;
    }
}
