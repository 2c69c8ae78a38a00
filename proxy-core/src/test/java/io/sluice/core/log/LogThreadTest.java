package io.sluice.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class LogThreadTest {
    @TempDir
    Path dir;

    static void await(BooleanSupplier cond, long timeoutMillis, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(5); // polling interval, not synchronisation: the condition decides
        }
    }

    @Test
    @Timeout(20)
    void fileTargetReceivesFormattedLinesWithEachHeaderShape() throws Exception {
        Path raw = dir.resolve("raw.log");
        Path bsd = dir.resolve("bsd.log");
        Path ietf = dir.resolve("ietf.log");
        long t = 1710411330123L; // 2024-03-14T10:15:30.123Z
        LogRing ring = new LogRing(16, () -> t);
        LogThread lt = new LogThread(ring, "sluice", 77, "vm", ZoneOffset.UTC);
        for (List<String> words : List.of(
                List.of(raw.toString(), "format", "raw", "daemon"),
                List.of(bsd.toString(), "len", "80", "local0", "info"),
                List.of(ietf.toString(), "format", "rfc5424", "local7", "debug", "notice"))) {
            LogTarget target = LogTarget.parse(words);
            lt.addTarget(target, target.openSink());
        }
        lt.start();
        Log log = new Log(ring);
        log.log(LogLevel.INFO, "Proxy {} started, {} servers.", "fe_main", 3);
        log.log(LogLevel.DEBUG, "debug {}", 0xabcL);
        log.log(LogLevel.WARNING, "Server {} is DOWN. " + "x".repeat(100), "be/s1");
        await(() -> lt.linesWritten() == 8, 10_000, "8 lines written");
        assertThat(lt.stop(5_000)).isTrue();

        assertThat(Files.readAllLines(raw, StandardCharsets.UTF_8)).containsExactly(
                "Proxy fe_main started, 3 servers.",
                "debug 2748",
                "Server be/s1 is DOWN. " + "x".repeat(100));
        List<String> bsdLines = Files.readAllLines(bsd, StandardCharsets.UTF_8);
        assertThat(bsdLines).hasSize(2);
        assertThat(bsdLines.get(0)).isEqualTo("<134>Mar 14 10:15:30 vm sluice[77]: Proxy fe_main started, 3 servers.");
        assertThat(bsdLines.get(1)).hasSize(80).startsWith("<132>Mar 14 10:15:30 vm sluice[77]: Server be/s1 is DOWN.");
        assertThat(Files.readAllLines(ietf, StandardCharsets.UTF_8)).containsExactly(
                "<190>1 2024-03-14T10:15:30.123000+00:00 vm sluice 77 - - Proxy fe_main started, 3 servers.",
                "<191>1 2024-03-14T10:15:30.123000+00:00 vm sluice 77 - - debug 2748",
                "<189>1 2024-03-14T10:15:30.123000+00:00 vm sluice 77 - - Server be/s1 is DOWN. " + "x".repeat(100));
    }

    @Test
    @Timeout(20)
    void stackAttachmentIsPrintedUntruncatedAfterTheMessage() throws Exception {
        Path f = dir.resolve("stack.log");
        LogRing ring = new LogRing(4);
        LogThread lt = new LogThread(ring, "sluice", 1, null, ZoneOffset.UTC);
        LogTarget target = LogTarget.parse(List.of(f.toString(), "len", "80", "format", "raw", "local0"));
        lt.addTarget(target, target.openSink());
        lt.start();
        StackTraceElement[] stack = new Throwable().getStackTrace();
        new Log(ring).logStack(LogLevel.ALERT, "thread {} is stuck", 3, stack);
        await(() -> lt.linesWritten() == 1, 10_000, "1 line");
        assertThat(lt.stop(5_000)).isTrue();
        String text = Files.readString(f);
        assertThat(text).startsWith("thread 3 is stuck\n\tat io.sluice.core.log.LogThreadTest.");
        assertThat(text.split("\n")).hasSize(stack.length + 1);
    }

    @Test
    void targetParsingFollowsHaproxySyntax() {
        LogTarget t = LogTarget.parse(List.of("stderr", "len", "2048", "format", "short", "local3", "err", "crit"));
        assertThat(t.format()).isEqualTo(LogFormat.SHORT);
        assertThat(t.facility()).isEqualTo(19);
        assertThat(t.maxLength()).isEqualTo(2048);
        assertThat(t.accepts(LogLevel.ERR)).isTrue();
        assertThat(t.accepts(LogLevel.WARNING)).isFalse();
        assertThat(t.headerLevel(LogLevel.EMERG)).isEqualTo(LogLevel.CRIT);
        assertThat(LogTarget.parse(List.of("stdout", "local0")).format()).isEqualTo(LogFormat.RFC3164);
        assertThatThrownBy(() -> LogTarget.parse(List.of("127.0.0.1:514", "local0")))
                .hasMessageContaining("not supported yet");
        assertThatThrownBy(() -> LogTarget.parse(List.of("stdout", "format", "iso", "local0")))
                .hasMessageContaining("not supported yet");
        assertThatThrownBy(() -> LogTarget.parse(List.of("stdout", "local9")))
                .hasMessageContaining("unknown log facility 'local9'");
        assertThatThrownBy(() -> LogTarget.parse(List.of("stdout"))).hasMessageContaining("missing <facility>");
        assertThatThrownBy(() -> LogTarget.parse(List.of("stdout", "len", "10", "local0")))
                .hasMessageContaining("between 80 and 65535");
    }
}
