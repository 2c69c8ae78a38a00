package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.config.model.Acl;
import io.sluice.config.model.Address;
import io.sluice.config.model.Condition;
import io.sluice.config.model.Config;
import io.sluice.config.model.Global;
import io.sluice.config.model.HttpRule;
import io.sluice.config.model.MatchMethod;
import io.sluice.config.model.Mode;
import io.sluice.config.model.Proxy;
import io.sluice.config.model.ProxyKind;
import io.sluice.config.model.RedirectRule;
import io.sluice.config.model.Server;
import io.sluice.config.model.Timeouts;

/** Every keyword's happy path, checked on the model the runtime will read. */
class KeywordHappyPathTest {
    private static final String FULL = """
            global
                nbthread 8
                thread-groups 2
                maxconn 5000
                stats socket "fd@${CLI_FD}" level admin
                stats socket /run/sluice.sock mode 600 level user
                stats socket ipv4@127.0.0.1:9999
                stats timeout 1m
                log stdout format raw local0 info
                log 127.0.0.1:514 len 2048 daemon warning err
                expose-experimental-directives
                hard-stop-after 30s
                tune.bufsize 32k
                tune.maxpollevents 100
                tune.runqueue-depth 50
                tune.fd.edge-triggered on
                tune.http.maxhdr 64
                tune.idle-pool.shared off
                tune.pool-low-fd-ratio 10
                tune.pool-high-fd-ratio 30
                tune.watchdog.panic-after 2s
                tune.debug.race-widen 100

            defaults named
                mode tcp
                timeout client 1s
                timeout connect 1s
                timeout server 1s

            defaults
                mode http
                log global
                option httplog
                option dontlognull
                option redispatch
                timeout connect 5s
                timeout client 30s
                timeout server 30s
                retries 5
                default-server inter 3s rise 3 fall 2

            frontend www
                bind 127.0.0.1:8080 name main thread 1-2
                bind :8000-8002,ipv6@::1:8443
                bind "fd@${BIND_FD}"
                maxconn 100
                timeout http-request 10s
                timeout http-keep-alive 2s
                timeout client-fin 1s
                option forwardfor except 127.0.0.0/8 header X-Real-IP if-none
                option http-server-close
                acl is_api path_beg -i /api /v2
                acl is_api hdr(host) -m end .api.local
                acl local src 127.0.0.1 10.0.0.0/8
                acl slow req.hdr_cnt(x-slow) gt 0
                use_backend app if is_api !local || { method POST } local
                use_backend app unless TRUE
                default_backend app
                http-request deny deny_status 429 if slow
                http-request return status 200 content-type text/plain string "hello\\n" if { path /hello }
                http-request set-header X-Sluice "%[src]"
                http-request redirect scheme https code 301 if { hdr(x-proto) http }
                http-request disable-l7-retry
                http-response set-status 503
                http-response del-header Server
                redirect prefix /new code 308 drop-query if { path_beg /old }
                log-format "%ci %b"
                errorfile 503 /dev/null

            backend app
                balance leastconn
                http-reuse always
                retry-on conn-failure empty-response 503
                option httpchk GET /health
                fullconn 200
                pool-max-conn 10
                pool-purge-delay 1s
                timeout queue 3s
                timeout tunnel 1h
                timeout check 500ms
                timeout server-fin 1s
                server a 127.0.0.1:8081 maxconn 10 minconn 2 maxqueue 5 weight 20 check \
                    inter 1s fastinter 500ms downinter 5s slowstart 10s
                server b localhost:8082 disabled backup
                server c 127.0.0.1

            backend api from named
                balance hdr(host)
                no option redispatch
                server x 127.0.0.1:9000

            listen both
                bind :9100
                retry-on none
                server s 127.0.0.1:9101
            """;

    static Config parse(String text) {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("full.cfg", text);
        ParseResult r = new ConfigParser(KeywordRegistry.standard(),
                Tokenizer.withEnv(Map.of("CLI_FD", "3", "BIND_FD", "4"))).parseTexts(texts);
        assertThat(r.diagnostics().alerts()).as("alerts").isEmpty();
        return r.config();
    }

