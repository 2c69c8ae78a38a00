package io.sluice.config.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code frontend}, {@code backend} or {@code listen} section after {@code defaults} inheritance.
 *
 * @param name the proxy's name
 * @param kind frontend, backend or listen
 * @param mode tcp or http
 * @param binds the {@code bind} lines (frontend capability)
 * @param maxconn the frontend's connection limit, 0 = the global one
 * @param timeouts every timeout
 * @param defaultBackend the {@code default_backend} name, null if none
 * @param switchingRules the {@code use_backend} rules in order
 * @param acls the named ACLs in declaration order
 * @param balance the load-balancing algorithm
 * @param servers the servers in declaration order
 * @param defaultServer what {@code default-server} set (already applied to each server)
 * @param httpReuse never, safe, aggressive or always; null when not set (HAProxy's default, safe)
 * @param retries the connection retries (3)
 * @param retryOn the {@code retry-on} words (default {@code conn-failure})
 * @param options the enabled {@code option} names (httplog, tcplog, dontlognull, forwardfor,
 *        http-server-close, httpclose, http-keep-alive, httpchk, redispatch)
 * @param redispatchInterval {@code option redispatch}'s interval (-1 = on the last retry)
 * @param httpchkArgs the words after {@code option httpchk}
 * @param redirects the {@code redirect} rules in order
 * @param httpRequestRules the {@code http-request} rules in order
 * @param httpResponseRules the {@code http-response} rules in order
 * @param logs the {@code log} lines (including {@code log global})
 * @param logFormat the {@code log-format} string, null for the option's default
 * @param errorfiles status → file path of each {@code errorfile}
 * @param fullconn {@code fullconn}, 0 = derived
 * @param poolMaxConn {@code pool-max-conn}, -1 = unlimited
 * @param poolPurgeDelayMs {@code pool-purge-delay} (5 s)
 * @param file the configuration file of the section header
 * @param line its line
 * @param defaultBackendLine the line of {@code default_backend}, 0 if none
 * @param forwardfor the arguments of {@code option forwardfor} (its default when not set)
 */
public record Proxy(String name, ProxyKind kind, Mode mode, List<Bind> binds, int maxconn, Timeouts timeouts,
                    String defaultBackend, List<SwitchingRule> switchingRules, List<Acl> acls, Balance balance,
                    List<Server> servers, ServerParams defaultServer, String httpReuse, int retries,
                    Set<String> retryOn, Set<String> options, int redispatchInterval, List<String> httpchkArgs,
                    List<RedirectRule> redirects, List<HttpRule> httpRequestRules,
                    List<HttpRule> httpResponseRules, List<LogTarget> logs, String logFormat,
                    Map<Integer, String> errorfiles, int fullconn, int poolMaxConn, long poolPurgeDelayMs,
                    String file, int line, int defaultBackendLine, ForwardFor forwardfor) {
    /** Makes the collections immutable. */
    public Proxy {
        binds = List.copyOf(binds);
        switchingRules = List.copyOf(switchingRules);
        acls = List.copyOf(acls);
        servers = List.copyOf(servers);
        retryOn = Set.copyOf(retryOn);
        options = Set.copyOf(options);
        httpchkArgs = List.copyOf(httpchkArgs);
        redirects = List.copyOf(redirects);
        httpRequestRules = List.copyOf(httpRequestRules);
        httpResponseRules = List.copyOf(httpResponseRules);
        logs = List.copyOf(logs);
        errorfiles = Map.copyOf(errorfiles);
    }

    /** Returns true when {@code option <name>} is enabled. */
    public boolean option(String name) {
        return options.contains(name);
    }

    /** Returns the server called {@code name}, or null. */
    public Server server(String serverName) {
        for (Server s : servers) {
            if (s.name().equals(serverName)) {
                return s;
            }
        }
        return null;
    }
}
