package io.sluice.config.model;

/** ACL pattern matching methods ({@code -m <method>} or implied by the criterion's suffix). */
public enum MatchMethod {
    /** The sample exists. */
    FOUND,
    /** The sample is a non-zero boolean. */
    BOOL,
    /** Integer comparison (ranges and operators allowed). */
    INT,
    /** IPv4/IPv6 address or network. */
    IP,
    /** Exact string. */
    STR,
    /** Substring. */
    SUB,
    /** Regular expression. */
    REG,
    /** Prefix. */
    BEG,
    /** Suffix. */
    END,
    /** A slash-delimited path component. */
    DIR,
    /** A dot-delimited domain component. */
    DOM,
    /** Length comparison. */
    LEN
}