    @Test
    void globalSection() {
        Global g = parse(FULL).global();
        assertThat(g.nbthread()).isEqualTo(8);
        assertThat(g.threadGroups()).isEqualTo(2);
        assertThat(g.maxconn()).isEqualTo(5000);
        assertThat(g.statsSockets()).hasSize(3);
        assertThat(g.statsSockets().get(0).address().family()).isEqualTo(Address.Family.FD);
        assertThat(g.statsSockets().get(0).address().fd()).isEqualTo(3);
        assertThat(g.statsSockets().get(0).level()).isEqualTo("admin");
        assertThat(g.statsSockets().get(1).mode()).isEqualTo("600");
        assertThat(g.statsSockets().get(1).level()).isEqualTo("user");
        assertThat(g.statsSockets().get(2).level()).isEqualTo("operator");
        assertThat(g.statsTimeoutMs()).isEqualTo(60_000);
        assertThat(g.logs()).hasSize(2);
        assertThat(g.logs().get(0).target()).isEqualTo("stdout");
        assertThat(g.logs().get(0).format()).isEqualTo("raw");
        assertThat(g.logs().get(0).level()).isEqualTo("info");
        assertThat(g.logs().get(1).maxLen()).isEqualTo(2048);
        assertThat(g.logs().get(1).minLevel()).isEqualTo("err");
        assertThat(g.experimental()).isTrue();
        assertThat(g.hardStopAfterMs()).isEqualTo(30_000);
        assertThat(g.tune().bufsize()).isEqualTo(32768);
        assertThat(g.tune().maxpollevents()).isEqualTo(100);
        assertThat(g.tune().runqueueDepth()).isEqualTo(50);
        assertThat(g.tune().fdEdgeTriggered()).isTrue();
        assertThat(g.tune().httpMaxhdr()).isEqualTo(64);
        assertThat(g.tune().idlePoolShared()).isFalse();
        assertThat(g.tune().poolLowFdRatio()).isEqualTo(10);
        assertThat(g.tune().poolHighFdRatio()).isEqualTo(30);
        assertThat(g.tune().watchdogPanicAfterMs()).isEqualTo(2000);
        assertThat(g.tune().raceWiden()).isEqualTo(100);
    }

    @Test
    void frontendBindsTimeoutsAndDefaultsInheritance() {
        Proxy www = parse(FULL).frontend("www");
        assertThat(www.kind()).isEqualTo(ProxyKind.FRONTEND);
        assertThat(www.mode()).isEqualTo(Mode.HTTP);
        assertThat(www.binds()).hasSize(3);
        assertThat(www.binds().get(0).name()).isEqualTo("main");
        assertThat(www.binds().get(0).thread()).isEqualTo("1-2");
        assertThat(www.binds().get(1).addresses()).hasSize(2);
        assertThat(www.binds().get(1).addresses().get(0).portHigh()).isEqualTo(8002);
        assertThat(www.binds().get(1).addresses().get(1).family()).isEqualTo(Address.Family.IPV6);
        assertThat(www.binds().get(2).addresses().get(0).fd()).isEqualTo(4);
        assertThat(www.maxconn()).isEqualTo(100);
        Timeouts t = www.timeouts();
        assertThat(t.client()).isEqualTo(30_000);
        assertThat(t.connect()).isEqualTo(5000);
        assertThat(t.httpRequest()).isEqualTo(10_000);
        assertThat(t.httpKeepAlive()).isEqualTo(2000);
        assertThat(t.clientFin()).isEqualTo(1000);
        assertThat(t.queue()).isEqualTo(Timeouts.UNSET);
        assertThat(www.options()).contains("httplog", "dontlognull", "forwardfor", "http-server-close");
        assertThat(www.logs()).hasSize(1);
        assertThat(www.logs().get(0).global()).isTrue();
        assertThat(www.logFormat()).isEqualTo("%ci %b");
        assertThat(www.errorfiles()).containsEntry(503, "/dev/null");
        assertThat(www.defaultBackend()).isEqualTo("app");
    }

