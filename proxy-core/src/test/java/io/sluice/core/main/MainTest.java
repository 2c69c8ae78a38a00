package io.sluice.core.main;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Main in-process: exit codes and output of -c, start, -v/-vv, -cc and usage. */
class MainTest {
    private static final String VALID = "defaults\n    mode http\n    timeout client 1s\n    timeout server 1s\n"
            + "    timeout connect 1s\nfrontend fe\n    bind 127.0.0.1:8080\n    default_backend be\n"
            + "backend be\n    server s 127.0.0.1:8081\n";

    record Run(int rc, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env::get);
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void checkModeSaysValid(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("ok.cfg"), VALID);
        Run r = run("-c", "-f", f.toString());
        assertThat(r.rc()).isZero();
        assertThat(r.out()).isEqualTo("Configuration file is valid\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void checkModeWithoutListenerExitsTwo(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("nolisten.cfg"), "backend be\n");
        Run r = run("-c", "-f", f.toString());
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.out()).isEqualTo("Configuration file has no error but will not start (no listener) => exit(2).\n");
    }

    @Test
    void checkModeReportsEveryAlertAndExitsOne(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("bad.cfg"), "global\n    nbthread x\n    bogus\n");
        Run r = run("-c", "-f", f.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        String[] lines = r.err().split("\n");
        assertThat(lines[0]).matches("\\[NOTICE\\]   \\(\\d+\\) : sluice version is 0\\.1\\.0-dev");
        assertThat(r.err()).contains("[ALERT]    (").contains(") : config : parsing [" + f + ":2] : "
                + "'nbthread' expects an integer argument.\n");
        assertThat(r.err()).contains(" : config : parsing [" + f + ":3] : unknown keyword 'bogus' in 'global'"
                + " section\n");
        assertThat(r.err()).contains(" : config : Error(s) found in configuration file : " + f + "\n");
        assertThat(lines[lines.length - 1]).endsWith(" : config : Fatal errors found in configuration.");
    }

    @Test
    void filesAreReadInOrderAndDirectoriesExpanded(@TempDir Path dir) throws IOException {
        Path d = Files.createDirectory(dir.resolve("conf.d"));
        Files.writeString(d.resolve("00-defaults.cfg"), "defaults\n    timeout client 1s\n");
        Files.writeString(d.resolve("10-fe.cfg"), "frontend fe\n    bind :8080\n");
        Path extra = Files.writeString(dir.resolve("extra.cfg"), "frontend fe\n");
        Run ok = run("-c", "-f", d.toString());
        assertThat(ok.rc()).as(ok.err()).isZero();
        Run dup = run("-c", "-f", d.toString(), "-f", extra.toString());
        assertThat(dup.rc()).isEqualTo(1);
        assertThat(dup.err()).contains("parsing [" + extra + ":1] : frontend 'fe' has the same name as frontend 'fe'"
                + " declared at " + d + "/10-fe.cfg:1.");
    }

    @Test
    void missingFileIsAnAlert() {
        Run r = run("-c", "-f", "/nonexistent/sluice.cfg");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).contains("Cannot open configuration file/directory /nonexistent/sluice.cfg : No such file"
                + " or directory");
    }

    @Test
    void startingRefusesEveryKeywordWithoutRuntime(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("ok.cfg"), "defaults\n    option httpchk\n    timeout queue 1s\n"
                + "frontend fe\n    bind 127.0.0.1:8080\n    default_backend be\nbackend be\n    server s 127.0.0.1:8081\n");
        Run r = run("-f", f.toString(), "-db");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(" : config : parsing [" + f + ":2] : 'option httpchk' is not supported yet\n");
        assertThat(r.err()).contains(" : config : parsing [" + f + ":3] : 'timeout queue' is not supported yet\n");
        assertThat(r.err()).doesNotContain("'bind' is not supported yet");
        assertThat(r.err()).contains("Fatal errors found in configuration.");
    }

    @Test
    void startingRefusesServerSettingsWithoutRuntime(@TempDir Path dir) throws IOException {
        String head = "defaults\n    mode tcp\n    timeout client 1s\n    timeout server 1s\n    timeout connect 1s\n"
                + "frontend fe\n    bind 192.0.2.1:8080\n    default_backend be\nbackend be\n";
        // The refusal comes before the bind; a bind to this non-local address would fail with another alert.
        String[][] cases = {
            {"    server s 127.0.0.1:8081 maxconn 1\n", "'maxconn' (server queues) is not supported yet."},
            {"    server s 127.0.0.1:8081 maxqueue 3\n", "'maxqueue' (server queues) is not supported yet."},
            {"    server s 127.0.0.1:8081 minconn 3 maxconn 9\n", "'maxconn' (server queues) is not supported yet."},
            {"    server s 127.0.0.1:8081 slowstart 5s\n", "'slowstart' is not supported yet."},
            {"    server s 127.0.0.1:8081\n    server b 127.0.0.1:8082 backup\n", "'backup' is not supported yet."},
            {"    server s 127.0.0.1:8081\n    server w 127.0.0.1:8082 weight 5\n", "'weight' other than one"},
        };
        for (String[] c : cases) {
            Path f = Files.writeString(dir.resolve("srv.cfg"), head + c[0]);
            Run r = run("-f", f.toString(), "-db");
            assertThat(r.rc()).as(c[0]).isEqualTo(1);
            assertThat(r.err()).as(c[0]).contains("[" + f + ":1" + (c[0].contains("\n    server") ? "1" : "0")
                    + "] : server '").contains(c[1]);
        }
    }

    @Test
    void startingAnEmptyConfigurationStillRefusesToPretend(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("empty.cfg"), "# nothing\n");
        Run r = run("-f", f.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).contains("No enabled listener found (check for 'bind' directives) ! Exiting.");
    }

    @Test
    void envVariablesReachTheConfiguration(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("env.cfg"), "frontend fe\n    bind \"fd@${LISTEN_FD}\"\n"
                + "    timeout client \"${TMO-5s}\"\n");
        Run r = run(Map.of("LISTEN_FD", "5"), "-c", "-f", f.toString());
        assertThat(r.rc()).as(r.err()).isZero();
        Run unset = run(Map.of(), "-c", "-f", f.toString());
        assertThat(unset.rc()).isEqualTo(1);
        assertThat(unset.err()).contains("'bind fd@' : missing file descriptor number in 'fd@'");
    }

    @Test
    void versionShapes() {
        Run v = run("-v");
        assertThat(v.rc()).isZero();
        assertThat(v.out().split("\n")[0]).isEqualTo("Sluice version 0.1.0-dev 2026/11/22 - "
                + VersionInfo.HOME);
        assertThat(v.out()).contains("\nRunning on: ");
        Run vv = run("-vv");
        assertThat(vv.rc()).isZero();
        assertThat(vv.out()).startsWith(v.out());
        assertThat(vv.out()).contains("\nBuild options :\n  TARGET  = java");
        assertThat(vv.out()).containsPattern("\nFeature list : \\+EPOLL \\+THREAD .*-OPENSSL -LUA");
        assertThat(vv.out()).contains("\nDefault settings :\n  bufsize = 16384, maxrewrite = 1024,"
                + " maxpollevents = 200\n");
    }

    @Test
    void checkConditionExitCodes() {
        assertThat(run("-cc", "version_atleast(0.1)").rc()).isZero();
        assertThat(run("-cc", "version_atleast(9.0)").rc()).isEqualTo(1);
        assertThat(run("-cc", "feature(EPOLL) && !feature(OPENSSL)").rc()).isZero();
        assertThat(run(Map.of("X", "1"), "-cc", "defined(X) || defined(Y)").rc()).isZero();
        assertThat(run(Map.of(), "-cc", "defined(X)").rc()).isEqualTo(1);
        assertThat(run(Map.of("A", "foo"), "-cc", "streq(\"$A\",foo)").rc()).isZero();
        Run bad = run("-cc", "nosuch(1)");
        assertThat(bad.rc()).isEqualTo(2);
        assertThat(bad.err()).contains(" : config : Failed to evaluate condition: unknown predicate 'nosuch'");
    }

    @Test
    void unknownFlagPrintsUsageAndExitsOne() {
        Run r = run("-Z", "-f", "x.cfg");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("Sluice version ").contains("Usage : sluice [-f <cfgfile|cfgdir>]*");
        assertThat(run().rc()).isEqualTo(1);
        assertThat(run("-f").rc()).isEqualTo(1);
        assertThat(run("-D", "-f", "x").err()).contains("-D (daemon mode) is not supported");
    }

    @Test
    void acceptedHaproxyFlags(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("ok.cfg"), VALID);
        Run r = run("-c", "-d", "-db", "-dM", "-dM0x55", "-p", dir.resolve("pid").toString(), "-L", "peer1", "-m",
                "512", "-V", "--", f.toString());
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Configuration file is valid\n");
        Run q = run("-c", "-q", "-f", f.toString());
        assertThat(q.rc()).isZero();
        assertThat(q.out()).isEmpty();
        Path bad = Files.writeString(dir.resolve("bad.cfg"), "global\n    bogus\n");
        Run qb = run("-c", "-q", "-f", bad.toString());
        assertThat(qb.rc()).isEqualTo(1);
        assertThat(qb.err()).isEmpty();
        assertThat(run("-c", "-q", "-V", "-f", bad.toString()).err()).contains("unknown keyword 'bogus'");
    }
}
