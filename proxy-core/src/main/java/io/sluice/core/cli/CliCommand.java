package io.sluice.core.cli;

import java.util.Arrays;
import java.util.List;

/**
 * One registered command: its leading keyword words, its help line, its minimum level and its handler.
 * Immutable.
 *
 * @param words the keyword words a request must start with ({@code ["show", "info"]})
 * @param syntax the syntax part of the help line ({@code "show info [desc|json|typed|float]*"}), null to hide the
 *     command from {@code help} (as HAProxy hides {@code help}, {@code prompt} and {@code quit})
 * @param description the description part of the help line
 * @param level the minimum session level
 * @param handler what runs
 */
public record CliCommand(List<String> words, String syntax, String description, CliLevel level,
                         CliHandler handler) {
    /** Column where the description starts in a help line. */
    public static final int SYNTAX_WIDTH = 40;

    /** Compact constructor: copies the words; runs on the configuration thread. */
    public CliCommand {
        words = List.copyOf(words);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a CLI command needs at least one keyword");
        }
    }

    /** Convenience constructor from a space-separated keyword string. */
    public static CliCommand of(String keywords, String syntax, String description, CliLevel level,
                                CliHandler handler) {
        return new CliCommand(Arrays.asList(keywords.split(" ")), syntax, description, level, handler);
    }

    /**
     * Returns the help line without its two leading spaces: syntax left-aligned on {@value #SYNTAX_WIDTH} columns,
     * {@code ": "}, description; or null for a hidden command.
     */
    public String usage() {
        if (syntax == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(syntax);
        while (sb.length() < SYNTAX_WIDTH) {
            sb.append(' ');
        }
        return sb.append(": ").append(description).toString();
    }

    /** Returns how many leading words of {@code args} equal this command's words, in order. */
    int matchingWords(List<String> args) {
        int i = 0;
        while (i < words.size() && i < args.size() && words.get(i).equals(args.get(i))) {
            i++;
        }
        return i;
    }

    /** Returns true if {@code args} starts with all of this command's words. */
    boolean matches(List<String> args) {
        return matchingWords(args) == words.size();
    }
}
