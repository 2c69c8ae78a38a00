package io.sluice.fdtable;

/**
 * Bit layout of the fd {@code state} word and of the {@code refc_tgid} word, with HAProxy's names
 * ({@code include/haproxy/fd-t.h}); no operations live here except the decoders.
 *
 * <p>The state word (bits 0-23 used, stored in the low half of a {@code long} slot of the table):
 * <pre>
 *   23  22  21  20  19  18  17  16  15..13  12   11   10   9    8    7    6    5    4    3   2    1    0
 *  MUST DIS EXC EXP ET  INI CLO LIN  ----  HUP  ERR  OUT  PRI  IN   ERR  SH_W RD_W AC_W  -  SH_R RD_R AC_R
 *  '---------- info flags ---------'       '------ FD_POLL_* -----'   '---- FD_EV_* event bits ------'
 * </pre>
 * ACTIVE = "we want this direction"; READY = "no EAGAIN seen since the last report" (a cached
 * readiness); SHUT = the direction is shut; ERR implies both SHUT. FD_POLL_IN/PRI/OUT are refreshed
 * on every report, FD_POLL_ERR/HUP are sticky until close.
 *
 * <p>The refc_tgid word:
 * <pre>
 *   31 ............ 16 15 ........... 0
 *   refcount of tgid   tgid (0 = closed / owned by nobody)
 *   readers (REFC_ONE)
 * </pre>
 * HAProxy 2.8-dev8's lock bit (7b44c26e1, bit 15, used by fd_migrate_on) is not implemented:
 * nothing in Sluice migrates an fd across groups, so the tgid keeps all 16 low bits.
 */
public final class FdState {

    /** Bit: we want to receive (recv direction subscribed). */
    public static final int FD_EV_ACTIVE_R = 1;
    /** Bit: recv direction ready (no EAGAIN since the last report). */
    public static final int FD_EV_READY_R = 1 << 1;
    /** Bit: recv direction shut (read0 seen). */
    public static final int FD_EV_SHUT_R = 1 << 2;
    /** Bit: we want to send. */
    public static final int FD_EV_ACTIVE_W = 1 << 4;
    /** Bit: send direction ready. */
    public static final int FD_EV_READY_W = 1 << 5;
    /** Bit: send direction shut. */
    public static final int FD_EV_SHUT_W = 1 << 6;
    /** Bit: error on the fd; implies both SHUT bits. */
    public static final int FD_EV_ERR_RW = 1 << 7;

    /** Both ACTIVE bits. */
    public static final int FD_EV_ACTIVE_RW = FD_EV_ACTIVE_R | FD_EV_ACTIVE_W;
    /** Both READY bits. */
    public static final int FD_EV_READY_RW = FD_EV_READY_R | FD_EV_READY_W;
    /** Both SHUT bits. */
    public static final int FD_EV_SHUT_RW = FD_EV_SHUT_R | FD_EV_SHUT_W;

    /** Last poll report: data to read. */
    public static final int FD_POLL_IN = 1 << 8;
    /** Last poll report: urgent data. */
    public static final int FD_POLL_PRI = 1 << 9;
    /** Last poll report: writable. */
    public static final int FD_POLL_OUT = 1 << 10;
    /** Poll report: error (sticky until close). */
    public static final int FD_POLL_ERR = 1 << 11;
    /** Poll report: hang-up (sticky until close). */
    public static final int FD_POLL_HUP = 1 << 12;
    /** The FD_POLL_* bits refreshed on every report. */
    public static final int FD_POLL_UPDT_MASK = FD_POLL_IN | FD_POLL_PRI | FD_POLL_OUT;
    /** The sticky FD_POLL_* bits (kept until close). */
    public static final int FD_POLL_STICKY = FD_POLL_ERR | FD_POLL_HUP;

