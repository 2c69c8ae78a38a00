package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The broken-config corpus: each file under {@code resources/broken} has one wrong line, and
 * {@code expected.tsv} gives its line and the first line of the alert. The first placed alert must
 * be exactly that, and the configuration must be refused.
 */
class BrokenCorpusTest {

    static List<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String row : read("expected.tsv").split("\n")) {
            if (row.isBlank() || row.startsWith("#")) {
                continue;
            }
            String[] f = row.split("\t", 3);
            out.add(Arguments.of(f[0], Integer.parseInt(f[1]), f[2]));
        }
        return out;
    }

    private static String read(String name) throws IOException {
        try (InputStream in = BrokenCorpusTest.class.getResourceAsStream("/broken/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static ParseResult parse(String file, String text) {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put(file, text);
        return new ConfigParser(KeywordRegistry.standard(), Tokenizer.withEnv(Map.of())).parseTexts(texts);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsTheExactLineAndMessage(String file, int line, String message) throws IOException {
        ParseResult r = parse(file, read(file));
        assertThat(r.ok()).as("refused").isFalse();
        Diagnostic first = r.diagnostics().alerts().stream().filter(d -> d.file() != null).findFirst().orElseThrow();
        assertThat(first.file()).isEqualTo(file);
        assertThat(first.line()).as(first.toString()).isEqualTo(line);
        assertThat(first.message().split("\n")[0]).isEqualTo(message);
        assertThat(r.diagnostics().alerts().get(r.diagnostics().alerts().size() - 1).message())
                .isEqualTo("Fatal errors found in configuration.");
    }

    @Test
    void corpusHasAtLeastFortyCases() throws IOException {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void everyErrorOfAFileIsCollectedNotOnlyTheFirst() {
        ParseResult r = parse("multi.cfg", "global\n    nbthread x\n    bogus 1\n\nfrontend fe\n    bind :80\n"
                + "    timeout client 1q\n    mode udp\n");
        assertThat(r.diagnostics().alerts()).extracting(Diagnostic::line).containsExactly(2, 3, 7, 8, 0, 0);
        assertThat(r.diagnostics().alerts().get(4).message())
                .isEqualTo("Error(s) found in configuration file : multi.cfg");
    }

    @Test
    void alertsArePrintedInHaproxyShape() {
        ParseResult r = parse("/etc/x.cfg", "global\n    bogus\n");
        assertThat(r.diagnostics().alerts().get(0).format(42))
                .isEqualTo("[ALERT]    (42) : config : parsing [/etc/x.cfg:2] : unknown keyword 'bogus' in 'global'"
                        + " section");
        assertThat(new Diagnostic(Diagnostic.Severity.WARNING, null, 0, "w").format(7))
                .isEqualTo("[WARNING]  (7) : config : w");
    }
}
