package io.sluice.core.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.sluice.config.model.HttpRule;
import io.sluice.config.model.RedirectRule;
import io.sluice.core.h1.ErrorFile;
import io.sluice.core.h1.HttpErrors;
import io.sluice.core.h1.PreparedReply;
import io.sluice.core.h1.Replies;

/**
 * Turns the configuration model's {@code http-request}/{@code http-response} rules and
 * {@code redirect} lines into the h1 building blocks, once, at start on the main thread:
 * {@code return} → a {@link PreparedReply}, {@code deny [deny_status]} → HAProxy's template of that
 * status, {@code redirect} → {@link CompiledRedirect}, header actions → {@link HeaderAction}.
 * Values with log-format expressions ({@code %[...]}, {@code %ci}...) and the redirect cookie
 * options are refused with "not supported yet", never silently ignored.
 */
public final class HttpRuleCompiler {

    /** A configuration error in a rule, with its location. */
    public static final class RuleException extends Exception {
        private static final long serialVersionUID = 1L;

        RuleException(String file, int line, String message) {
            super(file + ":" + line + ": " + message, null, false, false);
        }
    }

    private final AclCompiler acls;
    private final int maxReplyBytes;

    /**
     * @param acls the compiler of the conditions (shared with the switching rules)
     * @param maxReplyBytes room for a reply: {@code tune.bufsize − tune.maxrewrite}
     */
    public HttpRuleCompiler(AclCompiler acls, int maxReplyBytes) {
        this.acls = acls;
        this.maxReplyBytes = maxReplyBytes;
    }

    /** Compiles the condition of a rule. */
    public CompiledCondition condition(HttpRule rule) throws AclCompiler.AclException {
        return acls.compile(rule.condition());
    }

    /**
     * The reply of a {@code deny} (403 or {@code deny_status}) or {@code return} rule; file bodies
     * are read relative to {@code baseDir}.
     */
    public PreparedReply reply(HttpRule rule, Path baseDir) throws RuleException {
        String kind = rule.bodyKind();
        if (rule.args().contains("hdr")) {
            throw new RuleException(rule.file(), rule.line(), "'hdr' in '" + rule.action()
                    + "' is not supported yet");
        }
        if (rule.action().equals("deny") || rule.action().equals("tarpit")) {
            if (kind != null) {
                throw new RuleException(rule.file(), rule.line(), "'" + rule.action() + "' with a body ("
                        + kind + ") is not supported yet");
            }
            return HttpErrors.reply(rule.status() == 0 ? 403 : rule.status());
        }
        if (!rule.action().equals("return")) {
            throw new RuleException(rule.file(), rule.line(), "'" + rule.action() + "' has no reply");
        }
        if (kind == null) {
            return Replies.compileReturn(rule.status(), null, null);
        }
        switch (kind) {
            case "string":
                return Replies.compileReturn(rule.status(), rule.contentType(),
                        rule.body().getBytes(StandardCharsets.ISO_8859_1));
            case "file": {
                Path p = baseDir.resolve(rule.body());
                try {
                    return Replies.compileReturn(rule.status(), rule.contentType(), Files.readAllBytes(p));
                } catch (IOException e) {
                    throw new RuleException(rule.file(), rule.line(), "cannot read '" + p + "': " + e.getMessage());
                }
            }
            case "errorfile": {
                try {
                    PreparedReply r = ErrorFile.load(rule.status(), baseDir.resolve(rule.body()), maxReplyBytes);
                    if (r == null) {
                        throw new RuleException(rule.file(), rule.line(), "an empty errorfile in 'return' is not "
                                + "supported yet");
                    }
                    return r;
                } catch (ErrorFile.InvalidErrorFile e) {
                    throw new RuleException(rule.file(), rule.line(), e.getMessage());
                }
            }
            default:
                throw new RuleException(rule.file(), rule.line(), "'return' with '" + kind
                        + "' is not supported yet");
        }
    }

    /** Compiles a {@code redirect} line or an {@code http-request redirect} rule. */
    public CompiledRedirect redirect(RedirectRule r) throws RuleException, AclCompiler.AclException {
        boolean dropQuery = false;
        boolean appendSlash = false;
        for (String o : r.options()) {
            switch (o) {
                case "drop-query" -> dropQuery = true;
                case "append-slash" -> appendSlash = true;
                default -> throw new RuleException(r.file(), r.line(), "redirect option '" + o
                        + "' is not supported yet");
            }
        }
        if (r.target().contains("%[") || r.target().matches(".*%[a-zA-Z{].*")) {
            throw new RuleException(r.file(), r.line(), "log-format in a redirect target is not supported yet");
        }
        int type = switch (r.type()) {
            case LOCATION -> Replies.REDIRECT_LOCATION;
            case PREFIX -> Replies.REDIRECT_PREFIX;
            case SCHEME -> Replies.REDIRECT_SCHEME;
        };
        return new CompiledRedirect(r.code(), type, r.target().getBytes(StandardCharsets.ISO_8859_1), dropQuery,
                appendSlash, acls.compile(r.condition()));
    }

    /** Compiles {@code set-header}, {@code add-header} or {@code del-header}. */
    public HeaderAction headerAction(HttpRule rule) throws RuleException, AclCompiler.AclException {
        int op = switch (rule.action()) {
            case "set-header" -> HeaderAction.SET;
            case "add-header" -> HeaderAction.ADD;
            case "del-header" -> HeaderAction.DEL;
            default -> throw new RuleException(rule.file(), rule.line(), "'" + rule.action()
                    + "' is not a header action");
        };
        String value = rule.headerValue() == null ? "" : rule.headerValue();
        if (op == HeaderAction.DEL && rule.args().size() == 3 && !rule.args().get(2).equals("str")) {
            throw new RuleException(rule.file(), rule.line(), "'del-header -m " + rule.args().get(2)
                    + "' is not supported yet (only the exact name, '-m str')");
        }
        if (op != HeaderAction.DEL && value.replace("%%", "").contains("%")) {
            throw new RuleException(rule.file(), rule.line(), "log-format in '" + rule.action()
                    + "' values is not supported yet");
        }
        byte[] name = rule.headerName().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.ISO_8859_1);
        return new HeaderAction(op, name, value.replace("%%", "%").getBytes(StandardCharsets.ISO_8859_1),
                acls.compile(rule.condition()));
    }
}
