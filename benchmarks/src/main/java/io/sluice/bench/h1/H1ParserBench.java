package io.sluice.bench.h1;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.sluice.config.ConfigParser;
import io.sluice.config.model.Proxy;
import io.sluice.core.h1.H1BodyDecoder;
import io.sluice.core.h1.H1HeadWriter;
import io.sluice.core.h1.H1Parser;
import io.sluice.core.h1.PreparedReply;
import io.sluice.core.http.AclCompiler;
import io.sluice.core.http.CompiledCondition;
import io.sluice.core.http.HttpMatchContext;

/**
 * The per-request H1 work of the mux on one thread: parsing a typical browser GET from a direct
 * buffer, parsing plus re-serialising it for the server, and routing it through four ACL rules.
 * Run with {@code java -jar benchmarks/target/benchmarks.jar H1ParserBench -prof gc}; bytes/op
 * ({@code gc.alloc.rate.norm}) must stay 0.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class H1ParserBench {

    static final String REQUEST = "GET /static/app/main.css?v=1234 HTTP/1.1\r\n"
            + "Host: www.example.com\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0\r\n"
            + "Accept: text/css,*/*;q=0.1\r\n"
            + "Accept-Language: en-US,en;q=0.5\r\n"
            + "Accept-Encoding: gzip, deflate, br\r\n"
            + "Referer: https://www.example.com/index.html\r\n"
            + "Connection: keep-alive\r\n"
            + "Cookie: session=0123456789abcdef0123456789abcdef; theme=dark\r\n"
            + "Sec-Fetch-Dest: style\r\n"
            + "Sec-Fetch-Mode: no-cors\r\n"
            + "Sec-Fetch-Site: same-origin\r\n"
            + "\r\n";

    static final String CONFIG = String.join("\n", "defaults", "  mode http", "  timeout client 1s",
            "  timeout server 1s", "  timeout connect 1s", "frontend fe", "  bind 127.0.0.1:18080",
            "  acl api path_beg /api/", "  acl img path_end .png .jpg", "  acl adm hdr(host) -i admin.example.com",
            "  acl css path_reg \\.css$", "  use_backend a if api", "  use_backend b if img",
            "  use_backend c if adm", "  use_backend d if css", "  default_backend e",
            "backend a", "backend b", "backend c", "backend d", "backend e", "");

    /** Input buffer kind: the runtime uses direct buffers; heap shows the cost of off-heap access. */
    @Param({"direct"})
    public String buffer;

    private ByteBuffer in;
    private ByteBuffer out;
    private int length;
    private H1Parser parser;
    private H1BodyDecoder body;
    private CompiledCondition[] conds;
    private HttpMatchContext ctx;
    private final byte[] src = {10, 0, 0, 1};
    private final byte[] xff = "10.0.0.1".getBytes(StandardCharsets.US_ASCII);

    @Setup
    public void setup() throws Exception {
        byte[] raw = REQUEST.getBytes(StandardCharsets.ISO_8859_1);
        length = raw.length;
        in = buffer.equals("heap") ? ByteBuffer.allocate(16384) : ByteBuffer.allocateDirect(16384);
        in.put(raw);
        out = ByteBuffer.allocateDirect(16384);
        parser = H1Parser.withDefaults();
        body = H1BodyDecoder.withDefaults();
        Proxy fe = ConfigParser.standard().parseTexts(Map.of("b.cfg", CONFIG)).config().frontend("fe");
        AclCompiler c = new AclCompiler();
        conds = new CompiledCondition[fe.switchingRules().size()];
        for (int i = 0; i < conds.length; i++) {
            conds[i] = c.compile(fe.switchingRules().get(i).condition());
        }
        ctx = c.newContext();
    }

    /** Parse the head and frame the (empty) body. */
    @Benchmark
    public int parseTypicalRequest() {
        parser.beginRequest(in, 0);
        int r = parser.parse(length);
        body.begin(parser);
        return r + parser.headLength();
    }

    /** Parse, then write the outgoing head with X-Forwarded-For and the keep-alive mode. */
    @Benchmark
    public int parseAndRewrite() {
        parser.beginRequest(in, 0);
        parser.parse(length);
        out.clear();
        return H1HeadWriter.writeRequest(out, parser, null, xff, PreparedReply.CONN_NONE);
    }

    /** Parse, then evaluate the use_backend conditions in order (the last one, a regex, wins). */
    @Benchmark
    public int parseAndRoute() {
        parser.beginRequest(in, 0);
        parser.parse(length);
        ctx.set(parser, src, 40000, 80);
        for (int i = 0; i < conds.length; i++) {
            if (conds[i].test(ctx)) {
                return i;
            }
        }
        return -1;
    }
}
