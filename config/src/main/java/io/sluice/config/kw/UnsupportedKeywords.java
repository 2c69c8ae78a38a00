package io.sluice.config.kw;

import io.sluice.config.Keyword;
import io.sluice.config.KeywordProvider;
import io.sluice.config.KeywordRegistry;

/**
 * HAProxy keywords Sluice will never implement, registered so that using them is a clear alert
 * naming them rather than an "unknown keyword".
 */
public final class UnsupportedKeywords implements KeywordProvider {

    @Override
    public void register(KeywordRegistry r) {
        for (String kw : new String[] {"lua-load", "lua-load-per-thread", "lua-prepend-path", "tune.lua.maxmem",
            "tune.lua.session-timeout", "tune.lua.task-timeout"}) {
            r.register(Keyword.never(kw, Keyword.Section.GLOBAL, "no Lua"));
        }
        for (String kw : new String[] {"ssl-default-bind-ciphers", "ssl-default-bind-ciphersuites",
            "ssl-default-bind-options", "ssl-default-server-ciphers", "ssl-default-server-ciphersuites",
            "ssl-default-server-options", "ssl-server-verify", "ssl-engine", "crt-base", "ca-base",
            "tune.ssl.default-dh-param", "tune.ssl.cachesize", "tune.ssl.lifetime"}) {
            r.register(Keyword.never(kw, Keyword.Section.GLOBAL, "no TLS"));
        }
        r.register(Keyword.never("nbproc", Keyword.Section.GLOBAL, "one process with threads; use nbthread"));
        r.register(Keyword.never("master-worker", Keyword.Section.GLOBAL, "no master-worker mode"));
        r.register(Keyword.never("stick-table", Keyword.Section.PROXY, "no stick tables"));
        r.register(Keyword.never("stick", Keyword.Section.PROXY, "no stick tables"));
        r.register(Keyword.never("filter", Keyword.Section.PROXY, "no filters: no SPOE, compression or cache"));
        r.register(Keyword.never("compression", Keyword.Section.PROXY, "no compression"));
        r.register(Keyword.never("tcp-request", Keyword.Section.PROXY, "no tcp-request rules"));
        r.register(Keyword.never("tcp-response", Keyword.Section.PROXY, "no tcp-response rules"));
        r.register(Keyword.never("cookie", Keyword.Section.PROXY, "no cookie persistence"));
        r.register(Keyword.never("http-check", Keyword.Section.PROXY, "use 'option httpchk'"));
        r.register(Keyword.never("option ssl-hello-chk", Keyword.Section.PROXY, "no TLS"));
        r.register(Keyword.never("option spop-check", Keyword.Section.PROXY, "no SPOE"));
    }
}
