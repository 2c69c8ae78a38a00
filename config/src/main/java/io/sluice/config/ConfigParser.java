package io.sluice.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.sluice.config.model.Config;
import io.sluice.config.model.KeywordUse;
import io.sluice.config.model.Proxy;
import io.sluice.config.model.ProxyKind;

/**
 * Reads HAProxy-syntax configuration files into a {@link Config} (HAProxy's {@code readcfgfile()}
 * plus {@code cfg_parse_global()} / {@code cfg_parse_listen()} dispatch). It knows sections and the
 * generic rules (arity, capabilities, {@code defaults} inheritance, {@code no}); what each keyword
 * means comes from the {@link KeywordRegistry}.
 *
 * <p>Errors never stop the parse: every alert of every file is collected. As in HAProxy, the
 * cross-proxy checks ({@link Validator}) only run when parsing found no alert.
 *
 * <p>One instance per parse; runs entirely on the calling (main) thread.
 */
public final class ConfigParser {
    private static final List<String> UNSUPPORTED_SECTIONS = List.of("peers", "resolvers", "userlist", "mailers",
            "program", "cache", "http-errors", "ring", "log-forward", "fcgi-app", "crt-store", "traces");

    private enum State { NONE, GLOBAL, PROXY, IGNORED }

    /** A {@code .if} level: TAKE = lines are read; DROP = not yet taken; SKIP = never taken. */
    private enum Cond { TAKE, DROP, SKIP, ELSE_TAKE, ELSE_SKIP }

    private final KeywordRegistry registry;
    private final Tokenizer tokenizer;
    private final CondExpr.Context conditions;
    private final java.util.ArrayDeque<Cond> conds = new java.util.ArrayDeque<>();
    private boolean aborted;
    private final Diagnostics diags = new Diagnostics();
    private final GlobalDraft global = new GlobalDraft();
    private final List<ProxyDraft> proxies = new ArrayList<>();
    private final Map<String, ProxyDraft> namedDefaults = new HashMap<>();
    private final List<KeywordUse> uses = new ArrayList<>();
    private ProxyDraft lastDefaults;
    private ProxyDraft current;
    private State state = State.NONE;

    /**
     * Creates a parser using {@code registry} and {@code tokenizer}; {@code .if} conditions see no
     * feature and version 0.0.0.
     */
    public ConfigParser(KeywordRegistry registry, Tokenizer tokenizer) {
        this(registry, tokenizer, new CondExpr.Context() {
            @Override
            public String env(String name) {
                return tokenizer.env(name);
            }

            @Override
            public boolean feature(String name) {
                return false;
            }

            @Override
            public int compareVersion(String version) {
                return CondExpr.compareVersions("0.0.0", version);
            }
        });
    }

    /** Creates a parser whose {@code .if} conditions are answered by {@code conditions}. */
    public ConfigParser(KeywordRegistry registry, Tokenizer tokenizer, CondExpr.Context conditions) {
        this.registry = registry;
        this.tokenizer = tokenizer;
        this.conditions = conditions;
    }

    /** Creates a parser with the standard registry and the process environment. */
    public static ConfigParser standard() {
        return new ConfigParser(KeywordRegistry.standard(), new Tokenizer());
    }

