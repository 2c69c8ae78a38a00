package io.sluice.core.main;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;

import io.sluice.config.CondExpr;
import io.sluice.config.ConfigParser;
import io.sluice.config.Diagnostic;
import io.sluice.config.KeywordRegistry;
import io.sluice.config.ParseResult;
import io.sluice.config.Support;
import io.sluice.config.Tokenizer;
import io.sluice.config.model.Config;
import io.sluice.config.model.KeywordUse;
import io.sluice.config.model.Proxy;

/**
 * Sluice's entry point: haproxy's command line ({@link CommandLine}), the configuration check and,
 * until the runtime exists, a clear refusal to start. Runs on the main thread.
 */
public final class Main {
    private static final String NAME = "sluice";

    private Main() {
    }

    /** Runs Sluice and exits with its status. */
    public static void main(String[] args) {
        int rc = run(args, System.out, System.err, System::getenv);
        System.out.flush();
        System.err.flush();
        System.exit(rc);
    }

    /**
     * Runs Sluice with {@code args}, printing to {@code out}/{@code err}, reading variables from
     * {@code env}; returns the exit status (0 valid, 1 error, 2 valid but nothing to listen on).
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Function<String, String> env) {
        long pid = ProcessHandle.current().pid();
        CommandLine cl;
        try {
            cl = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            return usage(err, pid, e.getMessage());
        }
        if (cl.version() > 0) {
            out.print(cl.version() > 1 ? VersionInfo.buildOptions() : VersionInfo.version());
            return 0;
        }
        if (cl.condition() != null) {
            return condition(cl.condition(), env, err, pid);
        }
        List<String> files;
        try {
            files = ConfigParser.expandFiles(cl.files());
        } catch (IOException e) {
            err.println(Diagnostic.label("ALERT", pid) + e.getMessage());
            return 1;
        }
        if (files.isEmpty()) {
            return usage(err, pid, null);
        }
        ParseResult r = new ConfigParser(KeywordRegistry.standard(), new Tokenizer(env), VersionInfo.conditions(env))
                .parseFiles(files);
        Reporter rep = new Reporter(err, pid, cl.quiet() && !cl.verbose());
        for (Diagnostic d : r.diagnostics().all()) {
            rep.print(d);
        }
        if (!r.ok()) {
            return 1;
        }
        Config config = r.config();
        if (cl.check()) {
            if (!hasListener(config)) {
                if (!cl.quiet()) {
                    out.println("Configuration file has no error but will not start (no listener) => exit(2).");
                }
                return 2;
            }
            if (!cl.quiet()) {
                out.println("Configuration file is valid");
            }
            return 0;
        }
        return start(config, rep, err);
    }

    /** Refuses keywords without runtime, then runs the mode tcp runtime until it is stopped. */
    private static int start(Config config, Reporter rep, PrintStream err) {
        boolean refused = false;
        for (KeywordUse u : config.keywordUses()) {
            if (u.support() != Support.RUNTIME) {
                rep.print(new Diagnostic(Diagnostic.Severity.ALERT, u.file(), u.line(),
                        "'" + u.keyword() + "' is not supported yet"));
                refused = true;
            }
        }
        if (refused) {
            rep.print(new Diagnostic(Diagnostic.Severity.ALERT, null, 0, "Fatal errors found in configuration."));
            return 1;
        }
        return io.sluice.core.runtime.Runtime.run(config, err);
    }

    private static boolean hasListener(Config config) {
        if (!config.global().statsSockets().isEmpty()) {
            return true;
        }
        for (Proxy p : config.proxies()) {
            if (!p.binds().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static int condition(String expr, Function<String, String> env, PrintStream err, long pid) {
        Tokenizer.Result words = new Tokenizer(env).split(expr);
        if (!words.ok()) {
            err.println(Diagnostic.label("ALERT", pid) + "config : Syntax Error in condition: "
                    + (words.error() == Tokenizer.ErrorKind.QUOTE ? "Unmatched quote." : words.error().text() + "."));
            return 2;
        }
        try {
            return CondExpr.eval(String.join(" ", words.words()), VersionInfo.conditions(env)) ? 0 : 1;
        } catch (CondExpr.CondException e) {
            err.println(Diagnostic.label("ALERT", pid) + "config : Failed to evaluate condition: " + e.getMessage());
            return 2;
        }
    }

    private static int usage(PrintStream err, long pid, String detail) {
        if (detail != null) {
            err.println(Diagnostic.label("ALERT", pid) + detail);
        }
        err.print(VersionInfo.version());
        err.print(CommandLine.usage(NAME));
        return 1;
    }

    /** Prints diagnostics, preceded once by HAProxy's two NOTICE lines; prints nothing when quiet. */
    private static final class Reporter {
        private final PrintStream err;
        private final long pid;
        private final boolean quiet;
        private boolean noticed;

        Reporter(PrintStream err, long pid, boolean quiet) {
            this.err = err;
            this.pid = pid;
            this.quiet = quiet;
        }

        void print(Diagnostic d) {
            if (quiet) {
                // haproxy -q silences every startup message, alerts included (only the exit code says).
                return;
            }
            if (!noticed) {
                noticed = true;
                err.println(Diagnostic.label("NOTICE", pid) + "sluice version is " + VersionInfo.VERSION);
                String exe = ProcessHandle.current().info().command().orElse(null);
                if (exe != null) {
                    err.println(Diagnostic.label("NOTICE", pid) + "path to executable is " + exe);
                }
            }
            err.println(d.format(pid));
        }
    }
}
