package io.sluice.core.cli;

import java.util.List;

/**
 * The commands that need no runtime: {@code help}, {@code prompt}, {@code quit}, {@code operator}, {@code user},
 * {@code show cli level}, {@code set severity-output}. Handlers run on the session's thread.
 */
public final class SessionCommands {
    private SessionCommands() {
    }

    /** Registers the session commands; runs on the main thread at startup. */
    public static CliRegistry registerAll(CliRegistry r) {
        // help, prompt and quit have no help line of their own: the fixed footer lists them.
        r.register(CliCommand.of("help", null, null, CliLevel.USER, req -> {
            req.session().registry().writeHelp(req.args().subList(1, req.args().size()), req.out());
            return true;
        }));
        r.register(CliCommand.of("prompt", null, null, CliLevel.USER, req -> {
            req.session().togglePrompt(req.arg(1).equals("timed"));
            return true;
        }));
        r.register(CliCommand.of("quit", null, null, CliLevel.USER, req -> {
            req.session().quit();
            return true;
        }));
        r.register(CliCommand.of("operator", "operator", "lower the level of the current CLI session to operator",
                CliLevel.USER, req -> lower(req, CliLevel.OPERATOR)));
        r.register(CliCommand.of("user", "user", "lower the level of the current CLI session to user",
                CliLevel.USER, req -> lower(req, CliLevel.USER)));
        r.register(CliCommand.of("show cli level", "show cli level", "display the level of the current CLI session",
                CliLevel.USER, req -> {
                    req.out().append(req.level().keyword()).append('\n');
                    return true;
                }));
        r.register(CliCommand.of("set severity-output", "set severity-output [none|number|string]",
                "set presence of severity level in feedback information", CliLevel.USER,
                SessionCommands::setSeverityOutput));
        return r;
    }

    /** Registers {@code show version}, which prints {@code version} as a message; runs on the main thread. */
    public static CliRegistry registerShowVersion(CliRegistry r, String version) {
        return r.register(CliCommand.of("show version", "show version", "show version of the current process",
                CliLevel.USER, req -> req.message(version)));
    }

    /** Lowers the session's level; raising is refused with {@code Permission denied}. Prints nothing. */
    private static boolean lower(CliRequest req, CliLevel target) {
        if (!req.level().allows(target)) {
            return req.error(CliSession.PERMISSION_DENIED);
        }
        req.session().lowerLevel(target);
        return true;
    }

    private static boolean setSeverityOutput(CliRequest req) {
        for (CliSession.SeverityOutput s : CliSession.SeverityOutput.values()) {
            if (s.name().toLowerCase(java.util.Locale.ROOT).equals(req.arg(2))) {
                req.session().severityOutput(s);
                return true;
            }
        }
        return req.error("one of 'none', 'number', 'string' is a required argument");
    }

    /** The words of every session command, for tests and documentation. */
    public static List<String> names() {
        return List.of("help", "prompt", "quit", "operator", "user", "show cli level", "set severity-output");
    }
}
