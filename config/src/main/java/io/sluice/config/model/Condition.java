package io.sluice.config.model;

import java.util.List;

/**
 * An {@code if}/{@code unless} condition: an OR of AND-groups of (possibly negated) ACL terms,
 * exactly HAProxy's {@code acl_cond} ({@code ||} or {@code or} between groups, blanks between terms,
 * {@code !} to negate, {@code { ... }} for an anonymous ACL).
 *
 * @param unless true for {@code unless} (the result is inverted)
 * @param groups the alternatives; each is a list of terms that must all match
 */
public record Condition(boolean unless, List<List<Term>> groups) {
    /** Makes the lists immutable. */
    public Condition {
        groups = groups.stream().map(List::copyOf).toList();
    }

    /**
     * One term: a reference to named ACLs, or an anonymous ACL.
     *
     * @param negated the {@code !} prefix
     * @param aclName the referenced name; null for an anonymous ACL
     * @param acls the ACL expressions this term evaluates (all lines of the name, OR'ed; or the
     *        anonymous one)
     */
    public record Term(boolean negated, String aclName, List<Acl> acls) {
        /** Makes the lists immutable. */
        public Term {
            acls = List.copyOf(acls);
        }
    }
}
