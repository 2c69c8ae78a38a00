package io.sluice.config.model;

import java.util.List;

/**
 * One ACL expression: a named {@code acl} line, or an anonymous one written between braces in a
 * condition. Several named lines with the same name are OR'ed, as in HAProxy.
 *
 * @param name the ACL's name; null for an anonymous ACL
 * @param criterion the sample fetch as written, with its suffix (e.g. {@code path_beg}, {@code hdr(host)})
 * @param fetch the base fetch without suffix nor arguments (e.g. {@code path}, {@code hdr})
 * @param fetchArgs the arguments in parentheses (e.g. {@code [host]})
 * @param ignoreCase the {@code -i} flag
 * @param match the matching method ({@code -m}, the suffix, or the fetch's default)
 * @param patterns the patterns to match, in order (may be empty for boolean/found fetches)
 * @param file the configuration file
 * @param line the line in {@code file}
 */
public record Acl(String name, String criterion, String fetch, List<String> fetchArgs, boolean ignoreCase,
                  MatchMethod match, List<String> patterns, String file, int line) {
    /** Makes the lists immutable. */
    public Acl {
        fetchArgs = List.copyOf(fetchArgs);
        patterns = List.copyOf(patterns);
    }
}
