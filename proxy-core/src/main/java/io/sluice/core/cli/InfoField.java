package io.sluice.core.cli;

/**
 * The fields of {@code show info}, in HAProxy's order, with their position, name, tags (origin, nature, scope) and
 * type as HAProxy's {@code typed} output prints them (haproxy-cli-formats.md §2). Descriptions are ours, printed by
 * {@code show info desc}.
 */
public enum InfoField {
    NAME(0, "Name", "POS", "str", "product name"),
    VERSION(1, "Version", "POS", "str", "version string"),
    RELEASE_DATE(2, "Release_date", "POS", "str", "release date (YYYY/MM/DD)"),
    NBTHREAD(3, "Nbthread", "CGS", "u32", "threads started"),
    NBPROC(4, "Nbproc", "CGS", "u32", "always 1"),
    PROCESS_NUM(5, "Process_num", "KGP", "u32", "always 1"),
    PID(6, "Pid", "SGP", "u32", "system pid"),
    UPTIME(7, "Uptime", "MDP", "str", "uptime as days, hours, minutes and seconds"),
    UPTIME_SEC(8, "Uptime_sec", "MDP", "u32", "uptime in seconds"),
    MEMMAX_MB(9, "Memmax_MB", "CLP", "u32", "memory limit from -m (0 = none)"),
    POOL_ALLOC_MB(10, "PoolAlloc_MB", "MGP", "u32", "pool memory allocated, MB"),
    POOL_USED_MB(11, "PoolUsed_MB", "MGP", "u32", "pool memory in use, MB"),
    POOL_FAILED(12, "PoolFailed", "MCP", "u32", "failed pool allocations"),
    ULIMIT_N(13, "Ulimit-n", "CLP", "u32", "file-descriptor limit"),
    MAXSOCK(14, "Maxsock", "CLP", "u32", "socket limit"),
    MAXCONN(15, "Maxconn", "CLP", "u32", "current global maxconn (changed by set maxconn global)"),
    HARD_MAXCONN(16, "Hard_maxconn", "CLP", "u32", "hard maxconn ceiling"),
    CURR_CONNS(17, "CurrConns", "MGP", "u32", "current connections"),
    CUM_CONNS(18, "CumConns", "MCP", "u32", "total connections accepted"),
    CUM_REQ(19, "CumReq", "MCP", "u32", "total requests"),
    MAX_SSL_CONNS(20, "MaxSslConns", "MMP", "u32", "SSL endpoint limit"),
    CURR_SSL_CONNS(21, "CurrSslConns", "MGP", "u32", "current SSL endpoints"),
    CUM_SSL_CONNS(22, "CumSslConns", "MCP", "u32", "total SSL endpoints"),
    MAXPIPES(23, "Maxpipes", "CLP", "u32", "pipe limit for splicing"),
    PIPES_USED(24, "PipesUsed", "MGP", "u32", "pipes in use"),
    PIPES_FREE(25, "PipesFree", "MGP", "u32", "pipes allocated but free"),
    CONN_RATE(26, "ConnRate", "MRP", "u32", "connections per second (last second)"),
    CONN_RATE_LIMIT(27, "ConnRateLimit", "CLP", "u32", "maxconnrate"),
    MAX_CONN_RATE(28, "MaxConnRate", "MMP", "u32", "highest ConnRate seen"),
    SESS_RATE(29, "SessRate", "MRP", "u32", "sessions per second"),
    SESS_RATE_LIMIT(30, "SessRateLimit", "CLP", "u32", "maxsessrate"),
    MAX_SESS_RATE(31, "MaxSessRate", "MRP", "u32", "highest SessRate seen"),
    SSL_RATE(32, "SslRate", "MRP", "u32", "SSL connections per second"),
    SSL_RATE_LIMIT(33, "SslRateLimit", "CLP", "u32", "maxsslrate"),
    MAX_SSL_RATE(34, "MaxSslRate", "MMP", "u32", "highest SslRate"),
    SSL_FRONTEND_KEY_RATE(35, "SslFrontendKeyRate", "MGP", "u32", "frontend SSL keys created per second"),
    SSL_FRONTEND_MAX_KEY_RATE(36, "SslFrontendMaxKeyRate", "MMP", "u32", "highest SslFrontendKeyRate seen"),
    SSL_FRONTEND_SESSION_REUSE_PCT(37, "SslFrontendSessionReuse_pct", "MGP", "u32",
            "% of frontend SSL connections that needed no new key"),
    SSL_BACKEND_KEY_RATE(38, "SslBackendKeyRate", "MRP", "u32", "backend SSL keys per second"),
    SSL_BACKEND_MAX_KEY_RATE(39, "SslBackendMaxKeyRate", "MMP", "u32", "highest SslBackendKeyRate seen"),
    SSL_CACHE_LOOKUPS(40, "SslCacheLookups", "MCP", "u32", "SSL session cache lookups"),
    SSL_CACHE_MISSES(41, "SslCacheMisses", "MCP", "u32", "SSL session cache misses"),
    COMPRESS_BPS_IN(42, "CompressBpsIn", "MRP", "u32", "bytes/s fed to the HTTP compressor"),
    COMPRESS_BPS_OUT(43, "CompressBpsOut", "MRP", "u32", "bytes/s emitted by the compressor"),
    COMPRESS_BPS_RATE_LIM(44, "CompressBpsRateLim", "CLP", "u32", "compression bandwidth limit"),
    ZLIB_MEM_USAGE(45, "ZlibMemUsage", "MGP", "u32", "zlib memory in use"),
    MAX_ZLIB_MEM_USAGE(46, "MaxZlibMemUsage", "CLP", "u32", "zlib memory limit (maxzlibmem)"),
    TASKS(47, "Tasks", "MGP", "u32", "tasks allocated"),
    RUN_QUEUE(48, "Run_queue", "MGP", "u32", "runnable tasks and tasklets"),
    IDLE_PCT(49, "Idle_pct", "MaP", "u32", "% of the last second spent idle"),
    NODE(50, "node", "COS", "str", "node setting (defaults to the hostname)"),
    DESCRIPTION(51, "description", "COS", "str", "description setting (only if set)"),
    STOPPING(52, "Stopping", "MGP", "u32", "1 while soft-stopping"),
    JOBS(53, "Jobs", "MGP", "u32", "active jobs (connections and listeners)"),
    UNSTOPPABLE_JOBS(54, "Unstoppable Jobs", "MGP", "u32", "jobs a soft-stop does not wait for"),
    LISTENERS(55, "Listeners", "MGP", "u32", "active listeners"),
    ACTIVE_PEERS(56, "ActivePeers", "MGP", "u32", "verified peer connections"),
    CONNECTED_PEERS(57, "ConnectedPeers", "MGP", "u32", "peers past the connect step"),
    DROPPED_LOGS(58, "DroppedLogs", "MGP", "u32", "logs dropped"),
    BUSY_POLLING(59, "BusyPolling", "MGP", "u32", "1 if busy-polling is on"),
    FAILED_RESOLUTIONS(60, "FailedResolutions", "MGP", "u32", "failed DNS resolutions"),
    TOTAL_BYTES_OUT(61, "TotalBytesOut", "MGP", "u64", "bytes sent since start"),
    TOTAL_SPLICED_BYTES_OUT(62, "TotalSplicedBytesOut", "MGP", "u64", "bytes sent through kernel pipes"),
    BYTES_OUT_RATE(63, "BytesOutRate", "MRP", "u64", "bytes/s sent"),
    DEBUG_COMMANDS_ISSUED(64, "DebugCommandsIssued", "MGP", "u32", "debug commands issued"),
    CUM_RECV_LOGS(65, "CumRecvLogs", "MCP", "u32", "log messages received by log-forward listeners"),
    BUILD_INFO(66, "Build info", "POS", "str", "build information"),
    MEMMAX_BYTES(67, "Memmax_bytes", "CLP", "u32", "memory limit in bytes (0 = none)"),
    POOL_ALLOC_BYTES(68, "PoolAlloc_bytes", "MGP", "u64", "pool memory allocated, bytes"),
    POOL_USED_BYTES(69, "PoolUsed_bytes", "MGP", "u64", "pool memory in use, bytes"),
    START_TIME_SEC(70, "Start_time_sec", "MDP", "u32", "start time, epoch seconds"),
    TAINTED(71, "Tainted", "SGP", "str", "taint flags"),
    TOTAL_WARNINGS(72, "TotalWarnings", "MCP", "u32", "warnings emitted so far"),
    MAXCONN_REACHED(73, "MaxconnReached", "MCP", "u32", "times an accept hit maxconn"),
    BOOT_TIME_MS(74, "BootTime_ms", "MDP", "u32", "ms spent parsing and starting up"),
    NICED_TASKS(75, "Niced_tasks", "MGP", "u32", "niced runnable tasks");

    private final int pos;
    private final String fieldName;
    private final String tags;
    private final String type;
    private final String description;

    InfoField(int pos, String fieldName, String tags, String type, String description) {
        this.pos = pos;
        this.fieldName = fieldName;
        this.tags = tags;
        this.type = type;
        this.description = description;
    }

    /** Returns the position printed by {@code typed} (stable even when fields are skipped). */
    public int pos() {
        return pos;
    }

    /** Returns HAProxy's field name (it may contain a space: {@code Unstoppable Jobs}, {@code Build info}). */
    public String fieldName() {
        return fieldName;
    }

    /** Returns the three tag letters: origin, nature, scope. */
    public String tags() {
        return tags;
    }

    /** Returns the type: {@code u32}, {@code u64}, {@code s32}, {@code s64}, {@code str} or {@code flt}. */
    public String type() {
        return type;
    }

    /** Returns the description printed with {@code desc}. */
    public String description() {
        return description;
    }

    /** Returns true for a string field. */
    public boolean isString() {
        return type.equals("str");
    }
}
