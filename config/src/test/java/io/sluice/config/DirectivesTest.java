package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code .if/.elif/.else/.endif} blocks and the {@code .warning/.alert} messages. */
class DirectivesTest {

    static ParseResult parse(String text) {
        return new ConfigParser(KeywordRegistry.standard(), Tokenizer.withEnv(Map.of("WITH_FE", "1")),
                CondExprTest.CTX).parseTexts(Map.of("d.cfg", text));
    }

    @Test
    void takesOnlyTheMatchingBranch() {
        ParseResult r = parse("""
                global
                .if feature(OPENSSL)
                    bogus keyword never read
                .elif version_atleast(0.1)
                    nbthread 3
                    .if defined(NOPE)
                        nbthread 9
                    .else
                        maxconn 77
                    .endif
                .elif 1
                    nbthread 5
                .else
                    nbthread 7
                .endif
                .if defined(SET)
                frontend fe
                    bind :8080
                .endif
                """);
        assertThat(r.diagnostics().alerts()).isEmpty();
        assertThat(r.config().global().nbthread()).isEqualTo(3);
        assertThat(r.config().global().maxconn()).isEqualTo(77);
        assertThat(r.config().frontend("fe")).isNotNull();
    }

    @Test
    void warningDirectiveIsAWarningAndAlertStops() {
        ParseResult w = parse("global\n.warning \"check this\"\n");
        assertThat(w.ok()).isTrue();
        assertThat(w.diagnostics().warnings().get(0).text()).isEqualTo("parsing [d.cfg:2] : 'check this'.");
        ParseResult a = parse("global\n.alert \"stop here\"\n    bogus\n");
        assertThat(a.ok()).isFalse();
        assertThat(a.diagnostics().alerts()).extracting(Diagnostic::text)
                .startsWith("parsing [d.cfg:2] : 'stop here'.");
        assertThat(a.diagnostics().alerts()).noneMatch(d -> d.line() == 3);
    }

    @Test
    void structureErrors() {
        assertThat(parse(".endif\n").diagnostics().alerts().get(0).text())
                .isEqualTo("parsing [d.cfg:1] : lone '.endif' with no matching '.if'.");
        assertThat(parse(".if 1\nglobal\n").diagnostics().alerts().get(0).text())
                .isEqualTo("parsing [d.cfg:2] : non-terminated '.if' block.");
        assertThat(parse(".if 1\n.else\n.else\n.endif\n").diagnostics().alerts().get(0).text())
                .isEqualTo("parsing [d.cfg:3] : '.else' after '.else' is not permitted.");
        assertThat(parse(".if nosuch(1)\n.endif\n").diagnostics().alerts().get(0).message())
                .startsWith("unknown predicate 'nosuch' in '.if':");
    }
}
