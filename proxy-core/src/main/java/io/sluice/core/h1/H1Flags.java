package io.sluice.core.h1;

/**
 * The message flag word of a parsed H1 message ({@link H1Parser#flags()}), with HAProxy's
 * {@code H1_MF_*} names, and {@link #describe(int)} for test failures and {@code show errors}.
 * Pure constants; usable from any thread.
 */
public final class H1Flags {

    /** The message is a response. */
    public static final int H1_MF_RESP = 1;
    /** At least one valid Content-Length header was seen (cleared when T-E wins). */
    public static final int H1_MF_CLEN = 1 << 1;
    /** The body is chunked (chunked is the last transfer-coding). */
    public static final int H1_MF_CHNK = 1 << 2;
    /** The body length is known (C-L, chunked, or no body). */
    public static final int H1_MF_XFER_LEN = 1 << 3;
    /** A Transfer-Encoding header was seen. */
    public static final int H1_MF_XFER_ENC = 1 << 4;
    /** A coding other than chunked appeared in Transfer-Encoding. */
    public static final int H1_MF_TE_OTHER = 1 << 5;
    /** {@code Connection: close} token seen. */
    public static final int H1_MF_CONN_CLO = 1 << 6;
    /** {@code Connection: keep-alive} token seen. */
    public static final int H1_MF_CONN_KAL = 1 << 7;
    /** {@code Connection: upgrade} token seen (and not dropped). */
    public static final int H1_MF_CONN_UPG = 1 << 8;
    /** The version is 1.1 or above. */
    public static final int H1_MF_VER_11 = 1 << 9;
    /** {@code Expect: 100-continue} in a request. */
    public static final int H1_MF_EXPECT_100 = 1 << 10;
    /** The message has no body at all (bodyless response, request without length headers, C-L 0). */
    public static final int H1_MF_BODYLESS = 1 << 11;
    /** The connection must close after this transaction (T-E with C-L, or T-E on HTTP/1.0). */
    public static final int H1_MF_FORCE_CLOSE = 1 << 12;
    /** An {@code Upgrade} header is present. */
    public static final int H1_MF_UPGRADE = 1 << 13;
    /** {@code Upgrade: websocket}. */
    public static final int H1_MF_UPG_WEBSOCKET = 1 << 14;
    /** The request method is CONNECT. */
    public static final int H1_MF_METH_CONNECT = 1 << 15;
    /** The request method is HEAD. */
    public static final int H1_MF_METH_HEAD = 1 << 16;
    /** At least one Host header (de-duplicated). */
    public static final int H1_MF_HOST = 1 << 17;
    /** The response's body is delimited by the server closing. */
    public static final int H1_MF_UNTIL_CLOSE = 1 << 18;
    /** The request URI is in absolute form. */
    public static final int H1_MF_ABS_URI = 1 << 19;

    private static final String[] NAMES = {
        "RESP", "CLEN", "CHNK", "XFER_LEN", "XFER_ENC", "TE_OTHER", "CONN_CLO", "CONN_KAL", "CONN_UPG",
        "VER_11", "EXPECT_100", "BODYLESS", "FORCE_CLOSE", "UPGRADE", "UPG_WEBSOCKET", "METH_CONNECT",
        "METH_HEAD", "HOST", "UNTIL_CLOSE", "ABS_URI",
    };

    private H1Flags() {
    }

    /** Names the set bits of {@code flags}, e.g. {@code CLEN|XFER_LEN|VER_11}; {@code 0} when none. */
    public static String describe(int flags) {
        if (flags == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(NAMES[i]);
            }
        }
        return sb.toString();
    }
}
