package io.sluice.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.config.ConfigParser;
import io.sluice.config.ParseResult;
import io.sluice.config.model.HttpRule;
import io.sluice.config.model.Proxy;
import io.sluice.core.h1.AddedHeaders;
import io.sluice.core.h1.H1HeadWriter;
import io.sluice.core.h1.H1Parser;
import io.sluice.core.h1.PreparedReply;

/** Rules from a real configuration compiled into replies, redirects and header actions. */
class HttpRuleCompilerTest {

    private static Proxy frontend(String... lines) {
        String text = String.join("\n", "defaults", "  mode http", "  timeout client 1s", "  timeout server 1s",
                "  timeout connect 1s", "frontend fe", "  bind 127.0.0.1:18080", String.join("\n", lines),
                "  default_backend b", "backend b", "");
        ParseResult r = ConfigParser.standard().parseTexts(Map.of("r.cfg", text));
        assertThat(r.config()).as(String.valueOf(r.diagnostics().all())).isNotNull();
        return r.config().frontend("fe");
    }

    private static H1Parser request(String raw) {
        byte[] b = raw.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buf = ByteBuffer.allocateDirect(b.length);
        buf.put(b);
        H1Parser p = H1Parser.withDefaults();
        p.beginRequest(buf, 0);
        assertThat(p.parse(b.length)).isEqualTo(H1Parser.DONE);
        return p;
    }

    @Test
    void returnDenyAndFileBodies(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("body.txt"), "from file\n");
        Proxy fe = frontend("  http-request return status 200 content-type text/plain string ok if { path /ok }",
                "  http-request deny deny_status 429 if { path /slow }",
                "  http-request deny",
                "  http-request return status 404 content-type text/plain file body.txt");
        HttpRuleCompiler c = new HttpRuleCompiler(new AclCompiler(), 15360);
        List<HttpRule> rules = fe.httpRequestRules();
        assertThat(c.reply(rules.get(0), dir).render(PreparedReply.CONN_NONE, false))
                .isEqualTo("HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-type: text/plain\r\n\r\nok");
        assertThat(c.reply(rules.get(1), dir).render(PreparedReply.CONN_NONE, true))
                .startsWith("HTTP/1.1 429 Too Many Requests\r\ncontent-length: 117\r\n");
        assertThat(c.reply(rules.get(2), dir).status()).isEqualTo(403);
        assertThat(c.reply(rules.get(3), dir).render(PreparedReply.CONN_NONE, false))
                .endsWith("content-length: 10\r\ncontent-type: text/plain\r\n\r\nfrom file\n");
    }

    @Test
    void redirectsAndTheirConditions() throws Exception {
        Proxy fe = frontend("  redirect location / code 302 if !{ path / }",
                "  redirect prefix https://new.example code 301 drop-query",
                "  redirect scheme https set-cookie X=1");
        HttpRuleCompiler c = new HttpRuleCompiler(new AclCompiler(), 15360);
        AclCompiler acl = new AclCompiler();
        CompiledRedirect loc = c.redirect(fe.redirects().get(0));
        HttpMatchContext ctx = acl.newContext();
        H1Parser root = request("GET / HTTP/1.1\r\n\r\n");
        H1Parser other = request("GET /x?y HTTP/1.1\r\n\r\n");
        assertThat(loc.condition().test(ctx.set(root, new byte[4], 1, 80))).isFalse();
        assertThat(loc.condition().test(ctx.set(other, new byte[4], 1, 80))).isTrue();
        ByteBuffer out = ByteBuffer.allocate(256);
        int n = loc.write(out, other, PreparedReply.CONN_CLOSE);
        assertThat(new String(out.array(), 0, n, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 302 Found\r\n"
                + "content-length: 0\r\nlocation: /\r\ncache-control: no-cache\r\nconnection: close\r\n\r\n");
        CompiledRedirect pre = c.redirect(fe.redirects().get(1));
        out.clear();
        n = pre.write(out, other, PreparedReply.CONN_NONE);
        assertThat(new String(out.array(), 0, n, StandardCharsets.ISO_8859_1))
                .contains("location: https://new.example/x\r\n");
        assertThatThrownBy(() -> c.redirect(fe.redirects().get(2))).hasMessageContaining("r.cfg:")
                .hasMessageContaining("not supported yet");
    }

    @Test
    void headerActionsEditTheOutgoingHead() throws Exception {
        Proxy fe = frontend("  http-request set-header X-Env prod", "  http-request add-header X-Add 1",
                "  http-request del-header X-Secret", "  http-request set-header X-Ip %[src]");
        HttpRuleCompiler c = new HttpRuleCompiler(new AclCompiler(), 15360);
        List<HttpRule> rules = fe.httpRequestRules();
        H1Parser p = request("GET / HTTP/1.1\r\nX-Env: dev\r\nX-Secret: s\r\nX-Add: 0\r\n\r\n");
        AddedHeaders added = new AddedHeaders(1024);
        for (int i = 0; i < 3; i++) {
            assertThat(c.headerAction(rules.get(i)).apply(p.headers(), added)).isTrue();
        }
        ByteBuffer out = ByteBuffer.allocate(512);
        int n = H1HeadWriter.writeRequest(out, p, added, null, PreparedReply.CONN_NONE);
        assertThat(new String(out.array(), 0, n, StandardCharsets.ISO_8859_1)).isEqualTo("GET / HTTP/1.1\r\n"
                + "x-add: 0\r\nx-env: prod\r\nx-add: 1\r\n\r\n");
        assertThatThrownBy(() -> c.headerAction(rules.get(3))).hasMessageContaining("not supported yet");
    }

    @Test
    void argumentsWithoutRuntimeAreRefusedNotIgnored(@TempDir Path dir) throws Exception {
        Proxy fe = frontend("  http-request return status 200 content-type text/plain string hi hdr X-Ret yes",
                "  http-request del-header X-Foo -m beg",
                "  http-request del-header X-Foo -m str",
                "  http-request deny if { hdr(x-a,2) -m str two }");
        HttpRuleCompiler c = new HttpRuleCompiler(new AclCompiler(), 15360);
        List<HttpRule> rules = fe.httpRequestRules();
        assertThatThrownBy(() -> c.reply(rules.get(0), dir))
                .hasMessageContaining("'hdr' in 'return' is not supported yet");
        assertThatThrownBy(() -> c.headerAction(rules.get(1)))
                .hasMessageContaining("'del-header -m beg' is not supported yet");
        assertThat(c.headerAction(rules.get(2)).op()).isEqualTo(HeaderAction.DEL);
        assertThatThrownBy(() -> c.condition(rules.get(3))).hasMessageContaining("occurrence")
                .hasMessageContaining("not supported yet");
    }
}
