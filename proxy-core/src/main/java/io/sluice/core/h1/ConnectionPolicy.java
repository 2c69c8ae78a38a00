package io.sluice.core.h1;

import static io.sluice.core.h1.H1Flags.H1_MF_CONN_CLO;
import static io.sluice.core.h1.H1Flags.H1_MF_CONN_KAL;
import static io.sluice.core.h1.H1Flags.H1_MF_CONN_UPG;
import static io.sluice.core.h1.H1Flags.H1_MF_FORCE_CLOSE;
import static io.sluice.core.h1.H1Flags.H1_MF_UNTIL_CLOSE;
import static io.sluice.core.h1.H1Flags.H1_MF_VER_11;

/**
 * HAProxy's per-side connection-mode decisions (reference §7, steps MODE-1..MODE-6): whether each
 * side keeps alive or closes after the transaction, and which {@code connection} header the mux
 * emits. Pure functions of flag words; usable from any thread.
 */
public final class ConnectionPolicy {

    /** {@code option http-keep-alive} (the default). */
    public static final int MODE_KAL = 0;
    /** {@code option http-server-close}. */
    public static final int MODE_SCL = 1;
    /** {@code option httpclose}. */
    public static final int MODE_CLO = 2;

    private ConnectionPolicy() {
    }

    /**
     * MODE-1: the client side closes after this request when it is HTTP/1.0 without keep-alive,
     * says {@code close}, or had T-E with C-L (or T-E on 1.0).
     */
    public static boolean frontClosesOnRequest(int reqFlags) {
        return (reqFlags & (H1_MF_CONN_CLO | H1_MF_FORCE_CLOSE)) != 0
                || (reqFlags & (H1_MF_VER_11 | H1_MF_CONN_KAL)) == 0;
    }

    /**
     * MODE-2: the client side closes once this response is sent: already closing, the response
     * length is unknown, the reply always closes (400/408), or the frontend is {@code httpclose}
     * and the response has no explicit keep-alive.
     */
    public static boolean frontClosesOnResponse(int reqFlags, int resFlags, boolean replyCloses, int frontMode) {
        return frontClosesOnRequest(reqFlags) || (resFlags & H1_MF_UNTIL_CLOSE) != 0 || replyCloses
                || (resFlags & H1_MF_CONN_CLO) != 0
                || (frontMode == MODE_CLO && (resFlags & H1_MF_CONN_KAL) == 0);
    }

    /**
     * MODE-3: the header emitted to the client: keep-alive when staying open and the request or the
     * response is 1.0; close when closing a 1.1 response; nothing for a tunnel or an upgrade.
     */
    public static int frontHeader(int reqFlags, int resFlags, boolean closing, boolean tunnel) {
        if (tunnel || (resFlags & H1_MF_CONN_UPG) != 0) {
            return PreparedReply.CONN_NONE;
        }
        if (closing) {
            return (resFlags & H1_MF_VER_11) != 0 ? PreparedReply.CONN_CLOSE : PreparedReply.CONN_NONE;
        }
        return (reqFlags & resFlags & H1_MF_VER_11) == 0 ? PreparedReply.CONN_KEEP_ALIVE : PreparedReply.CONN_NONE;
    }

    /**
     * MODE-4: the server side closes after this request when the outgoing request says close
     * (rules), or no explicit keep-alive and the frontend or backend is http-server-close, or the
     * backend is httpclose.
     */
    public static boolean backClosesOnRequest(boolean requestSaysClose, boolean requestSaysKeepAlive, int frontMode,
                                              int backMode) {
        return requestSaysClose || (!requestSaysKeepAlive
                && (frontMode == MODE_SCL || backMode == MODE_SCL || backMode == MODE_CLO));
    }

    /** MODE-5: the server side closes after the response: unknown length, close, or 1.0 without keep-alive. */
    public static boolean backClosesOnResponse(int resFlags) {
        return (resFlags & (H1_MF_UNTIL_CLOSE | H1_MF_CONN_CLO | H1_MF_FORCE_CLOSE)) != 0
                || (resFlags & (H1_MF_VER_11 | H1_MF_CONN_KAL)) == 0;
    }

    /**
     * MODE-6: the header emitted to the server: keep-alive for a 1.0 request staying open, close for
     * a 1.1 request when closing (unless {@code http-pretend-keepalive}), nothing for an upgrade.
     */
    public static int backHeader(int reqFlags, boolean closing, boolean pretendKeepAlive) {
        if ((reqFlags & H1_MF_CONN_UPG) != 0) {
            return PreparedReply.CONN_NONE;
        }
        if (closing) {
            return (reqFlags & H1_MF_VER_11) != 0 && !pretendKeepAlive ? PreparedReply.CONN_CLOSE
                    : PreparedReply.CONN_NONE;
        }
        return (reqFlags & H1_MF_VER_11) == 0 ? PreparedReply.CONN_KEEP_ALIVE : PreparedReply.CONN_NONE;
    }

    /** A 101 is valid only when both the request and the response carried {@code Connection: upgrade}. */
    public static boolean validSwitchingProtocols(int reqFlags, int resFlags) {
        return (reqFlags & resFlags & H1_MF_CONN_UPG) != 0;
    }
}
