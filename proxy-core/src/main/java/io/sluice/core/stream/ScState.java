package io.sluice.core.stream;

/**
 * HAProxy's stream-connector states ({@code enum sc_state}: same order, same debug names), as held by
 * {@link HttpStream}'s {@code scf}/{@code scb}. Constants only; usable from any thread.
 */
final class ScState {
    static final int SC_ST_INI = 0;
    static final int SC_ST_REQ = 1;
    static final int SC_ST_QUE = 2;
    static final int SC_ST_TAR = 3;
    static final int SC_ST_ASS = 4;
    static final int SC_ST_CON = 5;
    static final int SC_ST_CER = 6;
    static final int SC_ST_RDY = 7;
    static final int SC_ST_EST = 8;
    static final int SC_ST_DIS = 9;
    static final int SC_ST_CLO = 10;
    /** HAProxy's debug names of the states, for {@code show sess}. */
    static final String[] NAMES = {"INI", "REQ", "QUE", "TAR", "ASS", "CON", "CER", "RDY", "EST", "DIS", "CLO"};

    private ScState() {
    }
}
