package io.sluice.config.kw;

import java.util.List;

import io.sluice.config.Addresses;
import io.sluice.config.BadValue;
import io.sluice.config.Keyword;
import io.sluice.config.Support;
import io.sluice.config.KeywordProvider;
import io.sluice.config.KeywordRegistry;
import io.sluice.config.ParseContext;
import io.sluice.config.Units;
import io.sluice.config.model.LogTarget;

/**
 * {@code log} (global and proxies) and {@code log-format}. Runtime: none yet (the logging issue).
 */
public final class LogKeywords implements KeywordProvider {
    static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
            "uucp", "cron", "auth2", "ftp", "ntp", "audit", "alert", "cron2", "local0", "local1", "local2", "local3",
            "local4", "local5", "local6", "local7");
    static final List<String> LEVELS = List.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");
    static final List<String> FORMATS = List.of("rfc3164", "rfc5424", "short", "raw", "iso", "timed", "local",
            "priority");

    @Override
    public void register(KeywordRegistry r) {
        String missing = "'%s' expects either <address[:port]> and <facility> or 'global' as arguments.";
        r.register(Keyword.global("log", 1, LogKeywords::log).args(1, -1).missing(missing).allowNo()
                .note("log target: address, path, stdout, stderr, fd@n; format, facility, levels").support(Support.RUNTIME));
        r.register(Keyword.proxy("log", 1, LogKeywords::log).args(1, -1).missing(missing).allowNo()
                .note("`log global` or a target as in global").support(Support.RUNTIME));
        r.register(Keyword.proxy("log-format", 1, ctx -> ctx.proxy().logFormat = ctx.arg(1))
                .missing("'%s' expects a single argument (the log format string).")
                .note("custom log line"));
    }

    private static void log(ParseContext ctx) {
        if (ctx.negated()) {
            if (ctx.proxy() != null) {
                ctx.proxy().logs = new java.util.ArrayList<>();
            } else {
                ctx.global().logs.clear();
            }
            return;
        }
        if ("global".equals(ctx.arg(1))) {
            if (ctx.proxy() == null) {
                ctx.alert("'log global' is only valid in a proxy section.");
                return;
            }
            if (ctx.argc() > 2) {
                ctx.alert("'log global' cannot handle unexpected argument '" + ctx.arg(2) + "'.");
                return;
            }
            ctx.proxy().logs.add(new LogTarget(true, null, 1024, "rfc3164", null, null, null, null, ctx.file(),
                    ctx.line()));
            return;
        }
        String target = ctx.arg(1);
        if (target.startsWith("ring@")) {
            ctx.alert("'log " + target + "' : rings are not supported by Sluice.");
            return;
        }
        if (!target.equals("stdout") && !target.equals("stderr")) {
            try {
                Addresses.parse(target, Addresses.Use.LOG);
            } catch (BadValue e) {
                ctx.alert("'log' : " + e.getMessage());
                return;
            }
        }
        int i = 2;
        int len = 1024;
        String format = "rfc3164";
        String sample = null;
        while (i < ctx.argc()) {
            String k = ctx.arg(i);
            if (k.equals("len")) {
                try {
                    len = (int) Units.integer(ctx.arg(i + 1), 80, 65535);
                } catch (BadValue e) {
                    ctx.alert("'len' expects a positive integer between 80 and 65535 (got '" + ctx.arg(i + 1)
                            + "').");
                    return;
                }
                i += 2;
            } else if (k.equals("format")) {
                format = ctx.arg(i + 1);
                if (!FORMATS.contains(format)) {
                    ctx.alert("unknown log format '" + format + "'");
                    return;
                }
                i += 2;
            } else if (k.equals("sample")) {
                if (!ctx.arg(i + 1).matches("[0-9,-]+:[0-9]+")) {
                    ctx.alert("'sample' expects '<ranges>:<size>' (got '" + ctx.arg(i + 1) + "').");
                    return;
                }
                sample = ctx.arg(i + 1);
                i += 2;
            } else {
                break;
            }
        }
        if (i >= ctx.argc()) {
            ctx.alert("'log' expects <facility> as argument after the address.");
            return;
        }
        String facility = ctx.arg(i++);
        if (!FACILITIES.contains(facility)) {
            ctx.alert("unknown log facility '" + facility + "'");
            return;
        }
        String level = null;
        String minLevel = null;
        if (i < ctx.argc()) {
            level = ctx.arg(i++);
            if (!LEVELS.contains(level)) {
                ctx.alert("unknown optional log level '" + level + "'");
                return;
            }
        }
        if (i < ctx.argc()) {
            minLevel = ctx.arg(i++);
            if (!LEVELS.contains(minLevel)) {
                ctx.alert("unknown optional minimum log level '" + minLevel + "'");
                return;
            }
        }
        if (i < ctx.argc()) {
            ctx.alert("'log' cannot handle unexpected argument '" + ctx.arg(i) + "'.");
            return;
        }
        LogTarget t = new LogTarget(false, target, len, format, facility, level, minLevel, sample, ctx.file(),
                ctx.line());
        if (ctx.proxy() != null) {
            ctx.proxy().logs.add(t);
        } else {
            ctx.global().logs.add(t);
        }
    }
}
