package io.sluice.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.sluice.config.ConfigParser;
import io.sluice.config.ParseResult;
import io.sluice.config.model.Proxy;
import io.sluice.config.model.SwitchingRule;
import io.sluice.core.h1.H1Parser;

/**
 * ACL tables through the real configuration parser: each request must select the backend the
 * first matching {@code use_backend} names, as HAProxy would.
 */
class AclMatchingTest {

    private static final String CONFIG = String.join("\n",
            "defaults",
            "  mode http",
            "  timeout client 1s",
            "  timeout server 1s",
            "  timeout connect 1s",
            "frontend fe",
            "  bind 127.0.0.1:18080",
            "  acl is_api path_beg /api/",
            "  acl is_img path_end .png .jpg",
            "  acl is_img path_reg ^/static/.*\\.gif$",
            "  acl host_a hdr(host) -i a.example",
            "  acl host_b hdr_beg(host) -i b.",
            "  acl post method POST",
            "  acl local src 127.0.0.0/8 ::1",
            "  acl admin_port dst_port 8443",
            "  acl exact path /exact",
            "  acl sub path -m sub secret",
            "  acl dbg hdr(x-debug) -m found",
            "  use_backend api if is_api post",
            "  use_backend api_get if is_api",
            "  use_backend img if is_img || { path -m beg /images/ }",
            "  use_backend hosta if host_a !local",
            "  use_backend hostb if host_b",
            "  use_backend admin if admin_port local",
            "  use_backend exact if exact",
            "  use_backend sub unless !sub",
            "  use_backend dbg if dbg",
            "  default_backend dflt",
            "backend api", "backend api_get", "backend img", "backend hosta", "backend hostb", "backend admin",
            "backend exact", "backend sub", "backend dbg", "backend dflt", "");

    private static final List<CompiledCondition> CONDS = new ArrayList<>();
    private static final List<String> TARGETS = new ArrayList<>();
    private static HttpMatchContext ctx;
    private static String defaultBackend;

    @BeforeAll
    static void compile() throws Exception {
        ParseResult r = ConfigParser.standard().parseTexts(Map.of("t.cfg", CONFIG));
        assertThat(r.config()).as(String.valueOf(r.diagnostics().all())).isNotNull();
        Proxy fe = r.config().frontend("fe");
        AclCompiler c = new AclCompiler();
        for (SwitchingRule s : fe.switchingRules()) {
            CONDS.add(c.compile(s.condition()));
            TARGETS.add(s.backend());
        }
        defaultBackend = fe.defaultBackend();
        ctx = c.newContext();
    }

    static String route(String request, byte[] src, int dstPort) {
        byte[] raw = (request.replace("|", "\r\n") + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocateDirect(raw.length);
        b.put(raw);
        H1Parser p = H1Parser.withDefaults();
        p.beginRequest(b, 0);
        assertThat(p.parse(raw.length)).isEqualTo(H1Parser.DONE);
        ctx.set(p, src, 40000, dstPort);
        for (int i = 0; i < CONDS.size(); i++) {
            if (CONDS.get(i).test(ctx)) {
                return TARGETS.get(i);
            }
        }
        return defaultBackend;
    }

    private static final byte[] LOCAL = {127, 0, 0, 1};
    private static final byte[] REMOTE = {10, 1, 2, 3};

    @ParameterizedTest(name = "{0} from {1}:{2} -> {3}")
    @CsvSource(delimiter = ';', value = {
        "POST /api/x HTTP/1.1|Content-Length: 0; remote; 80; api",
        "GET /api/x HTTP/1.1; remote; 80; api_get",
        "GET /apix HTTP/1.1; remote; 80; dflt",
        "GET /a/b.png HTTP/1.1; remote; 80; img",
        "GET /a/b.PNG HTTP/1.1; remote; 80; dflt",
        "GET /static/x/y.gif HTTP/1.1; remote; 80; img",
        "GET /static/x/y.gifs HTTP/1.1; remote; 80; dflt",
        "GET /images/1 HTTP/1.1; remote; 80; img",
        "GET /x.png?y=1 HTTP/1.1; remote; 80; img",
        "GET http://h.example/api/z?q HTTP/1.1|Host: h.example; remote; 80; api_get",
        "GET / HTTP/1.1|Host: A.Example; remote; 80; hosta",
        "GET / HTTP/1.1|Host: a.example; local; 80; dflt",
        "GET / HTTP/1.1|Host: b.other; remote; 80; hostb",
        "GET / HTTP/1.1|Host: bb.other; remote; 80; dflt",
        "GET / HTTP/1.1; local; 8443; admin",
        "GET / HTTP/1.1; remote; 8443; dflt",
        "GET / HTTP/1.1; local6; 8443; admin",
        "GET / HTTP/1.1; mapped; 8443; admin",
        "GET /exact HTTP/1.1; remote; 80; exact",
        "GET /exact/ HTTP/1.1; remote; 80; dflt",
        "GET /a/secret/b HTTP/1.1; remote; 80; sub",
        "GET / HTTP/1.1|X-Debug:; remote; 80; dbg",
        "GET / HTTP/1.1|X-Other: 1; remote; 80; dflt",
    })
    void routes(String request, String from, int port, String backend) {
        byte[] src = switch (from) {
            case "local" -> LOCAL;
            case "local6" -> new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
            case "mapped" -> new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 9};
            default -> REMOTE;
        };
        assertThat(route(request, src, port)).isEqualTo(backend);
    }

