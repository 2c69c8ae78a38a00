package io.sluice.it.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sluice.it.support.SluiceProcess;

/** {@code sluice -c} and friends as a real process: exit codes and output. */
@Timeout(120)
class SluiceCheckTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @ParameterizedTest
    @ValueSource(strings = {"quickstart.cfg", "tcp-quickstart.cfg", "seed-001-retry-keepalive.cfg", "seed-003-last-server-down.cfg"})
    void examplesAreValid(String name) {
        Path cfg = SluiceProcess.root().resolve("examples").resolve(name);
        SluiceProcess.Result r = SluiceProcess.run(List.of("-c", "-f", cfg.toString()), DEADLINE);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).isEqualTo("Configuration file is valid\n");
        assertThat(r.stderr()).as(r.describe()).isEmpty();
    }

    @Test
    void brokenFileReportsEveryErrorWithItsLine(@TempDir Path dir) throws IOException {
        Path cfg = Files.writeString(dir.resolve("bad.cfg"), """
                global
                    nbthread 2
                    daemon

                defaults
                    timeout client 5sec

                frontend fe
                    bind 127.0.0.1:8080
                    server s1 127.0.0.1:8081
                """);
        SluiceProcess.Result r = SluiceProcess.run(List.of("-c", "-f", cfg.toString()), DEADLINE);
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        List<String> lines = r.stderr().lines().toList();
        assertThat(lines.get(0)).matches("\\[NOTICE\\]   \\(\\d+\\) : sluice version is .*");
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("\\[ALERT\\]    \\(\\d+\\) : config : parsing \\["
                + cfg + ":3\\] : 'daemon' is not supported by Sluice \\(.*\\)\\."));
        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith(" : config : parsing [" + cfg + ":6] : unexpected"
                + " character 'e' in 'timeout client'"));
        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith(" : config : parsing [" + cfg + ":10] : 'server' not"
                + " allowed because frontend 'fe' has no backend capability."));
        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith(" : config : Error(s) found in configuration file : "
                + cfg));
        assertThat(lines.get(lines.size() - 1)).endsWith(" : config : Fatal errors found in configuration.");
    }

    @Test
    void undefinedDefaultBackend(@TempDir Path dir) throws IOException {
        Path cfg = Files.writeString(dir.resolve("nobe.cfg"), "defaults\n    timeout client 1s\nfrontend fe\n"
                + "    bind 127.0.0.1:8080\n    default_backend app\n");
        SluiceProcess.Result r = SluiceProcess.run(List.of("-c", "-f", cfg.toString()), DEADLINE);
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains(" : config : parsing [" + cfg + ":5] : Proxy 'fe': unable to find required"
                + " default_backend: 'app'.\n");
    }

    @Test
    void directoryAndEnvironment(@TempDir Path dir) throws IOException {
        Path d = Files.createDirectory(dir.resolve("conf.d"));
        Files.writeString(d.resolve("10-global.cfg"), "global\n    stats socket \"fd@${CLI_FD}\" level admin\n");
        Files.writeString(d.resolve("20-fe.cfg"), "defaults\n    timeout client \"${TMO-2s}\"\nfrontend fe\n"
                + "    bind \"127.0.0.1:${PORT}\"\n");
        Files.writeString(d.resolve("ignored.txt"), "this is not a configuration\n");
        try (SluiceProcess p = SluiceProcess.start(List.of("-c", "-f", d.toString()),
                Map.of("CLI_FD", "3", "PORT", "18080"))) {
            SluiceProcess.Result r = p.await(DEADLINE);
            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(r.stdout()).isEqualTo("Configuration file is valid\n");
        }
    }

    @Test
    void warningsDoNotFailTheCheck(@TempDir Path dir) throws IOException {
        Path cfg = Files.writeString(dir.resolve("warn.cfg"), "frontend fe\n    bind 127.0.0.1:8080\n");
        SluiceProcess.Result r = SluiceProcess.run(List.of("-c", "-f", cfg.toString()), DEADLINE);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).isEqualTo("Configuration file is valid\n");
        assertThat(r.stderr()).containsPattern("\\[WARNING\\]  \\(\\d+\\) : config : missing timeouts for frontend"
                + " 'fe'\\.\n   \\| While not properly invalid");
    }

    @Test
    void startingWithoutRuntimeRefusesAndNeverPretendsToRun(@TempDir Path dir) throws IOException {
        // The HTTP quickstart runs now (mode http, issue 7); a keyword still without runtime is added to it.
        String text = Files.readString(SluiceProcess.root().resolve("examples").resolve("quickstart.cfg"))
                .replace("    option httplog\n", "    option httplog\n    option httpchk\n");
        Path cfg = Files.writeString(dir.resolve("no-runtime.cfg"), text);
        int line = (int) text.lines().takeWhile(l -> !l.equals("    option httpchk")).count() + 1;
        SluiceProcess.Result r = SluiceProcess.run(List.of("-f", cfg.toString()), DEADLINE);
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains(" : config : parsing [" + cfg + ":" + line
                + "] : 'option httpchk' is not supported yet\n");
        assertThat(r.stderr()).doesNotContain("'nbthread' is not supported yet");
        assertThat(r.stderr()).contains("Fatal errors found in configuration.");
    }

    @Test
    void versionConditionAndUsage() {
        SluiceProcess.Result v = SluiceProcess.run(List.of("-vv"), DEADLINE);
        assertThat(v.exitCode()).isZero();
        assertThat(v.stdout()).startsWith("Sluice version 0.1.0-dev ").contains("\nFeature list : +EPOLL");
        assertThat(SluiceProcess.run(List.of("-cc", "version_atleast(0.1) && feature(THREAD)"), DEADLINE).exitCode())
                .isZero();
        assertThat(SluiceProcess.run(List.of("-cc", "feature(OPENSSL)"), DEADLINE).exitCode()).isEqualTo(1);
        SluiceProcess.Result u = SluiceProcess.run(List.of("-X"), DEADLINE);
        assertThat(u.exitCode()).isEqualTo(1);
        assertThat(u.stderr()).contains("Usage : sluice [-f <cfgfile|cfgdir>]*");
    }
}
