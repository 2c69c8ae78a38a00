package io.sluice.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Every known keyword, by section and name (HAProxy's {@code cfg_keywords} list). The generic
 * parser asks it what a line means and never names a runtime keyword itself.
 *
 * <p>Built once on the main thread, then read-only.
 */
public final class KeywordRegistry {
    private final Map<String, Keyword> global = new LinkedHashMap<>();
    private final Map<String, Keyword> proxy = new LinkedHashMap<>();
    private final Map<String, java.util.function.Function<String, String>> families = new LinkedHashMap<>();

    /** Returns a registry filled by every {@link KeywordProvider} on the class path (sorted by class name). */
    public static KeywordRegistry standard() {
        KeywordRegistry r = new KeywordRegistry();
        List<KeywordProvider> providers = new ArrayList<>();
        ServiceLoader.load(KeywordProvider.class, KeywordRegistry.class.getClassLoader()).forEach(providers::add);
        providers.sort(Comparator.comparing(p -> p.getClass().getName()));
        for (KeywordProvider p : providers) {
            p.register(r);
        }
        return r;
    }

    /**
     * Adds {@code kw}; runs on the registering thread.
     *
     * @throws IllegalStateException when the same keyword is registered twice in a section
     */
    public void register(Keyword kw) {
        Map<String, Keyword> m = kw.section() == Keyword.Section.GLOBAL ? global : proxy;
        if (m.putIfAbsent(kw.name(), kw) != null) {
            throw new IllegalStateException("keyword registered twice: " + kw.name());
        }
    }

    /**
     * Returns the keyword that {@code args} start with in {@code section}: the two-word form first
     * ({@code timeout client}), then the one-word form; null when unknown.
     */
    public Keyword lookup(Keyword.Section section, List<String> args) {
        Map<String, Keyword> m = section == Keyword.Section.GLOBAL ? global : proxy;
        if (args.size() >= 2) {
            Keyword two = m.get(args.get(0) + " " + args.get(1));
            if (two != null) {
                return two;
            }
        }
        return args.isEmpty() ? null : m.get(args.get(0));
    }

    /**
     * Registers the alert given when {@code first} is followed by an unknown second word (e.g.
     * {@code timeout foo}, {@code option foo}); {@code message} receives that word ("" if none).
     */
    public void registerFamily(Keyword.Section section, String first,
                               java.util.function.Function<String, String> message) {
        families.put(section + " " + first, message);
    }

    /** Returns the alert for an unknown second word after {@code first}, or null when none was registered. */
    public String familyMessage(Keyword.Section section, String first, String second) {
        java.util.function.Function<String, String> f = families.get(section + " " + first);
        return f == null ? null : f.apply(second);
    }

    /** Returns true when some two-word keyword of {@code section} starts with {@code first}. */
    public boolean hasFamily(Keyword.Section section, String first) {
        Map<String, Keyword> m = section == Keyword.Section.GLOBAL ? global : proxy;
        String prefix = first + " ";
        for (String k : m.keySet()) {
            if (k.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Returns the second words registered under {@code first} in {@code section}, in order. */
    public List<String> family(Keyword.Section section, String first) {
        Map<String, Keyword> m = section == Keyword.Section.GLOBAL ? global : proxy;
        String prefix = first + " ";
        List<String> out = new ArrayList<>();
        for (Keyword k : m.values()) {
            if (k.name().startsWith(prefix) && k.support() != Support.NEVER) {
                out.add(k.name().substring(prefix.length()));
            }
        }
        return out;
    }

    /** Returns the distinct first words of the keywords of {@code section}, in registration order. */
    public java.util.Set<String> firstWords(Keyword.Section section) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (Keyword k : all(section)) {
            int sp = k.name().indexOf(' ');
            out.add(sp < 0 ? k.name() : k.name().substring(0, sp));
        }
        return out;
    }

    /** Returns every keyword of {@code section} in registration order. */
    public List<Keyword> all(Keyword.Section section) {
        Map<String, Keyword> m = section == Keyword.Section.GLOBAL ? global : proxy;
        return Collections.unmodifiableList(new ArrayList<>(m.values()));
    }
}