    /**
     * Expands directories in {@code paths} into their {@code *.cfg} regular files in lexical order,
     * skipping names that start with a dot (haproxy's {@code cfgfiles_expand_directories}).
     *
     * @throws IOException with HAProxy's message when a path cannot be opened
     */
    public static List<String> expandFiles(List<String> paths) throws IOException {
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            Path path = Path.of(p);
            if (!Files.exists(path)) {
                throw new IOException("Cannot open configuration file/directory " + p + " : No such file or directory");
            }
            if (!Files.isDirectory(path)) {
                out.add(p);
                continue;
            }
            List<String> names = new ArrayList<>();
            try (Stream<Path> s = Files.list(path)) {
                s.forEach(f -> {
                    String n = f.getFileName().toString();
                    if (!n.startsWith(".") && n.endsWith(".cfg") && Files.isRegularFile(f)) {
                        names.add(n);
                    }
                });
            }
            names.sort(null);
            String dir = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            for (String n : names) {
                out.add(dir + "/" + n);
            }
        }
        return out;
    }

    /** Reads and parses {@code files} in order; runs on the calling thread. */
    public ParseResult parseFiles(List<String> files) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String f : files) {
            try {
                texts.put(f, Files.readString(Path.of(f), StandardCharsets.ISO_8859_1));
            } catch (NoSuchFileException e) {
                diags.alert("Could not open configuration file " + f + " : No such file or directory");
                return new ParseResult(null, diags);
            } catch (IOException e) {
                diags.alert("Could not open configuration file " + f + " : " + e.getMessage());
                return new ParseResult(null, diags);
            }
        }
        return parseTexts(texts);
    }

    /** Parses configuration texts keyed by file name, in map order (tests and {@link #parseFiles}). */
    public ParseResult parseTexts(Map<String, String> texts) {
        for (Map.Entry<String, String> e : texts.entrySet()) {
            if (aborted) {
                break;
            }
            int before = diags.alertsIn(e.getKey());
            readText(e.getKey(), e.getValue());
            state = State.NONE;
            current = null;
            conds.clear();
            if (diags.alertsIn(e.getKey()) > before) {
                diags.alert("Error(s) found in configuration file : " + e.getKey());
            }
        }
        if (diags.hasAlerts()) {
            diags.alert("Fatal errors found in configuration.");
            return new ParseResult(null, diags);
        }
        // CFG-4: freeze the drafts, then the cross-proxy checks.
        List<Proxy> built = new ArrayList<>();
        for (ProxyDraft d : proxies) {
            built.add(d.build());
        }
        Config config = new Config(List.copyOf(texts.keySet()), global.build(), built, uses);
        new Validator(config, global, proxies, diags).run();
        if (diags.hasAlerts()) {
            diags.alert("Fatal errors found in configuration.");
            return new ParseResult(null, diags);
        }
        return new ParseResult(config, diags);
    }

    private void readText(String file, String text) {
        String[] lines = text.split("\n", -1);
        int count = lines.length;
        if (count > 0 && lines[count - 1].isEmpty()) {
            count--;
        }
        for (int i = 0; i < count && !aborted; i++) {
            readLine(file, i + 1, lines[i]);
        }
        if (!conds.isEmpty() && !aborted) {
            diags.alert(file, count, "non-terminated '.if' block.");
        }
    }

    /** Returns true while the lines are inside a {@code .if} branch that is not taken. */
    private boolean masked() {
        Cond c = conds.peek();
        return c != null && c != Cond.TAKE && c != Cond.ELSE_TAKE;
    }

    /** Handles a line starting with a dot (CFG-0: conditional blocks and messages). */
    private void directive(String file, int lineNo, List<String> args) {
        String w0 = args.get(0);
        switch (w0) {
            case ".if" -> {
                if (masked()) {
                    conds.push(Cond.SKIP);
                    return;
                }
                conds.push(eval(file, lineNo, args) ? Cond.TAKE : Cond.DROP);
            }
            case ".elif" -> {
                if (conds.isEmpty()) {
                    fatal(file, lineNo, "lone '.elif' with no matching '.if'.");
                    return;
                }
                Cond c = conds.pop();
                if (c == Cond.ELSE_TAKE || c == Cond.ELSE_SKIP) {
                    fatal(file, lineNo, "'.elif' after '.else' is not permitted.");
                    return;
                }
                if (c == Cond.DROP) {
                    conds.push(eval(file, lineNo, args) ? Cond.TAKE : Cond.DROP);
                } else {
                    conds.push(Cond.SKIP);
                }
            }
            case ".else", ".endif" -> {
                if (args.size() > 1) {
                    fatal(file, lineNo, "Unexpected argument '" + args.get(1) + "' for '" + w0 + "'.");
                    return;
                }
                if (conds.isEmpty()) {
                    fatal(file, lineNo, "lone '" + w0 + "' with no matching '.if'.");
                    return;
                }
                Cond c = conds.pop();
                if (w0.equals(".endif")) {
                    return;
                }
                if (c == Cond.ELSE_TAKE || c == Cond.ELSE_SKIP) {
                    fatal(file, lineNo, "'.else' after '.else' is not permitted.");
                    return;
                }
                conds.push(c == Cond.DROP ? Cond.ELSE_TAKE : Cond.ELSE_SKIP);
            }
            case ".alert", ".warning", ".notice", ".diag" -> {
                if (masked()) {
                    return;
                }
                if (args.size() > 2) {
                    diags.alert(file, lineNo, "Unexpected argument '" + args.get(2) + "' for '" + w0
                            + "'. Use quotes if the message should contain spaces.");
                    return;
                }
                String msg = "'" + (args.size() > 1 ? args.get(1) : "") + "'.";
                if (w0.equals(".alert")) {
                    fatal(file, lineNo, msg);
                } else if (w0.equals(".warning")) {
                    diags.warning(file, lineNo, msg);
                }
            }
            default -> {
                if (!masked()) {
                    diags.alert(file, lineNo, "unknown directive '" + w0 + "'.");
                }
            }
        }
    }

    private boolean eval(String file, int lineNo, List<String> args) {
        String expr = String.join(" ", args.subList(1, args.size()));
        try {
            return CondExpr.eval(expr, conditions);
        } catch (CondExpr.CondException e) {
            fatal(file, lineNo, e.getMessage() + " in '" + args.get(0) + "':\n  " + args.get(0) + " " + expr);
            return false;
        }
    }

    /** Reports an alert after which HAProxy stops reading (ERR_ABORT). */
    private void fatal(String file, int lineNo, String message) {
        diags.alert(file, lineNo, message);
        aborted = true;
    }

    private void readLine(String file, int lineNo, String raw) {
        // CFG-1: split the line; a tokenizer error is an alert for this line only.
        Tokenizer.Result r = tokenizer.split(raw);
        if (!r.ok()) {
            String lead = raw.stripLeading();
            int pos = r.position();
            int caret = pos - (raw.length() - lead.length());
            diags.alert(file, lineNo, r.error().text() + " at position " + pos + ":\n  " + lead + "\n  "
                    + " ".repeat(Math.max(0, caret - 1)) + "^");
            return;
        }
        List<String> args = r.words();
        if (args.isEmpty()) {
            return;
        }
        String w0 = args.get(0);
        if (w0.startsWith(".")) {
            // CFG-0: conditional blocks and messages.
            directive(file, lineNo, args);
            return;
        }
        if (masked()) {
            return;
        }
        // CFG-2: a section keyword opens a section.
        switch (w0) {
            case "global" -> {
                if (args.size() > 1) {
                    diags.alert(file, lineNo, "'global' cannot handle unexpected argument '" + args.get(1) + "'.");
                }
                state = State.GLOBAL;
                current = null;
                return;
            }
            case "defaults", "frontend", "backend", "listen" -> {
                openProxy(file, lineNo, args);
                return;
            }
            default -> {
            }
        }
        if (UNSUPPORTED_SECTIONS.contains(w0)) {
            diags.alert(file, lineNo, "'" + w0 + "' sections are not supported by Sluice.");
            state = State.IGNORED;
            current = null;
            return;
        }
        switch (state) {
            case NONE -> diags.alert(file, lineNo, "unknown keyword '" + w0 + "' out of section.");
            case IGNORED -> {
            }
            case GLOBAL -> keyword(file, lineNo, args, Keyword.Section.GLOBAL, null);
            case PROXY -> keyword(file, lineNo, args, Keyword.Section.PROXY, current);
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void keyword(String file, int lineNo, List<String> words, Keyword.Section section, ProxyDraft px) {
        List<String> args = words;
        boolean negated = false;
        if ("no".equals(args.get(0)) || "default".equals(args.get(0))) {
            // HAProxy's KWM_DEF clears the setting copied from defaults: the same as KWM_NO here.
            negated = true;
            args = args.subList(1, args.size());
            if (args.isEmpty()) {
                diags.alert(file, lineNo, "'" + words.get(0) + "' expects a keyword.");
                return;
            }
        }
        String secName = px == null ? "global" : px.kind.word();
        // CFG-3: registry lookup (two-word form first), then the generic checks, then the parser.
        Keyword kw = registry.lookup(section, args);
        if (kw == null) {
            String fam = registry.familyMessage(section, args.get(0), args.size() > 1 ? args.get(1) : "");
            if (fam != null) {
                diags.alert(file, lineNo, fam);
            } else {
                String best = Suggest.best(args.get(0), registry.firstWords(section));
                diags.alert(file, lineNo, "unknown keyword '" + args.get(0) + "' in '" + secName + "' section"
                        + (best != null ? "; did you mean '" + best + "' maybe ?" : ""));
            }
            return;
        }
        if (kw.support() == Support.NEVER) {
            diags.alert(file, lineNo, "'" + kw.name() + "' is not supported by Sluice (" + kw.note() + ").");
            return;
        }
        if (words != args && !kw.negatable()) {
            diags.alert(file, lineNo, "negation/default currently supported only for options and log.");
            return;
        }
        if (px != null) {
            if (px.kind == ProxyKind.DEFAULTS && !kw.inDefaults()) {
                diags.alert(file, lineNo, "'" + kw.name() + "' not allowed in 'defaults' section.");
                return;
            }
            if (px.kind != ProxyKind.DEFAULTS && !hasCap(px.kind, kw.cap())) {
                String missing = (kw.cap() & Keyword.CAP_BE) != 0 ? "backend" : "frontend";
                if (kw.capFatal()) {
                    diags.alert(file, lineNo, "'" + kw.name() + "' not allowed because " + px.kind.word() + " '"
                            + px.name + "' has no " + missing + " capability.");
                } else {
                    diags.warning(file, lineNo, "'" + kw.name() + "' ignored because " + px.kind.word() + " '"
                            + px.name + "' has no " + missing + " capability.");
                }
                return;
            }
        }
        int given = args.size() - kw.words();
        if (!negated && given < kw.minArgs()) {
            String msg = kw.missing() != null ? kw.missing().replace("%s", kw.name())
                    : "'" + kw.name() + "' expects " + kw.minArgs() + " argument" + (kw.minArgs() > 1 ? "s." : ".");
            diags.alert(file, lineNo, msg);
            return;
        }
        if (kw.maxArgs() >= 0 && given > kw.maxArgs()) {
            diags.alert(file, lineNo, "'" + kw.name() + "' cannot handle unexpected argument '"
                    + args.get(kw.words() + kw.maxArgs()) + "'.");
            return;
        }
        ParseContext ctx = new ParseContext(file, lineNo, args, negated, kw, global, px, diags);
        kw.parser().parse(ctx);
        if (!ctx.failed()) {
            uses.add(new KeywordUse(kw.name(), kw.support(), file, lineNo));
        }
    }

    private static boolean hasCap(ProxyKind kind, int cap) {
        return ((cap & Keyword.CAP_FE) != 0 && kind.hasFrontend())
                || ((cap & Keyword.CAP_BE) != 0 && kind.hasBackend());
    }

    private void openProxy(String file, int lineNo, List<String> args) {
        String w0 = args.get(0);
        ProxyKind kind = switch (w0) {
            case "defaults" -> ProxyKind.DEFAULTS;
            case "frontend" -> ProxyKind.FRONTEND;
            case "backend" -> ProxyKind.BACKEND;
            default -> ProxyKind.LISTEN;
        };
        state = State.PROXY;
        String name = args.size() > 1 ? args.get(1) : "";
        int fromAt = 2;
        if (kind == ProxyKind.DEFAULTS && "from".equals(name)) {
            name = "";
            fromAt = 1;
        }
        if (kind != ProxyKind.DEFAULTS && name.isEmpty()) {
            diags.alert(file, lineNo, "'" + w0 + "' expects an <id> argument");
            state = State.IGNORED;
            current = null;
            return;
        }
        if (!name.isEmpty()) {
            int bad = invalidChar(name);
            if (bad >= 0) {
                diags.alert(file, lineNo, "character '" + name.charAt(bad) + "' is not permitted in '" + w0
                        + "' name '" + name + "'.");
            }
        }
        ProxyDraft from = lastDefaults;
        if (args.size() > fromAt) {
            if (!"from".equals(args.get(fromAt)) || args.size() != fromAt + 2) {
                if (kind.hasFrontend() && kind != ProxyKind.DEFAULTS) {
                    diags.alert(file, lineNo, "please use the 'bind' keyword for listening addresses.");
                } else {
                    String extra = "from".equals(args.get(fromAt)) && args.size() > fromAt + 2
                            ? args.get(fromAt + 2) : args.get(fromAt);
                    diags.alert(file, lineNo, "'" + w0 + "' cannot handle unexpected argument '" + extra + "'.");
                }
            } else {
                from = namedDefaults.get(args.get(fromAt + 1));
                if (from == null) {
                    diags.alert(file, lineNo, "defaults section '" + args.get(fromAt + 1) + "' not found for "
                            + w0 + " '" + name + "'.");
                }
            }
        }
        if (kind != ProxyKind.DEFAULTS) {
            for (ProxyDraft other : proxies) {
                boolean clash = (kind.hasFrontend() && other.kind.hasFrontend())
                        || (kind.hasBackend() && other.kind.hasBackend());
                if (clash && other.name.equals(name)) {
                    diags.alert(file, lineNo, w0 + " '" + name + "' has the same name as " + other.kind.word()
                            + " '" + other.name + "' declared at " + other.file + ":" + other.line + ".");
                    break;
                }
            }
        }
        ProxyDraft d = new ProxyDraft(name, kind, file, lineNo);
        // CFG-2: a proxy starts as a copy of its defaults section.
        if (from != null) {
            d.inherit(from);
        }
        current = d;
        if (kind == ProxyKind.DEFAULTS) {
            lastDefaults = d;
            if (!name.isEmpty()) {
                namedDefaults.put(name, d);
            }
        } else {
            proxies.add(d);
        }
    }

    /** Returns the index of the first character HAProxy refuses in a name, or -1. */
    static int invalidChar(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '.' && c != '_' && c != '-' && c != ':') {
                return i;
            }
        }
        return -1;
    }
}
