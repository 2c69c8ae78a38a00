package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class KeywordRegistryTest {
    private static final KeywordRegistry R = KeywordRegistry.standard();

    @Test
    void everyKeywordOfTheIssueIsRegistered() {
        for (String kw : List.of("nbthread", "thread-groups", "maxconn", "stats socket", "stats timeout", "log",
                "daemon", "expose-experimental-directives", "hard-stop-after", "tune.bufsize", "tune.maxpollevents",
                "tune.runqueue-depth", "tune.fd.edge-triggered", "tune.http.maxhdr", "tune.idle-pool.shared",
                "tune.pool-low-fd-ratio", "tune.pool-high-fd-ratio", "tune.watchdog.panic-after",
                "tune.debug.race-widen")) {
            assertThat(R.lookup(Keyword.Section.GLOBAL, List.of(kw.split(" ")))).as(kw).isNotNull();
        }
        for (String kw : List.of("mode", "bind", "maxconn", "timeout client", "timeout server", "timeout connect",
                "timeout http-request", "timeout http-keep-alive", "timeout queue", "timeout tunnel", "timeout check",
                "timeout client-fin", "timeout server-fin", "default_backend", "use_backend", "acl", "balance",
                "server", "default-server", "http-reuse", "retries", "retry-on", "option redispatch",
                "option httplog", "option tcplog", "option dontlognull", "option forwardfor",
                "option http-server-close", "option httpclose", "option http-keep-alive", "option httpchk",
                "redirect", "http-request", "http-response", "log", "log-format", "errorfile", "fullconn",
                "pool-max-conn", "pool-purge-delay")) {
            Keyword k = R.lookup(Keyword.Section.PROXY, List.of(kw.split(" ")));
            assertThat(k).as(kw).isNotNull();
            assertThat(k.support()).as(kw).isEqualTo(MODE_TCP_RUNTIME.contains(kw) ? Support.RUNTIME
                    : Support.CHECKED);
        }
    }

    /** Proxy keywords the mode tcp runtime (issue 4) applies. */
    static final List<String> MODE_TCP_RUNTIME = List.of("mode", "bind", "maxconn", "timeout client",
            "timeout server", "timeout connect", "timeout tunnel", "timeout client-fin", "timeout server-fin",
            "default_backend", "use_backend", "balance", "retries", "server", "acl", "log", "option tcplog",
            // mode http (issue 7)
            "timeout http-request", "timeout http-keep-alive", "option forwardfor", "option http-server-close",
            "option httpclose", "option http-keep-alive", "http-request", "http-response", "redirect", "http-reuse", "option httplog",
            "retry-on", "errorfile");

    @Test
    void neverSupportedKeywordsAreRegisteredAsSuch() {
        assertThat(R.lookup(Keyword.Section.GLOBAL, List.of("daemon")).support()).isEqualTo(Support.NEVER);
        assertThat(R.lookup(Keyword.Section.GLOBAL, List.of("lua-load", "x")).support()).isEqualTo(Support.NEVER);
        assertThat(R.lookup(Keyword.Section.PROXY, List.of("stick-table")).support()).isEqualTo(Support.NEVER);
    }

    @Test
    void twoWordFormWinsOverOneWord() {
        assertThat(R.lookup(Keyword.Section.PROXY, List.of("timeout", "client", "1s")).name())
                .isEqualTo("timeout client");
        assertThat(R.lookup(Keyword.Section.PROXY, List.of("timeout", "bogus"))).isNull();
    }

    @Test
    void registeringTwiceIsAProgrammingError() {
        KeywordRegistry r = new KeywordRegistry();
        r.register(Keyword.global("x", 0, ctx -> { }));
        assertThatThrownBy(() -> r.register(Keyword.global("x", 0, ctx -> { })))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNewProviderAddsKeywordsWithoutTouchingTheParser() {
        KeywordRegistry r = KeywordRegistry.standard();
        r.register(Keyword.global("tune.sluice.test", 1, ctx -> ctx.global().maxconn = 77).support(Support.RUNTIME));
        ParseResult res = new ConfigParser(r, Tokenizer.withEnv(java.util.Map.of()))
                .parseTexts(java.util.Map.of("t.cfg", "global\n    tune.sluice.test 1\n"));
        assertThat(res.ok()).isTrue();
        assertThat(res.config().global().maxconn()).isEqualTo(77);
        assertThat(res.config().keywordUses().get(0).support()).isEqualTo(Support.RUNTIME);
    }

    @Test
    void theKeywordTableListsEveryKeywordWithItsStatus() throws java.io.IOException {
        java.nio.file.Path doc = java.nio.file.Path.of("..", "docs", "config-keywords.md");
        String text = java.nio.file.Files.readString(doc);
        for (Keyword.Section s : Keyword.Section.values()) {
            for (Keyword k : R.all(s)) {
                String status = switch (k.support()) {
                    case RUNTIME -> "runtime";
                    case CHECKED -> "checked only";
                    case NEVER -> "never (alert)";
                };
                assertThat(text.lines().filter(l -> l.startsWith("| `" + k.name() + "` |") && l.contains(status)))
                        .as("%s in %s (%s)", k.name(), doc, status).isNotEmpty();
            }
        }
    }
}
