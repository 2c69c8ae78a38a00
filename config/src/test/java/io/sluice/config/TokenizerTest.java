package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenizerTest {
    private static final Tokenizer TOK = Tokenizer.withEnv(Map.of("NAME", "world", "PORT", "8080", "FD", "3",
            "EMPTY", ""));

    static Stream<Arguments> words() {
        return Stream.of(
                Arguments.of("", List.of()),
                Arguments.of("   \t  ", List.of()),
                Arguments.of("# only a comment", List.of()),
                Arguments.of("bind :80", List.of("bind", ":80")),
                Arguments.of("  bind\t\t:80   ", List.of("bind", ":80")),
                Arguments.of("maxconn 10 # trailing comment", List.of("maxconn", "10")),
                Arguments.of("a#b", List.of("a")),
                Arguments.of("log-format \"%ci %b\"", List.of("log-format", "%ci %b")),
                Arguments.of("x \"\"", List.of("x", "")),
                Arguments.of("x ''", List.of("x", "")),
                Arguments.of("a\"b c\"d", List.of("ab cd")),
                Arguments.of("'single $NAME \\n'", List.of("single $NAME \\n")),
                Arguments.of("\"$NAME\"", List.of("world")),
                Arguments.of("\"${NAME}!\"", List.of("world!")),
                Arguments.of("\"${UNSET_VAR}\"", List.of("")),
                Arguments.of("\"${UNSET_VAR-dflt}\"", List.of("dflt")),
                Arguments.of("\"${NAME-dflt}\"", List.of("world")),
                Arguments.of("\"${EMPTY-dflt}\"", List.of("")),
                Arguments.of("$NAME", List.of("$NAME")),
                Arguments.of("\"fd@${FD}\"", List.of("fd@3")),
                Arguments.of("\":${PORT}\"", List.of(":8080")),
                Arguments.of("\"a \\$ b\"", List.of("a $ b")),
                Arguments.of("a\\ b", List.of("a b")),
                Arguments.of("\\#not-a-comment", List.of("#not-a-comment")),
                Arguments.of("\"quoted \\\"inner\\\"\"", List.of("quoted \"inner\"")),
                Arguments.of("\"line\\n\"", List.of("line\n")),
                Arguments.of("\\x41\\x62", List.of("Ab")),
                Arguments.of("\"tab\\there\"", List.of("tab\there")),
                Arguments.of("\"# not a comment\"", List.of("# not a comment")),
                Arguments.of("'# not a comment'", List.of("# not a comment")),
                Arguments.of("a \"b\" 'c' d", List.of("a", "b", "c", "d")));
    }

    @ParameterizedTest
    @MethodSource("words")
    void splitsLikeHaproxy(String line, List<String> expected) {
        Tokenizer.Result r = TOK.split(line);
        assertThat(r.ok()).as(line).isTrue();
        assertThat(r.words()).as(line).isEqualTo(expected);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("log-format \"abc", Tokenizer.ErrorKind.QUOTE, 12),
                Arguments.of("x 'abc", Tokenizer.ErrorKind.QUOTE, 3),
                Arguments.of("x \"${NAME\"", Tokenizer.ErrorKind.BRACE, 5),
                Arguments.of("x \"${NAME-dflt\"", Tokenizer.ErrorKind.BRACE, 5),
                Arguments.of("x \"${1abc}\"", Tokenizer.ErrorKind.VARNAME, 6),
                Arguments.of("x \"a $ b\"", Tokenizer.ErrorKind.VARNAME, 7),
                Arguments.of("x \"cost$\"", Tokenizer.ErrorKind.VARNAME, 9),
                Arguments.of("x \\x4", Tokenizer.ErrorKind.HEX, 3),
                Arguments.of("x \\xzz", Tokenizer.ErrorKind.HEX, 3));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void reportsErrorsWithPosition(String line, Tokenizer.ErrorKind kind, int position) {
        Tokenizer.Result r = TOK.split(line);
        assertThat(r.error()).isEqualTo(kind);
        assertThat(r.position()).isEqualTo(position);
    }

    @Test
    void readsTheProcessEnvironmentByDefault() {
        String path = System.getenv("PATH");
        assertThat(new Tokenizer().split("\"$PATH\"").words()).containsExactly(path == null ? "" : path);
    }
}
