package io.sluice.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Every ACL kind and rule of issue 7 end to end: fetches {@code path}, {@code path_beg},
 * {@code path_end}, {@code path_reg}, {@code hdr()}, {@code hdr_beg(host)}, {@code method},
 * {@code src}, {@code dst_port}; {@code -i}, {@code -m str|beg|end|sub|reg}; named ACLs,
 * {@code if}/{@code unless}, {@code !}, {@code ||} and implicit AND; {@code use_backend};
 * {@code redirect location|prefix|scheme} with codes 301..308; {@code http-request return} with
 * content-type and string or file; {@code deny [deny_status]}; request and response
 * {@code set-header|add-header|del-header}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulesTest {

    private HttpFixture fx;
    private MiniHttpServer api;
    private MiniHttpServer other;

    @BeforeAll
    void start() throws Exception {
        api = new MiniHttpServer("api");
        other = new MiniHttpServer("other");
        Path json = Files.createTempFile("sluice-return-", ".json");
        Files.writeString(json, "{\"from\":\"file\"}\n");
        int fePort = HttpProxyTest.freePort();
        String fe = "    acl is_api path_beg /api\n"
                + "    acl is_png path_end .png\n"
                + "    acl is_num path_reg ^/n/[0-9]+$\n"
                + "    acl host_ex hdr_beg(host) -i example.\n"
                + "    acl is_post method POST\n"
                + "    acl local src 127.0.0.1\n"
                + "    acl fe_port dst_port FEPORT\n"
                + "    acl bot hdr(user-agent) -m sub -i bot\n"
                + "    acl exact path -m str /exact\n"
                + "    acl caseless path -i /CaseLess\n"
                + "    acl txt path -m end .txt\n"
                + "    acl rx path -m reg ^/r[a-z]+$\n"
                + "    acl beg path -m beg /b/\n"
                + "    acl xh hdr(x-h) -m beg ab\n"
                + "    http-request deny deny_status 405 unless { method GET HEAD POST }\n"
                + "    http-request set-header X-Test set-by-rule if { path /set }\n"
                + "    http-request add-header X-Added one if { path /add }\n"
                + "    http-request add-header X-Added two if { path /add }\n"
                + "    http-request del-header X-Gone if { path /del }\n"
                + "    http-request deny if { path /deny }\n"
                + "    http-request deny deny_status 429 if { path /deny429 }\n"
                + "    http-request return status 201 content-type text/plain string \"made\" if { path /ret }\n"
                + "    http-request return status 200 content-type application/json file " + json
                + " if { path /retfile }\n"
                + "    http-request return status 200 content-type text/plain string \"api-post\" if is_api is_post\n"
                + "    http-request return status 200 content-type text/plain string \"png-or-num\" if is_png || is_num\n"
                + "    http-request return status 200 content-type text/plain string \"bot\" if bot\n"
                + "    http-request return status 200 content-type text/plain string \"exact\" if exact local fe_port\n"
                + "    http-request return status 200 content-type text/plain string \"caseless\" if caseless\n"
                + "    http-request return status 200 content-type text/plain string \"txt\" if txt\n"
                + "    http-request return status 200 content-type text/plain string \"rx\" if rx\n"
                + "    http-request return status 200 content-type text/plain string \"beg\" if beg\n"
                + "    http-request return status 200 content-type text/plain string \"xh\" if xh\n"
                + "    http-request return status 200 content-type text/plain string \"not-post\" if { path /np } "
                + "!is_post\n"
                + "    http-request return status 200 content-type text/plain string \"remote\" unless local\n"
                + "    http-response set-header X-Resp set\n"
                + "    http-response add-header X-Resp2 a\n"
                + "    http-response del-header X-Secret\n"
                + "    redirect location /new code 301 if { path /r301 }\n"
                + "    redirect location /new code 302 if { path /r302 }\n"
                + "    redirect prefix /pre code 303 if { path_beg /p303 }\n"
                + "    redirect location /new code 307 if { path /r307 }\n"
                + "    redirect location /new code 308 if { path /r308 }\n"
                + "    redirect scheme https if { path /sch }\n"
                + "    use_backend api if is_api\n"
                + "    use_backend other if host_ex\n";
        String be = "backend api\n    server s1 127.0.0.1:" + api.port() + "\n"
                + "backend other\n    server s1 127.0.0.1:" + other.port() + "\n";
        fx = HttpFixture.startOn(fePort, "", "", fe.replace("FEPORT", Integer.toString(fePort)), be);
    }

    @AfterAll
    void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
        api.close();
        other.close();
    }

    private HttpWire.Response get(String path, String extra) throws Exception {
        return request("GET", path, extra);
    }

    private HttpWire.Response request(String method, String path, String extra) throws Exception {
        try (HttpWire c = new HttpWire(fx.fe)) {
            String body = method.equals("POST") ? "Content-Length: 0\r\n" : "";
            return c.send(method + " " + path + " HTTP/1.1\r\nHost: t\r\n" + extra + body + "\r\n")
                    .read(method.equals("HEAD"));
        }
    }

    private MiniHttpServer.Seen seen(String path) {
        List<MiniHttpServer.Seen> all = fx.seenSince(0);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).line.startsWith("GET " + path + " ") || all.get(i).line.startsWith("POST " + path + " ")) {
                return all.get(i);
            }
        }
        throw new AssertionError(path + " never reached the origin: " + all);
    }

    private void assertReturned(String body, HttpWire.Response r) {
        assertEquals(200, r.status());
        assertEquals(body, r.body());
        assertEquals("text/plain", r.headers().get("content-type"));
    }

    @Test
    @Timeout(60)
    void aclFetchesAndMatchers() throws Exception {
        assertReturned("api-post", request("POST", "/api/x", ""));
        assertTrue(get("/api/x", "").body().startsWith("api GET /api/x "), "path_beg → use_backend api");
        assertReturned("png-or-num", get("/img/a.png", ""));
        assertReturned("png-or-num", get("/n/42", ""));
        assertTrue(get("/n/42x", "").body().startsWith("app GET /n/42x "), "path_reg anchored");
        assertReturned("bot", get("/any", "User-Agent: SuperBOTx\r\n"));
        assertReturned("exact", get("/exact", ""));
        assertTrue(get("/exact/more", "").body().startsWith("app "), "-m str is exact");
        assertReturned("caseless", get("/caseless", ""));
        assertReturned("txt", get("/notes.txt", ""));
        assertReturned("rx", get("/rabc", ""));
        assertTrue(get("/r1", "").body().startsWith("app "), "-m reg");
        assertReturned("beg", get("/b/1", ""));
        assertReturned("xh", get("/h", "X-H: abc\r\n"));
        assertTrue(get("/h", "X-H: zab\r\n").body().startsWith("app "), "-m beg on a header");
        assertReturned("not-post", get("/np", ""));
        assertTrue(request("POST", "/np", "").body().startsWith("app POST /np "), "! on a named acl");
        // hdr_beg(host) -i: routed to backend other whatever the case.
        try (HttpWire c = new HttpWire(fx.fe)) {
            HttpWire.Response r = c.send("GET /h1 HTTP/1.1\r\nHost: Example.COM\r\n\r\n").read();
            assertTrue(r.body().startsWith("other GET /h1 "), r.body());
        }
        // "unless local" never fires for a local client: the request reaches the default backend.
        assertTrue(get("/plain", "").body().startsWith("app GET /plain "));
    }

    @Test
    @Timeout(60)
    void denyAndReturn() throws Exception {
        HttpWire.Response r = get("/deny", "");
        assertEquals(403, r.status());
        assertEquals("<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n"
                + "</body></html>\n", r.body());
        r = get("/deny429", "");
        assertEquals(429, r.status());
        assertTrue(r.body().contains("<h1>429 Too Many Requests</h1>"), r.body());
        r = request("DELETE", "/x", "");
        assertEquals(405, r.status(), "deny_status 405 unless { method GET HEAD POST }");
        r = get("/ret", "");
        assertEquals(201, r.status());
        assertEquals("made", r.body());
        assertEquals("text/plain", r.headers().get("content-type"));
        r = get("/retfile", "");
        assertEquals(200, r.status());
        assertEquals("{\"from\":\"file\"}\n", r.body());
        assertEquals("application/json", r.headers().get("content-type"));
    }

    @Test
    @Timeout(60)
    void redirects() throws Exception {
        String[][] cases = {{"/r301", "301", "/new"}, {"/r302", "302", "/new"}, {"/p303/x?q=1", "303", "/pre/p303/x?q=1"},
            {"/r307", "307", "/new"}, {"/r308", "308", "/new"}, {"/sch", "302", "https://t/sch"}};
        for (String[] c : cases) {
            HttpWire.Response r = get(c[0], "");
            assertEquals(Integer.parseInt(c[1]), r.status(), c[0]);
            assertEquals(c[2], r.headers().get("location"), c[0]);
            assertEquals("0", r.headers().get("content-length"), c[0]);
            boolean noCache = c[1].equals("302") || c[1].equals("303") || c[1].equals("307");
            assertEquals(noCache, "no-cache".equals(r.headers().get("cache-control")), c[0]);
        }
    }

    @Test
    @Timeout(60)
    void headerRulesOnBothSides() throws Exception {
        get("/set", "X-Test: from-client\r\n");
        assertEquals("set-by-rule", seen("/set").headers.get("x-test"), "set-header replaces");
        get("/add", "");
        assertEquals("one,two", seen("/add").headers.get("x-added"), "add-header appends in order");
        get("/del", "X-Gone: a\r\nX-Gone: b\r\nX-Kept: c\r\n");
        assertNull(seen("/del").headers.get("x-gone"), "del-header removes every occurrence");
        assertEquals("c", seen("/del").headers.get("x-kept"));
        fx.app.canned.put("/secret", "HTTP/1.1 200 OK\r\nX-Secret: s\r\nX-Resp: from-server\r\nContent-Length: 2\r\n\r\nok"
                .getBytes(StandardCharsets.ISO_8859_1));
        HttpWire.Response r = get("/secret", "");
        assertEquals("ok", r.body());
        assertFalse(r.headers().containsKey("x-secret"), "http-response del-header");
        assertEquals("set", r.headers().get("x-resp"), "http-response set-header replaces");
        assertEquals("a", r.headers().get("x-resp2"), "http-response add-header");
    }
}
