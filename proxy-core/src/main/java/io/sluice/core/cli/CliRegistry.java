package io.sluice.core.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.sluice.core.log.LineBuffer;

/**
 * The table of CLI commands: keyword words → handler and level. Filled at startup by each subsystem
 * ({@code show fd} by the fd layer, {@code disable server} by backends…); read by every session.
 *
 * <p>Thread-safety: registration happens on the main thread before sockets open; lookups run on session threads.
 * The list is copy-on-write, so a late registration is safe too.
 */
public final class CliRegistry {
    /** The three fixed lines that end {@code help} and the unknown-command reply (HAProxy 2.8+/3.0 text). */
    public static final String FIXED_HELP_LINES =
            "  help [<command>]                        : list matching or all commands\n"
            + "  prompt [timed]                          : toggle interactive mode with prompt\n"
            + "  quit                                    : disconnect\n";

    /** Header of {@code help}. */
    public static final String HELP_HEADER = "The following commands are valid at this level:\n";

    private static final int MAX_MATCHES = 5;

    private final List<CliCommand> commands = new CopyOnWriteArrayList<>();

    /**
     * Adds a command; runs on the main thread at startup.
     *
     * @throws IllegalArgumentException if the same keyword words are already registered
     */
    public CliRegistry register(CliCommand cmd) {
        for (CliCommand c : commands) {
            if (c.words().equals(cmd.words())) {
                throw new IllegalArgumentException("CLI command already registered: " + String.join(" ", cmd.words()));
            }
        }
        commands.add(cmd);
        return this;
    }

    /** Returns the registered commands; runs on any thread. */
    public List<CliCommand> commands() {
        return List.copyOf(commands);
    }

    /** Returns the command with the most keyword words that all match the start of {@code args}, or null. */
    public CliCommand find(List<String> args) {
        CliCommand best = null;
        for (CliCommand c : commands) {
            if (c.matches(args) && (best == null || c.words().size() > best.words().size())) {
                best = c;
            }
        }
        return best;
    }

    /** Writes the full or filtered {@code help} listing; runs on the session's thread. */
    void writeHelp(List<String> filter, LineBuffer out) {
        out.append(HELP_HEADER);
        List<CliCommand> listed = filter.isEmpty() ? sortedVisible() : matching(filter);
        if (listed.isEmpty()) {
            listed = sortedVisible();
        }
        for (CliCommand c : listed) {
            out.append("  ").append(c.usage()).append('\n');
        }
        out.append(FIXED_HELP_LINES);
    }

    /** Writes HAProxy's unknown-command reply for {@code args}; runs on the session's thread. */
    void writeUnknown(List<String> args, LineBuffer out) {
        out.append("Unknown command: '").append(args.isEmpty() ? "" : args.get(0))
                .append("', but maybe one of the following ones is a better match:\n");
        List<CliCommand> listed = closest(args);
        if (listed.isEmpty()) {
            listed = sortedVisible();
        }
        for (CliCommand c : listed) {
            out.append("  ").append(c.usage()).append('\n');
        }
        out.append(FIXED_HELP_LINES);
    }

    /** Every visible command starting with all of {@code filter}'s words, else the closest ones. */
    private List<CliCommand> matching(List<String> filter) {
        List<CliCommand> l = new ArrayList<>();
        for (CliCommand c : sortedVisible()) {
            if (c.matchingWords(filter) == Math.min(filter.size(), c.words().size())) {
                l.add(c);
            }
        }
        return l.isEmpty() ? closest(filter) : l;
    }

    private List<CliCommand> sortedVisible() {
        List<CliCommand> l = new ArrayList<>();
        for (CliCommand c : commands) {
            if (c.syntax() != null) {
                l.add(c);
            }
        }
        l.sort(Comparator.comparing(CliCommand::usage));
        return l;
    }

    /**
     * The up-to-5 visible commands closest to {@code args}: those sharing the longest run of exactly matching
     * leading words, ranked by the fingerprint distance of their following words; a command whose following words
     * share no character transition with the request's is not close at all.
     */
    private List<CliCommand> closest(List<String> args) {
        int length = 0;
        for (CliCommand c : commands) {
            if (c.syntax() != null) {
                length = Math.max(length, c.matchingWords(args));
            }
        }
        record Scored(CliCommand cmd, int dist) {
        }
        List<Scored> scored = new ArrayList<>();
        for (CliCommand c : commands) {
            if (c.syntax() == null || c.matchingWords(args) < length) {
                continue;
            }
            int dist = 0;
            int budget = 0;
            int end = Math.min(c.words().size(), Math.max(args.size(), length + 1));
            for (int i = length; i < end; i++) {
                byte[] a = WordFingerprint.of(i < args.size() ? args.get(i) : "");
                byte[] k = WordFingerprint.of(c.words().get(i));
                dist += WordFingerprint.distance(a, k);
                budget += WordFingerprint.weight(a) + WordFingerprint.weight(k);
            }
            if (length > 0 || dist < budget) {
                scored.add(new Scored(c, dist));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::dist).thenComparing(s -> s.cmd().usage()));
        List<CliCommand> out = new ArrayList<>();
        for (int i = 0; i < scored.size() && i < MAX_MATCHES; i++) {
            out.add(scored.get(i).cmd());
        }
        return out;
    }
}
