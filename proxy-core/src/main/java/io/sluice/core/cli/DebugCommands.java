package io.sluice.core.cli;

import java.util.concurrent.TimeUnit;

/**
 * The expert-mode commands: {@code expert-mode [on|off]} and {@code debug dev loop <ms>}, HAProxy's way to make a
 * loop thread stop processing traffic on purpose (to see the watchdog work). Both need the admin level;
 * {@code debug dev loop} also needs expert mode. Handlers run on the session's thread, which is a loop thread once
 * the runtime wires the stats socket.
 */
public final class DebugCommands {
    /** HAProxy's reply to an expert command outside expert mode. */
    public static final String EXPERT_ONLY = "This command is restricted to expert mode only.";
    /** Longest accepted {@code debug dev loop}: one minute (HAProxy takes any int; no test needs more). */
    public static final long MAX_LOOP_MILLIS = 60_000;

    private DebugCommands() {
    }

    /** Registers the commands; runs on the main thread at startup. */
    public static CliRegistry registerAll(CliRegistry r) {
        r.register(CliCommand.of("expert-mode", "expert-mode [on|off]", "enable/disable expert mode (debug commands)",
                CliLevel.ADMIN, DebugCommands::expertMode));
        r.register(CliCommand.of("debug dev loop", "debug dev loop <ms>",
                "loop this long without making progress (expert mode)", CliLevel.ADMIN, DebugCommands::loop));
        return r;
    }

    private static boolean expertMode(CliRequest req) {
        switch (req.arg(1)) {
            case "" -> {
                return req.message(req.session().expertMode() ? "expert-mode is ON" : "expert-mode is OFF");
            }
            case "on" -> req.session().expertMode(true);
            case "off" -> req.session().expertMode(false);
            default -> {
                return req.error("'expert-mode' only supports 'on' and 'off'.");
            }
        }
        return true;
    }

    /**
     * {@code debug dev loop <ms>}: spins the calling thread for {@code ms} milliseconds without yielding nor
     * counting progress, so the watchdog sees it stuck (a report after 1 s, the panic past
     * {@code tune.watchdog.panic-after}).
     */
    private static boolean loop(CliRequest req) {
        if (!req.session().expertMode()) {
            return req.error(EXPERT_ONLY);
        }
        long ms;
        try {
            ms = Long.parseLong(req.arg(3));
        } catch (NumberFormatException e) {
            return req.error("Expects a number of milliseconds.");
        }
        if (ms < 0 || ms > MAX_LOOP_MILLIS) {
            return req.error("The delay must be between 0 and " + MAX_LOOP_MILLIS + " milliseconds.");
        }
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait(); // ends at the deadline: this command exists to hold the thread
        }
        return true;
    }
}