    @Test
    void aclsAndConditions() {
        Proxy www = parse(FULL).frontend("www");
        List<Acl> acls = www.acls();
        assertThat(acls).extracting(Acl::name).containsExactly("is_api", "is_api", "local", "slow");
        Acl first = acls.get(0);
        assertThat(first.fetch()).isEqualTo("path");
        assertThat(first.match()).isEqualTo(MatchMethod.BEG);
        assertThat(first.ignoreCase()).isTrue();
        assertThat(first.patterns()).containsExactly("/api", "/v2");
        assertThat(acls.get(1).fetchArgs()).containsExactly("host");
        assertThat(acls.get(1).match()).isEqualTo(MatchMethod.END);
        assertThat(acls.get(2).match()).isEqualTo(MatchMethod.IP);
        assertThat(acls.get(3).match()).isEqualTo(MatchMethod.INT);
        assertThat(acls.get(3).patterns()).containsExactly("gt", "0");

        Condition c = www.switchingRules().get(0).condition();
        assertThat(c.unless()).isFalse();
        assertThat(c.groups()).hasSize(2);
        assertThat(c.groups().get(0)).extracting(Condition.Term::aclName).containsExactly("is_api", "local");
        assertThat(c.groups().get(0).get(0).acls()).hasSize(2);
        assertThat(c.groups().get(0).get(1).negated()).isTrue();
        Condition.Term anon = c.groups().get(1).get(0);
        assertThat(anon.aclName()).isNull();
        assertThat(anon.acls().get(0).fetch()).isEqualTo("method");
        assertThat(anon.acls().get(0).patterns()).containsExactly("POST");
        Condition unless = www.switchingRules().get(1).condition();
        assertThat(unless.unless()).isTrue();
        assertThat(unless.groups().get(0).get(0).acls().get(0).criterion()).isEqualTo("always_true");
    }

    @Test
    void httpRulesAndRedirects() {
        Proxy www = parse(FULL).frontend("www");
        List<HttpRule> req = www.httpRequestRules();
        assertThat(req).extracting(HttpRule::action)
                .containsExactly("deny", "return", "set-header", "redirect", "disable-l7-retry");
        assertThat(req.get(0).status()).isEqualTo(429);
        assertThat(req.get(0).condition().groups().get(0).get(0).aclName()).isEqualTo("slow");
        HttpRule ret = req.get(1);
        assertThat(ret.status()).isEqualTo(200);
        assertThat(ret.contentType()).isEqualTo("text/plain");
        assertThat(ret.bodyKind()).isEqualTo("string");
        assertThat(ret.body()).isEqualTo("hello\n");
        assertThat(req.get(2).headerName()).isEqualTo("X-Sluice");
        assertThat(req.get(2).headerValue()).isEqualTo("%[src]");
        RedirectRule rr = req.get(3).redirect();
        assertThat(rr.type()).isEqualTo(RedirectRule.Type.SCHEME);
        assertThat(rr.code()).isEqualTo(301);
        assertThat(www.httpResponseRules()).extracting(HttpRule::action).containsExactly("set-status", "del-header");
        assertThat(www.httpResponseRules().get(0).status()).isEqualTo(503);
        RedirectRule r = www.redirects().get(0);
        assertThat(r.type()).isEqualTo(RedirectRule.Type.PREFIX);
        assertThat(r.target()).isEqualTo("/new");
        assertThat(r.code()).isEqualTo(308);
        assertThat(r.options()).containsExactly("drop-query");
        assertThat(r.condition()).isNotNull();
    }

