package io.sluice.core.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One preallocated, reusable slot of the {@link LogRing}: primitive fields, byte arrays and a few reference slots
 * that only ever point to objects that already exist (names, templates), so filling a record allocates nothing.
 *
 * <p>Ownership (see the package protocol): between {@code CLAIM} and {@code PUB} the record belongs to the claiming
 * producer, which writes its fields with plain stores; between {@code PUB} and {@code DRAIN-3} it belongs to the log
 * thread, which reads them with plain loads. The hand-over is the release/acquire pair on {@link #published}.
 *
 * <p>Two kinds of record exist:
 * <ul>
 *   <li>{@link #KIND_TEXT}: a constant template whose {@code {}} placeholders take the typed arguments in order,
 *       plus an optional attachment (a {@code StackTraceElement[]} or a {@code Throwable}) printed after it;</li>
 *   <li>{@link #KIND_TCPLOG}: the fields of HAProxy's {@code option tcplog} line, see {@link TcpLogFormatter}.</li>
 * </ul>
 */
public final class LogRecord {
    /** Nothing to print: an abandoned claim (see {@link LogRing#abandon(long)}). */
    public static final int KIND_NONE = 0;
    /** A template with typed arguments. */
    public static final int KIND_TEXT = 1;
    /** An {@code option tcplog} line. */
    public static final int KIND_TCPLOG = 2;
    /** An {@code option httplog} record (the tcplog fields plus the HTTP ones below). */
    public static final int KIND_HTTPLOG = 3;
    /** Room for the request line of an httplog record ({@code %r}); longer lines are cut. */
    public static final int MAX_REQUEST_LINE = 1024;

    /** How many typed arguments a text record holds; more are printed as {@code {}}. */
    public static final int MAX_ARGS = 6;
    static final byte ARG_LONG = 1;
    static final byte ARG_REF = 2;
    static final byte ARG_HEX = 3;

    /** The 16 bytes of an IPv6 address; IPv4 uses the first 4. */
    public static final int MAX_ADDR = 16;

    private static final VarHandle VH_PUBLISHED;

    static {
        try {
            VH_PUBLISHED = MethodHandles.lookup().findVarHandle(LogRecord.class, "published", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // PUB-2 writes the claimed sequence here with a volatile store; DRAIN-1 reads it with an acquire load.
    // Sentinel: -1 = never published. Accessed only through VH_PUBLISHED.
    @SuppressWarnings("unused")
    private long published = -1;

    // CLAIM-3: written by the claiming producer (plain), read by publish() to detect a stale handle (seed 004).
    long claimSeq = -1;

    // ---- common fields (plain; owned as described in the class comment) ----
    int kind;
    int level;
    long timeMillis;

    // ---- KIND_TEXT ----
    String template;
    int argCount;
    final byte[] argKinds = new byte[MAX_ARGS];
    final long[] argLongs = new long[MAX_ARGS];
    final Object[] argRefs = new Object[MAX_ARGS];
    Object attachment;

    // ---- KIND_TCPLOG ----
    final byte[] clientAddr = new byte[MAX_ADDR];
    int clientAddrLen;
    int clientPort;
    long acceptMillis;
    String frontend;
    String backend;
    String server;
    long tw;
    long tc;
    long tt;
    long bytesOut;
    char termination0;
    char termination1;
    int actconn;
    int feconn;
    int beconn;
    int srvconn;
    int retries;
    boolean redispatched;
    long srvQueue;
    long backendQueue;

    // ---- KIND_HTTPLOG (plus the tcplog fields; tt is Ta there) ----
    long tr;
    long tresp;
    int status;
    final byte[] requestLine = new byte[MAX_REQUEST_LINE];
    int requestLineLength;

    LogRecord() {
    }

    /**
     * CLAIM-3: resets the record for a new producer (timers to -1, "not reached"; counters to 0); runs on the
     * claiming thread.
     */
    void onClaim(long seq, long nowMillis) {
        claimSeq = seq;
        kind = KIND_NONE;
        level = LogLevel.INFO;
        timeMillis = nowMillis;
        template = null;
        argCount = 0;
        attachment = null;
        clientAddrLen = 0;
        clientPort = 0;
        frontend = null;
        backend = null;
        server = null;
        acceptMillis = nowMillis;
        tw = -1;
        tc = -1;
        tt = -1;
        bytesOut = 0;
        termination0 = 0;
        termination1 = 0;
        actconn = 0;
        feconn = 0;
        beconn = 0;
        srvconn = 0;
        retries = 0;
        redispatched = false;
        srvQueue = 0;
        backendQueue = 0;
        tr = -1;
        tresp = -1;
        status = -1;
        requestLineLength = -1;
    }

    /** DRAIN-2: drops the references so the ring does not keep them alive; runs on the log thread. */
    void onDrained() {
        template = null;
        attachment = null;
        frontend = null;
        backend = null;
        server = null;
        for (int i = 0; i < MAX_ARGS; i++) {
            argRefs[i] = null;
        }
    }

    /** PUB-2: hands the record to the log thread; runs on the claiming thread. */
    void publishVolatile(long seq) {
        VH_PUBLISHED.setVolatile(this, seq);
    }

    /** DRAIN-1: the sequence last published in this slot; runs on the log thread. */
    long publishedAcquire() {
        return (long) VH_PUBLISHED.getAcquire(this);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Producer-side setters. All run on the thread that claimed the record, between claim and publish.
    // ------------------------------------------------------------------------------------------------------------

    /** Sets the severity ({@link LogLevel}); runs on the claiming thread. */
    public LogRecord level(int lvl) {
        this.level = lvl;
        return this;
    }

    /** Overrides the timestamp of the syslog header (epoch ms; defaults to the claim time). */
    public LogRecord time(long epochMillis) {
        this.timeMillis = epochMillis;
        return this;
    }

    /**
     * Makes this a text record with a constant template; runs on the claiming thread.
     *
     * @param tmpl a constant (never a string built at the call site); {@code {}} marks each argument
     */
    public LogRecord text(String tmpl) {
        this.kind = KIND_TEXT;
        this.template = tmpl;
        this.argCount = 0;
        return this;
    }

    /** Adds a decimal argument; runs on the claiming thread. */
    public LogRecord arg(long v) {
        if (argCount < MAX_ARGS) {
            argKinds[argCount] = ARG_LONG;
            argLongs[argCount++] = v;
        }
        return this;
    }

    /** Adds a hexadecimal argument printed as {@code 0x…}; runs on the claiming thread. */
    public LogRecord argHex(long v) {
        if (argCount < MAX_ARGS) {
            argKinds[argCount] = ARG_HEX;
            argLongs[argCount++] = v;
        }
        return this;
    }

    /**
     * Adds an argument printed with {@code toString()} on the log thread; runs on the claiming thread.
     *
     * <p>The object must be immutable or at least safe to read from the log thread (a name, an enum).
     */
    public LogRecord arg(Object v) {
        if (argCount < MAX_ARGS) {
            argKinds[argCount] = ARG_REF;
            argRefs[argCount++] = v;
        }
        return this;
    }

    /** Attaches a stack ({@code StackTraceElement[]}) or a {@code Throwable} printed after the text. */
    public LogRecord attach(Object stackOrThrowable) {
        this.attachment = stackOrThrowable;
        return this;
    }

    /** Makes this an {@code option tcplog} record at level info; runs on the claiming thread. */
    public LogRecord tcplog() {
        this.kind = KIND_TCPLOG;
        this.level = LogLevel.INFO;
        return this;
    }

    /** Makes this an {@code option httplog} record at level info; runs on the claiming thread. */
    public LogRecord httplog() {
        this.kind = KIND_HTTPLOG;
        this.level = LogLevel.INFO;
        return this;
    }

    /**
     * Sets the httplog timers {@code %TR/%Tw/%Tc/%Tr/%Ta} in ms (-1 = not reached); runs on the claiming thread.
     */
    public LogRecord httpTimers(long requestMs, long waitMs, long connectMs, long responseMs, long activeMs) {
        this.tr = requestMs;
        this.tw = waitMs;
        this.tc = connectMs;
        this.tresp = responseMs;
        this.tt = activeMs;
        return this;
    }

    /** Sets {@code %ST} (-1 = none); runs on the claiming thread. */
    public LogRecord status(int st) {
        this.status = st;
        return this;
    }

    /**
     * Copies {@code [s, e)} of {@code buf} as {@code %r} (cut at {@link #MAX_REQUEST_LINE}); {@code s < 0} logs
     * {@code <BADREQ>}. Runs on the claiming thread; no allocation.
     */
    public LogRecord requestLine(java.nio.ByteBuffer buf, int s, int e) {
        if (s < 0) {
            requestLineLength = -1;
            return this;
        }
        int n = Math.min(e - s, MAX_REQUEST_LINE);
        buf.get(s, requestLine, 0, n);
        requestLineLength = n;
        return this;
    }

    /** Copies {@code n} bytes of {@code line} as {@code %r}; runs on the claiming thread; no allocation. */
    public LogRecord requestLine(byte[] line, int n) {
        int m = Math.min(n, MAX_REQUEST_LINE);
        System.arraycopy(line, 0, requestLine, 0, m);
        requestLineLength = m;
        return this;
    }

    /**
     * Sets the client address ({@code %ci:%cp}) from raw bytes (4 for IPv4, 16 for IPv6); runs on the claiming
     * thread. A length of 0 means a UNIX socket: {@code port} is then the listener id, printed {@code unix:<id>}.
     */
    public LogRecord client(byte[] addr, int addrLen, int port) {
        if (addrLen != 0 && addrLen != 4 && addrLen != 16) {
            throw new IllegalArgumentException("address length must be 0, 4 or 16: " + addrLen);
        }
        System.arraycopy(addr, 0, clientAddr, 0, addrLen);
        this.clientAddrLen = addrLen;
        this.clientPort = port;
        return this;
    }

    /** Sets an IPv4 client address given as a big-endian int; runs on the claiming thread. */
    public LogRecord clientIpv4(int addr, int port) {
        clientAddr[0] = (byte) (addr >>> 24);
        clientAddr[1] = (byte) (addr >>> 16);
        clientAddr[2] = (byte) (addr >>> 8);
        clientAddr[3] = (byte) addr;
        this.clientAddrLen = 4;
        this.clientPort = port;
        return this;
    }

    /** Sets {@code %t}, the accept date in epoch milliseconds; runs on the claiming thread. */
    public LogRecord acceptDate(long epochMillis) {
        this.acceptMillis = epochMillis;
        return this;
    }

    /**
     * Sets {@code %ft %b/%s}; a null server prints {@code <NOSRV>}; runs on the claiming thread.
     */
    public LogRecord route(String frontendName, String backendName, String serverName) {
        this.frontend = frontendName;
        this.backend = backendName;
        this.server = serverName;
        return this;
    }

    /** Sets {@code %Tw/%Tc/%Tt} in milliseconds (-1 = not reached); runs on the claiming thread. */
    public LogRecord timers(long waitMs, long connectMs, long totalMs) {
        this.tw = waitMs;
        this.tc = connectMs;
        this.tt = totalMs;
        return this;
    }

    /** Sets {@code %B}, bytes sent to the client; runs on the claiming thread. */
    public LogRecord bytes(long sentToClient) {
        this.bytesOut = sentToClient;
        return this;
    }

    /** Sets {@code %ts}, the two termination-state characters ({@code --}, {@code SC}, {@code cD}…). */
    public LogRecord termination(char cause, char state) {
        this.termination0 = cause;
        this.termination1 = state;
        return this;
    }

    /** Sets {@code %ac/%fc/%bc/%sc/%rc}; {@code redispatch} prefixes retries with {@code +}. */
    public LogRecord conns(int ac, int fc, int bc, int sc, int rc, boolean redispatch) {
        this.actconn = ac;
        this.feconn = fc;
        this.beconn = bc;
        this.srvconn = sc;
        this.retries = rc;
        this.redispatched = redispatch;
        return this;
    }

    /** Sets {@code %sq/%bq}; runs on the claiming thread. */
    public LogRecord queues(long sq, long bq) {
        this.srvQueue = sq;
        this.backendQueue = bq;
        return this;
    }

    /** Returns the record's kind; for tests and formatters. */
    public int kind() {
        return kind;
    }

    /** Returns the record's level; for tests and formatters. */
    public int level() {
        return level;
    }
}
