package io.sluice.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sluice.config.model.Acl;
import io.sluice.config.model.Balance;
import io.sluice.config.model.Bind;
import io.sluice.config.model.HttpRule;
import io.sluice.config.model.LogTarget;
import io.sluice.config.model.Mode;
import io.sluice.config.model.Proxy;
import io.sluice.config.model.ProxyKind;
import io.sluice.config.model.RedirectRule;
import io.sluice.config.model.Server;
import io.sluice.config.model.ServerParams;
import io.sluice.config.model.SwitchingRule;
import io.sluice.config.model.Timeouts;

/**
 * A proxy or defaults section while it is being parsed. A new proxy starts as a copy of its
 * defaults section ({@link #inherit}), exactly as HAProxy initialises a proxy from {@code defproxy}:
 * the settings are copied, the per-proxy lists (binds, servers, rules, ACLs) are not.
 * Owned by the parsing thread only.
 */
public final class ProxyDraft {
    /** The name ("" for an unnamed defaults section). */
    public final String name;
    /** What kind of section. */
    public final ProxyKind kind;
    /** The file of the header line. */
    public final String file;
    /** The header line. */
    public final int line;

    /** {@code mode}. */
    public Mode mode = Mode.TCP;
    /** {@code bind} lines. */
    public final List<Bind> binds = new ArrayList<>();
    /** {@code maxconn}. */
    public int maxconn;
    /** {@code timeout client}... in ms, -1 unset. */
    public long tClient = Timeouts.UNSET;
    /** {@code timeout server}. */
    public long tServer = Timeouts.UNSET;
    /** {@code timeout connect}. */
    public long tConnect = Timeouts.UNSET;
    /** {@code timeout http-request}. */
    public long tHttpRequest = Timeouts.UNSET;
    /** {@code timeout http-keep-alive}. */
    public long tHttpKeepAlive = Timeouts.UNSET;
    /** {@code timeout queue}. */
    public long tQueue = Timeouts.UNSET;
    /** {@code timeout tunnel}. */
    public long tTunnel = Timeouts.UNSET;
    /** {@code timeout check}. */
    public long tCheck = Timeouts.UNSET;
    /** {@code timeout client-fin}. */
    public long tClientFin = Timeouts.UNSET;
    /** {@code timeout server-fin}. */
    public long tServerFin = Timeouts.UNSET;
    /** {@code default_backend}. */
    public String defaultBackend;
    /** The line of {@code default_backend}. */
    public int defaultBackendLine;
    /** The file of {@code default_backend}. */
    public String defaultBackendFile;
    /** {@code use_backend} rules. */
    public final List<SwitchingRule> switchingRules = new ArrayList<>();
    /** Named ACLs in order. */
    public final List<Acl> acls = new ArrayList<>();
    /** {@code balance}. */
    public Balance balance = Balance.ROUNDROBIN;
    /** {@code server} lines. */
    public final List<Server> servers = new ArrayList<>();
    /** {@code default-server}. */
    public ServerParams defaultServer = ServerParams.DEFAULTS;
    /** {@code http-reuse}. */
    public String httpReuse; // null: not set, HAProxy's default (safe)
    /** {@code retries}. */
    public int retries = 3;
    /** {@code retry-on}. */
    public Set<String> retryOn = new LinkedHashSet<>(List.of("conn-failure"));
    /** Enabled options. */
    public final Set<String> options = new LinkedHashSet<>();
    /** {@code option forwardfor}'s arguments. */
    public io.sluice.config.model.ForwardFor forwardfor = io.sluice.config.model.ForwardFor.DEFAULT;
    /** {@code option redispatch} interval. */
    public int redispatchInterval = -1;
    /** {@code option httpchk} words. */
    public List<String> httpchkArgs = new ArrayList<>();
    /** {@code redirect} rules. */
    public final List<RedirectRule> redirects = new ArrayList<>();
    /** {@code http-request} rules. */
    public final List<HttpRule> httpRequestRules = new ArrayList<>();
    /** {@code http-response} rules. */
    public final List<HttpRule> httpResponseRules = new ArrayList<>();
    /** {@code log} lines. */
    public List<LogTarget> logs = new ArrayList<>();
    /** {@code log-format}. */
    public String logFormat;
    /** {@code errorfile} entries. */
    public final Map<Integer, String> errorfiles = new LinkedHashMap<>();
    /** {@code fullconn}. */
    public int fullconn;
    /** {@code pool-max-conn}. */
    public int poolMaxConn = -1;
    /** {@code pool-purge-delay}. */
    public long poolPurgeDelayMs = 5000;
    /** The line of {@code option httplog}, to warn in TCP mode; 0 if none. */
    public int httplogLine;
    /** The file of {@code option httplog}. */
    public String httplogFile;

    /** Creates an empty section with HAProxy's built-in defaults. */
    public ProxyDraft(String name, ProxyKind kind, String file, int line) {
        this.name = name;
        this.kind = kind;
        this.file = file;
        this.line = line;
    }

    /** Copies the settings of {@code def} (a defaults section) into this new section. */
    public void inherit(ProxyDraft def) {
        mode = def.mode;
        maxconn = def.maxconn;
        tClient = def.tClient;
        tServer = def.tServer;
        tConnect = def.tConnect;
        tHttpRequest = def.tHttpRequest;
        tHttpKeepAlive = def.tHttpKeepAlive;
        tQueue = def.tQueue;
        tTunnel = def.tTunnel;
        tCheck = def.tCheck;
        tClientFin = def.tClientFin;
        tServerFin = def.tServerFin;
        defaultBackend = def.defaultBackend;
        defaultBackendFile = def.defaultBackendFile;
        defaultBackendLine = def.defaultBackendLine;
        balance = def.balance;
        defaultServer = def.defaultServer;
        httpReuse = def.httpReuse;
        retries = def.retries;
        retryOn = new LinkedHashSet<>(def.retryOn);
        options.addAll(def.options);
        redispatchInterval = def.redispatchInterval;
        forwardfor = def.forwardfor;
        httpchkArgs = new ArrayList<>(def.httpchkArgs);
        logs = new ArrayList<>(def.logs);
        logFormat = def.logFormat;
        errorfiles.putAll(def.errorfiles);
        fullconn = def.fullconn;
        poolMaxConn = def.poolMaxConn;
        poolPurgeDelayMs = def.poolPurgeDelayMs;
        httplogLine = def.httplogLine;
        httplogFile = def.httplogFile;
    }

    /** Returns the named ACL lines called {@code aclName}, in order (empty if none). */
    public List<Acl> aclsNamed(String aclName) {
        List<Acl> out = new ArrayList<>();
        for (Acl a : acls) {
            if (a.name().equals(aclName)) {
                out.add(a);
            }
        }
        return out;
    }

    /** Returns the immutable proxy; runs on the parsing thread. */
    public Proxy build() {
        Timeouts t = new Timeouts(tClient, tServer, tConnect, tHttpRequest, tHttpKeepAlive, tQueue, tTunnel, tCheck,
                tClientFin, tServerFin);
        return new Proxy(name, kind, mode, binds, maxconn, t, defaultBackend, switchingRules, acls, balance, servers,
                defaultServer, httpReuse, retries, retryOn, options, redispatchInterval, httpchkArgs, redirects,
                httpRequestRules, httpResponseRules, logs, logFormat, errorfiles, fullconn, poolMaxConn,
                poolPurgeDelayMs, file, line, defaultBackendLine, forwardfor);
    }
}