    @Test
    void backendServersAndDefaultServer() {
        Config c = parse(FULL);
        Proxy app = c.backend("app");
        assertThat(app.balance().algorithm()).isEqualTo("leastconn");
        assertThat(app.httpReuse()).isEqualTo("always");
        assertThat(app.retries()).isEqualTo(5);
        assertThat(app.retryOn()).containsExactlyInAnyOrder("conn-failure", "empty-response", "503");
        assertThat(app.option("redispatch")).isTrue();
        assertThat(app.httpchkArgs()).containsExactly("GET", "/health");
        assertThat(app.fullconn()).isEqualTo(200);
        assertThat(app.poolMaxConn()).isEqualTo(10);
        assertThat(app.poolPurgeDelayMs()).isEqualTo(1000);
        assertThat(app.timeouts().queue()).isEqualTo(3000);
        assertThat(app.timeouts().tunnel()).isEqualTo(3_600_000);
        assertThat(app.timeouts().check()).isEqualTo(500);
        assertThat(app.timeouts().serverFin()).isEqualTo(1000);
        Server a = app.server("a");
        assertThat(a.params().maxconn()).isEqualTo(10);
        assertThat(a.params().minconn()).isEqualTo(2);
        assertThat(a.params().maxqueue()).isEqualTo(5);
        assertThat(a.params().weight()).isEqualTo(20);
        assertThat(a.params().check()).isTrue();
        assertThat(a.params().interMs()).isEqualTo(1000);
        assertThat(a.params().fastinterMs()).isEqualTo(500);
        assertThat(a.params().downinterMs()).isEqualTo(5000);
        assertThat(a.params().slowstartMs()).isEqualTo(10_000);
        assertThat(a.params().rise()).isEqualTo(3);
        assertThat(a.params().fall()).isEqualTo(2);
        Server b = app.server("b");
        assertThat(b.params().disabled()).isTrue();
        assertThat(b.params().backup()).isTrue();
        assertThat(b.params().interMs()).isEqualTo(3000);
        assertThat(b.address().host()).isEqualTo("localhost");
        assertThat(app.server("c").address().portLow()).isZero();
    }

    @Test
    void namedDefaultsSelectedWithFromAndNoOption() {
        Config c = parse(FULL);
        Proxy api = c.backend("api");
        assertThat(api.mode()).isEqualTo(Mode.TCP);
        assertThat(api.timeouts().server()).isEqualTo(1000);
        assertThat(api.option("redispatch")).isFalse();
        assertThat(api.balance().algorithm()).isEqualTo("hdr");
        assertThat(api.balance().args()).containsExactly("host");
        Proxy both = c.frontend("both");
        assertThat(both.kind()).isEqualTo(ProxyKind.LISTEN);
        assertThat(both.retryOn()).isEmpty();
        assertThat(c.proxies()).extracting(Proxy::name).containsExactly("www", "app", "api", "both");
    }

    @Test
    void defaultsSectionReplacesThePreviousOne() {
        Config c = parse("defaults\n    timeout client 1s\ndefaults\n    timeout client 2s\nfrontend f\n"
                + "    bind :1\n");
        assertThat(c.frontend("f").timeouts().client()).isEqualTo(2000);
    }

    @Test
    void missingTimeoutsIsAWarningNotAnError() {
        Map<String, String> texts = Map.of("w.cfg", "frontend f\n    bind :1\n    mode http\n");
        ParseResult r = new ConfigParser(KeywordRegistry.standard(), Tokenizer.withEnv(Map.of())).parseTexts(texts);
        assertThat(r.ok()).isTrue();
        assertThat(r.diagnostics().warnings()).hasSize(1);
        assertThat(r.diagnostics().warnings().get(0).message())
                .startsWith("missing timeouts for frontend 'f'.\n   | While not properly invalid");
    }

