package io.sluice.config;

/** Parses one keyword line into the draft of its section; runs on the parsing thread. */
@FunctionalInterface
public interface KeywordParser {
    /**
     * Validates {@code ctx}'s words and stores the result in {@code ctx.global()} or {@code ctx.proxy()};
     * every problem is reported through {@link ParseContext#alert} / {@link ParseContext#warning}.
     */
    void parse(ParseContext ctx);
}
