package io.sluice.core.cli;

import static io.sluice.core.cli.CliTestSupport.VERSION;
import static io.sluice.core.cli.CliTestSupport.drain;
import static io.sluice.core.cli.CliTestSupport.exchange;
import static io.sluice.core.cli.CliTestSupport.registry;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** Framing, modes and levels, checked against the captures of haproxy-cli-formats.md §1. */
class CliSessionTest {
    private static CliSession session(CliLevel level) {
        return new CliSession(registry(), level);
    }

    @Test
    void severalCommandsOnOneLineThenClose() {
        CliSession s = session(CliLevel.ADMIN);
        assertThat(exchange(s, "show version;show cli level;show version\n"))
                .isEqualTo(VERSION + "\n\nadmin\n\n" + VERSION + "\n\n");
        assertThat(s.wantsClose()).isTrue();
    }

    @Test
    void quitStopsTheLineWithoutOutput() {
        CliSession s = session(CliLevel.ADMIN);
        assertThat(exchange(s, "show version;quit;show version\n")).isEqualTo(VERSION + "\n\n");
        assertThat(s.wantsClose()).isTrue();
    }

    @Test
    void nonInteractiveRunsOnlyTheFirstLfTerminatedLine() {
        CliSession s = session(CliLevel.ADMIN);
        assertThat(exchange(s, "show version\nshow cli level\n")).isEqualTo(VERSION + "\n\n");
        assertThat(s.wantsClose()).isTrue();
    }

    @Test
    void semicolonSeparatedPartsMayArriveInSeparatePackets() {
        CliSession s = session(CliLevel.ADMIN);
        assertThat(exchange(s, "show version;")).isEqualTo(VERSION + "\n\n");
        assertThat(s.wantsClose()).isFalse();
        assertThat(exchange(s, "show cli ", "level\n")).isEqualTo("admin\n\n");
        assertThat(s.wantsClose()).isTrue();
    }

    @Test
    void unterminatedCommandIsNeverRunAndHalfCloseClosesSilently() {
        CliSession s = session(CliLevel.ADMIN);
        assertThat(exchange(s, "show version")).isEmpty();
        s.onInputClosed();
        assertThat(drain(s)).isEmpty();
        assertThat(s.wantsClose()).isTrue();
    }

    @Test
    void oneCommandThenHalfCloseGetsTheAnswerThenTheClose() {
        CliSession s = session(CliLevel.ADMIN);
        assertThat(exchange(s, "show cli level;")).isEqualTo("admin\n\n");
        s.onInputClosed();
        assertThat(s.wantsClose()).isTrue();
    }

    @Test
    void emptyLineOnlyGetsTheMarker() {
        CliSession s = session(CliLevel.ADMIN);
        assertThat(exchange(s, "\n")).isEqualTo("\n");
        assertThat(s.wantsClose()).isTrue();
    }

    @Test
    void promptModeAnswersWithThePromptAndPromptAgainCloses() {
        CliSession s = session(CliLevel.ADMIN);
        assertThat(exchange(s, "prompt\n")).isEqualTo("\n> ");
        assertThat(s.interactive()).isTrue();
        assertThat(exchange(s, "show version\n")).isEqualTo(VERSION + "\n\n> ");
        assertThat(exchange(s, "\n")).isEqualTo("\n> ");
        assertThat(exchange(s, "show cli level;show version\n")).isEqualTo("admin\n\n> " + VERSION + "\n\n> ");
        assertThat(s.wantsClose()).isFalse();
        assertThat(exchange(s, "prompt;show version\n")).isEqualTo("\n");
        assertThat(s.wantsClose()).isTrue();
    }

    @Test
    void promptAnywhereOnTheFirstLineAndQuitInPromptMode() {
        CliSession s = session(CliLevel.ADMIN);
        assertThat(exchange(s, "show cli level;prompt;show version\n"))
                .isEqualTo("admin\n\n\n> " + VERSION + "\n\n> ");
        assertThat(exchange(s, "quit;show version\n")).isEmpty();
        assertThat(s.wantsClose()).isTrue();
    }

    @Test
    void timedPromptShowsTheUptime() {
        CliSession s = new CliSession(registry(), CliLevel.ADMIN, CliSession.DEFAULT_BUFSIZE, () -> 27_400L);
        assertThat(exchange(s, "prompt timed\n")).isEqualTo("\n[0:00:00:27]> ");
        CliSession t = new CliSession(registry(), CliLevel.ADMIN, CliSession.DEFAULT_BUFSIZE,
                () -> (2L * 86400 + 3 * 3600 + 4 * 60 + 5) * 1000);
        assertThat(exchange(t, "prompt timed\n")).isEqualTo("\n[2:03:04:05]> ");
    }

    @Test
    void levelsCanOnlyBeLowered() {
        assertThat(exchange(session(CliLevel.USER), "show cli level;operator\n"))
                .isEqualTo("user\n\nPermission denied\n\n");
        assertThat(exchange(session(CliLevel.OPERATOR), "user;show cli level;operator;show cli level\n"))
                .isEqualTo("\nuser\n\nPermission denied\n\nuser\n\n");
        assertThat(exchange(session(CliLevel.OPERATOR), "disable server be_app/s1\n"))
                .isEqualTo("Permission denied\n\n");
        assertThat(exchange(session(CliLevel.ADMIN), "operator;disable server be_app/s1\n"))
                .isEqualTo("\nPermission denied\n\n");
    }

