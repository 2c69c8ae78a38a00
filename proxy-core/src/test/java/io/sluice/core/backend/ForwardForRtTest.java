package io.sluice.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sluice.config.ConfigParser;
import io.sluice.config.ParseResult;
import io.sluice.config.model.Proxy;
import io.sluice.core.h1.H1Parser;

/** FWD-1..4 of {@link ForwardForRt}, compiled from real configuration text. */
class ForwardForRtTest {

    private static Proxy proxy(String optionLine) {
        String cfg = "defaults\n    mode http\nbackend b\n" + optionLine + "    server s1 127.0.0.1:1\n";
        ParseResult r = ConfigParser.standard().parseTexts(Map.of("t.cfg", cfg));
        assertThat(r.ok()).as(r.diagnostics().toString()).isTrue();
        return r.config().backend("b");
    }

    private static H1Parser request(String headers) {
        String raw = "GET / HTTP/1.1\r\nHost: t\r\n" + headers + "\r\n";
        ByteBuffer b = ByteBuffer.allocate(4096);
        b.put(raw.getBytes(StandardCharsets.ISO_8859_1));
        H1Parser p = new H1Parser(101, 4096, 0);
        p.beginRequest(b, 0);
        assertThat(p.parse(raw.length())).isEqualTo(H1Parser.DONE);
        return p;
    }

    private static String name(byte[] line) {
        return line == null ? null : new String(line, StandardCharsets.ISO_8859_1);
    }

    private static final byte[] V4 = {127, 0, 0, 1};
    private static final byte[] V4_OTHER = {10, 1, 2, 3};
    private static final byte[] V6_LOOP = new byte[16];

    static {
        V6_LOOP[15] = 1;
    }

    @Test
    void offUnlessOneSideHasTheOptionAndTheBackendNameWins() {
        ForwardForRt fe = ForwardForRt.of(proxy("    option forwardfor header X-Client\n"));
        ForwardForRt be = ForwardForRt.of(proxy("    option forwardfor\n"));
        H1Parser p = request("");
        assertThat(ForwardForRt.header(ForwardForRt.OFF, ForwardForRt.OFF, V4, p.headers())).isNull();
        assertThat(name(ForwardForRt.header(fe, ForwardForRt.OFF, V4, p.headers()))).isEqualTo("x-client: ");
        assertThat(name(ForwardForRt.header(fe, be, V4, p.headers()))).isEqualTo("x-forwarded-for: ");
        assertThat(name(ForwardForRt.header(ForwardForRt.OFF, be, V4, p.headers()))).isEqualTo("x-forwarded-for: ");
    }

    @Test
    void ifNoneSkipsOnlyWhenNoProxyAddsAlways() {
        ForwardForRt ifNone = ForwardForRt.of(proxy("    option forwardfor if-none\n"));
        ForwardForRt always = ForwardForRt.of(proxy("    option forwardfor\n"));
        H1Parser with = request("X-Forwarded-For: 1.2.3.4\r\n");
        assertThat(ForwardForRt.header(ifNone, ForwardForRt.OFF, V4, with.headers())).isNull();
        assertThat(ForwardForRt.header(ifNone, ForwardForRt.OFF, V4, request("").headers())).isNotNull();
        assertThat(ForwardForRt.header(ifNone, always, V4, with.headers())).isNotNull();
    }

    @Test
    void exceptNetworksOfBothFamiliesAndMasks() {
        ForwardForRt v4 = ForwardForRt.of(proxy("    option forwardfor except 127.0.0.0/8\n"));
        ForwardForRt dotted = ForwardForRt.of(proxy("    option forwardfor except 10.1.0.0/255.255.0.0\n"));
        ForwardForRt host = ForwardForRt.of(proxy("    option forwardfor except 10.1.2.3\n"));
        ForwardForRt v6 = ForwardForRt.of(proxy("    option forwardfor except ::1/128\n"));
        assertThat(v4.excepts(V4)).isTrue();
        assertThat(v4.excepts(V4_OTHER)).isFalse();
        assertThat(dotted.excepts(V4_OTHER)).isTrue();
        assertThat(dotted.excepts(V4)).isFalse();
        assertThat(host.excepts(V4_OTHER)).isTrue();
        assertThat(v6.excepts(V6_LOOP)).isTrue();
        assertThat(v6.excepts(V4)).isFalse();
        H1Parser p = request("");
        assertThat(ForwardForRt.header(ForwardForRt.OFF, v4, V4, p.headers())).isNull();
        assertThat(ForwardForRt.header(v4, ForwardForRt.OFF, V4_OTHER, p.headers())).isNotNull();
        // The frontend's except holds the client: no header even though the backend has no except.
        assertThat(ForwardForRt.header(v4, ForwardForRt.of(proxy("    option forwardfor\n")), V4, p.headers()))
                .isNull();
    }

    @Test
    void addressesAreWrittenAsInetNtopDoes() throws Exception {
        String[][] cases = {{"127.0.0.1", "127.0.0.1"}, {"::1", "::1"}, {"::", "::"},
            {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"}, {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},
            {"fe80:0:0:0:0:0:0:ab", "fe80::ab"}, {"1:0:0:2:0:0:0:3", "1:0:0:2::3"}};
        for (String[] c : cases) {
            byte[] t = ForwardForRt.addressText(java.net.InetAddress.getByName(c[0]));
            assertThat(new String(t, StandardCharsets.ISO_8859_1)).as(c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void anInvalidNetworkNamesTheOptionLine() {
        for (String bad : new String[] {"example.com", "10.0.0.0/33", "10.0.0.0/255.0.255.0", "::1/x"}) {
            Proxy p = proxy("    option forwardfor except " + bad + "\n");
            assertThatThrownBy(() -> ForwardForRt.of(p)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[t.cfg:4]").hasMessageContaining(bad.split("/")[0]);
        }
    }
}