    /** Info: at close, set SO_LINGER {on, 0} so the close sends an RST. */
    public static final int FD_LINGER_RISK = 1 << 16;
    /** Info: the fd survived a fork; the poller must CTL_DEL it explicitly at close. */
    public static final int FD_CLONED = 1 << 17;
    /** Info: used by the log writer. */
    public static final int FD_INITIALIZED = 1 << 18;
    /** Info: edge-triggered polling allowed ({@code tune.fd.edge-triggered on}). */
    public static final int FD_ET_POSSIBLE = 1 << 19;
    /** Info: a listener fd that may be handed to a new process. */
    public static final int FD_EXPORTED = 1 << 20;
    /** Info: tiny spin-lock serialising writes on a shared log fd (kept for the name; unused). */
    public static final int FD_EXCL_SYSCALL = 1 << 21;
    /** Info: do everything at close except the OS close (someone else owns the file). */
    public static final int FD_DISOWN = 1 << 22;
    /** One-shot close token (cd8914bc5): set by delete; whoever clears it runs the orphan close. */
    public static final int FD_MUST_CLOSE = 1 << 23;

    /** Flags a caller may pass to {@link FdTable#insert}. */
    public static final int INSERT_FLAGS = FD_LINGER_RISK | FD_CLONED | FD_INITIALIZED | FD_ET_POSSIBLE
            | FD_EXPORTED | FD_DISOWN;

    /** refc_tgid: the tgid field (low 16 bits). */
    public static final long TGID_MASK = 0xFFFFL;
    /** refc_tgid: shift of the reference count. */
    public static final int REFC_SHIFT = 16;
    /** refc_tgid: one reference ("tgid reader"). */
    public static final long REFC_ONE = 1L << REFC_SHIFT;
    /** refc_tgid: the reference count field (bits 16-31 of the historical 32-bit word and above). */
    public static final long REFC_MASK = ~TGID_MASK;

    private static final int[] BITS = {
        FD_EV_ACTIVE_R, FD_EV_READY_R, FD_EV_SHUT_R, FD_EV_ACTIVE_W, FD_EV_READY_W, FD_EV_SHUT_W, FD_EV_ERR_RW,
        FD_POLL_IN, FD_POLL_PRI, FD_POLL_OUT, FD_POLL_ERR, FD_POLL_HUP,
        FD_LINGER_RISK, FD_CLONED, FD_INITIALIZED, FD_ET_POSSIBLE, FD_EXPORTED, FD_EXCL_SYSCALL, FD_DISOWN,
        FD_MUST_CLOSE,
    };
    private static final String[] NAMES = {
        "ACTIVE_R", "READY_R", "SHUT_R", "ACTIVE_W", "READY_W", "SHUT_W", "ERR_RW",
        "POLL_IN", "POLL_PRI", "POLL_OUT", "POLL_ERR", "POLL_HUP",
        "LINGER_RISK", "CLONED", "INITIALIZED", "ET_POSSIBLE", "EXPORTED", "EXCL_SYSCALL", "DISOWN",
        "MUST_CLOSE",
    };

    private FdState() {
    }

    /**
     * Decodes a state word for {@code show fd} and test failures, on any thread: {@code 0x800023(ACTIVE_R|...)}.
     *
     * @param state a state word as read from {@link FdTable#state(int)}
     * @return hex value followed by the names of the set bits (unknown bits as {@code ?0x..})
     */
    public static String describe(int state) {
        StringBuilder sb = new StringBuilder(64);
        sb.append("0x").append(Integer.toHexString(state)).append('(');
        int rest = state;
        boolean first = true;
        for (int i = 0; i < BITS.length; i++) {
            if ((state & BITS[i]) != 0) {
                if (!first) {
                    sb.append('|');
                }
                sb.append(NAMES[i]);
                first = false;
                rest &= ~BITS[i];
            }
        }
        if (rest != 0) {
            sb.append(first ? "" : "|").append("?0x").append(Integer.toHexString(rest));
        }
        return sb.append(')').toString();
    }

    /**
     * Decodes a refc_tgid word on any thread: {@code tgid=1 refc=2}.
     *
     * @param refcTgid the word as read from {@link FdTable#refcTgid(int)}
     * @return a one-line description
     */
    public static String describeRefcTgid(long refcTgid) {
        return "tgid=" + (refcTgid & TGID_MASK) + " refc=" + (refcTgid >>> REFC_SHIFT);
    }
}