    @Test
    void severityOutputPrefixesMessagesNotDumps() {
        assertThat(exchange(session(CliLevel.ADMIN),
                "set severity-output number;disable server be_app/nope;show version\n"))
                .isEqualTo("\n[3]: No such server.\n\n[6]: " + VERSION + "\n\n");
        assertThat(exchange(session(CliLevel.ADMIN),
                "set severity-output string;disable server be_app/nope;show cli level\n"))
                .isEqualTo("\n[err]: No such server.\n\nadmin\n\n");
        assertThat(exchange(session(CliLevel.ADMIN), "set severity-output loud\n"))
                .isEqualTo("one of 'none', 'number', 'string' is a required argument\n\n");
    }

    @Test
    void escapesAndCrlf() {
        assertThat(exchange(session(CliLevel.USER), "echo a\\;b  c\\ d\t\\\\e\r\n")).isEqualTo("a;b|c d|\\e\n\n");
        assertThat(exchange(session(CliLevel.USER), "show version\r\n")).isEqualTo(VERSION + "\n\n");
    }

    @Test
    void atMostSixtyFourWords() {
        StringBuilder sb = new StringBuilder("echo");
        for (int i = 1; i <= 70; i++) {
            sb.append(' ').append(i);
        }
        String out = exchange(session(CliLevel.USER), sb.append('\n').toString());
        assertThat(out).startsWith("1|2|").endsWith("|62|63\n\n");
    }

    @Test
    void tooLongARequestIsRefusedAndCloses() {
        CliSession s = new CliSession(registry(), CliLevel.ADMIN, 64, () -> 0L);
        assertThat(exchange(s, "echo " + "x".repeat(100))).isEqualTo(CliSession.TOO_BIG + "\n");
        assertThat(s.wantsClose()).isTrue();
    }

    @Test
    void payloadEndsAtAnEmptyLineOrItsPattern() {
        assertThat(exchange(session(CliLevel.USER), "echo a <<\n", "l1\nl2\n", "\n"))
                .isEqualTo("a\npayload=l1\\nl2\\n\n\n");
        CliSession s = session(CliLevel.USER);
        assertThat(exchange(s, "prompt\n", "echo b <<END\n", "x\n", "\n", "END\n"))
                .isEqualTo("\n> + + + b\npayload=x\\n\\n\n\n> ");
    }

    @Test
    void longDumpIsResumedAsTheOutputDrains() {
        CliRegistry r = registry();
        r.register(CliCommand.of("show lines", null, null, CliLevel.USER, req -> {
            Integer next = req.state();
            int i = next == null ? 0 : next;
            for (; i < 500; i++) {
                if (!req.hasRoom()) {
                    req.state(i);
                    return false;
                }
                req.out().append("line ").appendZeroPadded(i, 3).append(' ').repeat('.', 40).append('\n');
            }
            return true;
        }));
        CliSession s = new CliSession(r, CliLevel.USER, 1024, () -> 0L);
        String out = exchange(s, "show lines\n");
        String[] lines = out.split("\n", -1);
        assertThat(lines).hasSize(502);
        for (int i = 0; i < 500; i++) {
            assertThat(lines[i]).startsWith(String.format("line %03d ", i));
        }
        assertThat(out).endsWith("\n\n");
        assertThat(s.wantsClose()).isTrue();
    }

    @Test
    void sessionsHaveDistinctGenerations() {
        assertThat(session(CliLevel.USER).generation()).isNotEqualTo(session(CliLevel.USER).generation());
    }

    /** The request splitter of a CLI that knows no escapes: splits at every ';' (the broken variant). */
    static List<String> naiveRequests(String line) {
        List<String> out = new ArrayList<>();
        for (String part : line.split(";", -1)) {
            out.add(part.trim());
        }
        return out;
    }

    /** The session's splitter as seen from outside: what {@code echo} receives for each request. */
    static List<String> sessionRequests(String line) {
        CliSession s = session(CliLevel.USER);
        String out = exchange(s, "echo " + line.replace(";", ";echo ") + "\n");
        List<String> res = new ArrayList<>();
        for (String block : out.split("\n\n", -1)) {
            if (!block.isEmpty()) {
                res.add(block.replace('|', ' '));
            }
        }
        return res;
    }

    /** The checker: an escaped ';' must stay inside its request. */
    static boolean keepsEscapedSeparators(Function<String, List<String>> splitter) {
        return splitter.apply("a\\;b;c").size() == 2;
    }

    @Test
    void escapedSeparatorStaysInItsRequest() {
        assertThat(keepsEscapedSeparators(CliSessionTest::sessionRequests)).isTrue();
        assertThat(sessionRequests("a\\\\;b")).containsExactly("a\\", "b");
    }

    @Test
    void checkerCatchesASplitterWithoutEscapes() {
        assertThat(keepsEscapedSeparators(CliSessionTest::naiveRequests)).isFalse();
    }

    @Test
    void splitWordsCollapsesBlanks() {
        byte[] b = "  show \t info  typed ".getBytes(StandardCharsets.US_ASCII);
        assertThat(CliSession.splitWords(b, b.length)).containsExactly("show", "info", "typed");
    }
}
