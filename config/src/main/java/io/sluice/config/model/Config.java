package io.sluice.config.model;

import java.util.List;

/**
 * A whole, valid configuration: what the runtime reads. Immutable; safe to share between threads.
 *
 * @param files the configuration files read, in order
 * @param global the global section
 * @param proxies every frontend, backend and listen section in declaration order
 * @param keywordUses every keyword used, with its place and support level
 */
public record Config(List<String> files, Global global, List<Proxy> proxies, List<KeywordUse> keywordUses) {
    /** Makes the lists immutable. */
    public Config {
        files = List.copyOf(files);
        proxies = List.copyOf(proxies);
        keywordUses = List.copyOf(keywordUses);
    }

    /** Returns the proxy called {@code name} having the backend capability, or null. */
    public Proxy backend(String name) {
        for (Proxy p : proxies) {
            if (p.kind().hasBackend() && p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** Returns the proxy called {@code name} having the frontend capability, or null. */
    public Proxy frontend(String name) {
        for (Proxy p : proxies) {
            if (p.kind().hasFrontend() && p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
