package io.sluice.core.h1;

/**
 * The fields of one httplog line, filled by the stream at its end and read by
 * {@link HttpLogFormatter}. A plain mutable holder: one per stream, reused, written by the stream's
 * loop thread, then copied (formatted) before it is handed to the log ring. Timers are in ms; -1
 * prints {@code -1}. Strings are fixed configuration names (no per-request allocation).
 */
public final class HttpLogRecord {

    /** Maximum request-line bytes kept for {@code %r} ({@code tune.http.logurilen}). */
    public static final int MAX_URI = 1024;

    /** Client address as text (e.g. {@code 192.168.1.10}); set from a cached per-connection string. */
    public String clientIp = "-";
    /** Client port. */
    public int clientPort;
    /** Request date in ms since the epoch ({@code %tr} = accept + Ti + Th). */
    public long requestDateMillis;
    /** Offset of local time from UTC, seconds, for {@code %tr}. */
    public int utcOffsetSeconds;
    /** Frontend name. */
    public String frontend = "-";
    /** Backend name (the frontend for mux-level errors). */
    public String backend = "-";
    /** Server name, {@code <NOSRV>} when none was reached. */
    public String server = "<NOSRV>";
    /** TR. */
    public long tr = -1;
    /** Tw. */
    public long tw = -1;
    /** Tc. */
    public long tc = -1;
    /** Tr (response time). */
    public long tresp = -1;
    /** Ta. */
    public long ta = -1;
    /** Final status, -1 when none was decided. */
    public int status = -1;
    /** Bytes sent to the client. */
    public long bytesOut;
    /** {@code option logasap}: Ta and B get a '+' prefix. */
    public boolean logasap;
    /** Captured request cookie, null for '-'. */
    public String capturedRequestCookie;
    /** Captured response cookie, null for '-'. */
    public String capturedResponseCookie;
    /** Packed {@link TermFlags} word. */
    public int termFlags;
    /** Two cookie letters for {@code %tsc} ({@code --} when cookies are not configured). */
    public char cookieClient = '-';
    /** Second cookie letter. */
    public char cookieServer = '-';
    /** ac. */
    public int actconn;
    /** fc. */
    public int feconn;
    /** bc. */
    public int beconn;
    /** sc. */
    public int srvconn;
    /** rc. */
    public int retries;
    /** Whether a redispatch happened (rc gets '+'). */
    public boolean redispatched;
    /** sq. */
    public int srvQueue;
    /** bq. */
    public int beQueue;
    /** Request header captures in declaration order, null when none configured. */
    public String[] requestCaptures;
    /** Response header captures, null when none configured. */
    public String[] responseCaptures;
    /** The request line bytes for {@code %r}; {@code requestLineLength} &lt; 0 prints {@code <BADREQ>}. */
    public final byte[] requestLine = new byte[MAX_URI];
    /** Valid bytes in {@link #requestLine}, -1 for {@code <BADREQ>}. */
    public int requestLineLength = -1;

    /**
     * Copies the parsed request line as HAProxy logs it, {@code METHOD URI VERSION} with single
     * spaces (the HTX start line), truncated to {@link #MAX_URI}; stream's loop thread.
     */
    public void setRequestLine(H1Parser p) {
        java.nio.ByteBuffer b = p.buffer();
        int n = 0;
        n = copy(b, p.methodStart(), p.methodEnd(), n);
        n = put((byte) ' ', n);
        n = copy(b, p.uriStart(), p.uriEnd(), n);
        n = put((byte) ' ', n);
        n = copy(b, p.versionStart(), p.versionEnd(), n);
        requestLineLength = n;
    }

    private int copy(java.nio.ByteBuffer b, int s, int e, int n) {
        for (int i = s; i < e && n < MAX_URI; i++) {
            requestLine[n++] = b.get(i);
        }
        return n;
    }

    private int put(byte c, int n) {
        if (n < MAX_URI) {
            requestLine[n++] = c;
        }
        return n;
    }

    /** Copies the raw bytes {@code [s, e)} of {@code buf} as the request line, truncated to {@link #MAX_URI}. */
    public void setRequestLine(java.nio.ByteBuffer buf, int s, int e) {
        int n = Math.min(e - s, MAX_URI);
        for (int i = 0; i < n; i++) {
            requestLine[i] = buf.get(s + i);
        }
        requestLineLength = n;
    }
}