    @Test
    void contentTypeWithoutPayloadIsAWarning() {
        Map<String, String> texts = Map.of("w.cfg", "defaults\n    mode http\n    timeout client 1s\n"
                + "frontend f\n    bind :1\n    http-request return status 204 content-type text/plain\n");
        ParseResult r = new ConfigParser(KeywordRegistry.standard(), Tokenizer.withEnv(Map.of())).parseTexts(texts);
        assertThat(r.ok()).isTrue();
        assertThat(r.diagnostics().warnings()).extracting(d -> d.text()).contains("parsing [w.cfg:6] : "
                + "'http-request return' : 'content-type' is ignored because no payload is defined.");
    }

    @Test
    void capabilityMismatchIsAWarning() {
        Map<String, String> texts = Map.of("w.cfg", "defaults\n    timeout connect 1s\n    timeout server 1s\n"
                + "backend b\n    maxconn 10\n    server s 127.0.0.1:1\n");
        ParseResult r = new ConfigParser(KeywordRegistry.standard(), Tokenizer.withEnv(Map.of())).parseTexts(texts);
        assertThat(r.ok()).isTrue();
        assertThat(r.diagnostics().warnings().get(0).text())
                .isEqualTo("parsing [w.cfg:5] : 'maxconn' ignored because backend 'b' has no frontend capability.");
    }

    @Test
    void directoriesExpandToCfgFilesInLexicalOrder(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("20-b.cfg"), "backend b\n");
        Files.writeString(dir.resolve("10-a.cfg"), "global\n");
        Files.writeString(dir.resolve(".hidden.cfg"), "bogus\n");
        Files.writeString(dir.resolve("notes.txt"), "bogus\n");
        Files.createDirectory(dir.resolve("sub.cfg"));
        List<String> files = ConfigParser.expandFiles(List.of(dir.toString()));
        assertThat(files).containsExactly(dir + "/10-a.cfg", dir + "/20-b.cfg");
        ParseResult r = new ConfigParser(KeywordRegistry.standard(), Tokenizer.withEnv(Map.of())).parseFiles(files);
        assertThat(r.ok()).isTrue();
        assertThat(r.config().files()).containsExactlyElementsOf(files);
    }

    @Test
    void sectionsMayContinueAcrossFilesOnlyByReopening() {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("a.cfg", "backend b\n    server s 127.0.0.1:1\n");
        texts.put("b.cfg", "    server t 127.0.0.1:2\n");
        ParseResult r = new ConfigParser(KeywordRegistry.standard(), Tokenizer.withEnv(Map.of())).parseTexts(texts);
        assertThat(r.diagnostics().alerts().get(0).text())
                .isEqualTo("parsing [b.cfg:1] : unknown keyword 'server' out of section.");
    }

    @Test
    void everyUsedKeywordIsRecordedWithItsSupportLevel() {
        Config c = parse(FULL);
        assertThat(c.keywordUses()).isNotEmpty();
        assertThat(c.keywordUses()).allSatisfy(u -> assertThat(u.support()).isIn(Support.CHECKED, Support.RUNTIME));
        assertThat(c.keywordUses()).anySatisfy(u -> assertThat(u.support()).isEqualTo(Support.CHECKED));
        assertThat(c.keywordUses().get(0).support()).isEqualTo(Support.RUNTIME); // nbthread: mode tcp runtime
        assertThat(c.keywordUses().get(0).keyword()).isEqualTo("nbthread");
        assertThat(c.keywordUses().get(0).line()).isEqualTo(2);
    }

    @Test
    void noAndDefaultClearWhatDefaultsSet() {
        Config c = parse("""
                defaults
                    option redispatch
                    option forwardfor
                    log stdout local0
                    timeout connect 1s
                    timeout server 1s
                backend a
                    no option redispatch
                    default option forwardfor
                    no log
                    server s 127.0.0.1:1
                backend b
                    server s 127.0.0.1:1
                """);
        assertThat(c.backend("a").options()).doesNotContain("redispatch", "forwardfor");
        assertThat(c.backend("a").logs()).isEmpty();
        assertThat(c.backend("b").options()).contains("redispatch", "forwardfor");
        assertThat(c.backend("b").logs()).hasSize(1);
    }
}