    @Test
    void unsupportedFetchIsRefusedClearly() {
        ParseResult r = ConfigParser.standard().parseTexts(Map.of("u.cfg", String.join("\n",
                "defaults", "  mode http", "  timeout client 1s", "  timeout server 1s", "  timeout connect 1s",
                "frontend fe", "  bind 127.0.0.1:18080", "  acl c req.cook(x) -m str y",
                "  use_backend b if c", "backend b", "")));
        assertThat(r.config()).as(String.valueOf(r.diagnostics().all())).isNotNull();
        SwitchingRule s = r.config().frontend("fe").switchingRules().get(0);
        assertThatThrownBy(() -> new AclCompiler().compile(s.condition()))
                .hasMessageContaining("u.cfg:8:").hasMessageContaining("not supported yet");
    }

    @Test
    void headerValuesAreSplitOnCommas() {
        assertThat(route("GET / HTTP/1.1|Host: x, a.example", REMOTE, 80)).isEqualTo("hosta");
    }

    /**
     * The deliberately broken variant: an evaluator that drops {@code !} (compiled from the same
     * ACLs with every term's negation cleared) must be caught by the routing table.
     */
    @Test
    void tableCatchesAnEvaluatorThatIgnoresNegation() throws Exception {
        ParseResult r = ConfigParser.standard().parseTexts(Map.of("t.cfg", CONFIG));
        Proxy fe = r.config().frontend("fe");
        AclCompiler c = new AclCompiler();
        List<CompiledCondition> broken = new ArrayList<>();
        for (SwitchingRule s : fe.switchingRules()) {
            io.sluice.config.model.Condition cond = s.condition();
            List<List<io.sluice.config.model.Condition.Term>> groups = new ArrayList<>();
            for (List<io.sluice.config.model.Condition.Term> g : cond.groups()) {
                groups.add(g.stream().map(t -> new io.sluice.config.model.Condition.Term(false, t.aclName(), t.acls()))
                        .toList());
            }
            broken.add(c.compile(new io.sluice.config.model.Condition(cond.unless(), groups)));
        }
        HttpMatchContext bctx = c.newContext();
        byte[] raw = "GET / HTTP/1.1\r\nHost: a.example\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocateDirect(raw.length);
        b.put(raw);
        H1Parser p = H1Parser.withDefaults();
        p.beginRequest(b, 0);
        p.parse(raw.length);
        bctx.set(p, REMOTE, 40000, 80);
        String chosen = defaultBackend;
        for (int i = 0; i < broken.size(); i++) {
            if (broken.get(i).test(bctx)) {
                chosen = TARGETS.get(i);
                break;
            }
        }
        assertThat(chosen).isNotEqualTo(route("GET / HTTP/1.1|Host: a.example", REMOTE, 80));
    }
}
