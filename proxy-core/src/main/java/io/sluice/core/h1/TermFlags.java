package io.sluice.core.h1;

/**
 * The termination-state letters of the logs ({@code %ts}/{@code %tsc}): the first from the
 * stream's {@code SF_ERR_*} cause, the second from its {@code SF_FINST_*} phase, with HAProxy's
 * tables {@code "-LcCsSPRIDKUIIII"} and {@code "-RCHDLQT"}; then two cookie letters ({@code --}
 * when cookies are not configured). The first cause set wins: {@link #setOnce} never overwrites.
 * Pure functions over an int; usable from any thread.
 */
public final class TermFlags {

    /** No error. */
    public static final int SF_ERR_NONE = 0;
    /** Locally generated (redirect, return, stats, auth). */
    public static final int SF_ERR_LOCAL = 1;
    /** Client-side timeout. */
    public static final int SF_ERR_CLITO = 2;
    /** Client closed or aborted. */
    public static final int SF_ERR_CLICL = 3;
    /** Server-side timeout. */
    public static final int SF_ERR_SRVTO = 4;
    /** Server closed or refused. */
    public static final int SF_ERR_SRVCL = 5;
    /** Proxy condition: deny, parse error, invalid message. */
    public static final int SF_ERR_PRXCOND = 6;
    /** Resource shortage. */
    public static final int SF_ERR_RESOURCE = 7;
    /** Internal error. */
    public static final int SF_ERR_INTERNAL = 8;
    /** Server went down. */
    public static final int SF_ERR_DOWN = 9;
    /** Killed by the admin. */
    public static final int SF_ERR_KILLED = 10;
    /** Killed because a server came up. */
    public static final int SF_ERR_UP = 11;

    /** No phase recorded. */
    public static final int SF_FINST_NONE = 0;
    /** While waiting for or analysing the request. */
    public static final int SF_FINST_R = 1;
    /** While connecting to the server. */
    public static final int SF_FINST_C = 2;
    /** While waiting for the response headers. */
    public static final int SF_FINST_H = 3;
    /** During data transfer. */
    public static final int SF_FINST_D = 4;
    /** While sending the last data to the client. */
    public static final int SF_FINST_L = 5;
    /** While queued. */
    public static final int SF_FINST_Q = 6;
    /** While tarpitted. */
    public static final int SF_FINST_T = 7;

    private static final String ERR_LETTERS = "-LcCsSPRIDKUIIII";
    private static final String FINST_LETTERS = "-RCHDLQT";

    /** Bits of the packed word: error cause in bits 0..3, phase in bits 4..6. */
    public static final int ERR_MASK = 0xf;
    /** Shift of the phase. */
    public static final int FINST_SHIFT = 4;
    /** Mask of the phase after shifting. */
    public static final int FINST_MASK = 0x7;

    private TermFlags() {
    }

    /** Packs a cause and a phase. */
    public static int of(int err, int finst) {
        return (err & ERR_MASK) | ((finst & FINST_MASK) << FINST_SHIFT);
    }

    /** The cause of a packed word. */
    public static int err(int packed) {
        return packed & ERR_MASK;
    }

    /** The phase of a packed word. */
    public static int finst(int packed) {
        return (packed >>> FINST_SHIFT) & FINST_MASK;
    }

    /** Sets the cause and the phase only where none is recorded yet (the first one wins). */
    public static int setOnce(int packed, int err, int finst) {
        int e = err(packed) == SF_ERR_NONE ? err : err(packed);
        int f = finst(packed) == SF_FINST_NONE ? finst : finst(packed);
        return of(e, f);
    }

    /** The first log letter. */
    public static char errLetter(int packed) {
        return ERR_LETTERS.charAt(err(packed));
    }

    /** The second log letter. */
    public static char finstLetter(int packed) {
        return FINST_LETTERS.charAt(finst(packed));
    }

    /** The two-letter {@code %ts}, e.g. {@code SC}, {@code cR}, {@code --}. */
    public static String describe(int packed) {
        return new String(new char[] {errLetter(packed), finstLetter(packed)});
    }
}
