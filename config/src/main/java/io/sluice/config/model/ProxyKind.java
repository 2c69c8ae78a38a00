package io.sluice.config.model;

/** What a proxy section is, with HAProxy's capability bits ({@code PR_CAP_FE}, {@code PR_CAP_BE}). */
public enum ProxyKind {
    /** {@code frontend}: accepts connections. */
    FRONTEND("frontend", true, false),
    /** {@code backend}: holds servers. */
    BACKEND("backend", false, true),
    /** {@code listen}: both. */
    LISTEN("listen", true, true),
    /** {@code defaults}: a template the next proxies copy. */
    DEFAULTS("defaults", true, true);

    private final String word;
    private final boolean frontend;
    private final boolean backend;

    ProxyKind(String word, boolean frontend, boolean backend) {
        this.word = word;
        this.frontend = frontend;
        this.backend = backend;
    }

    /** Returns the section keyword ({@code frontend}, {@code backend}, ...). */
    public String word() {
        return word;
    }

    /** Returns true when this kind has the frontend capability. */
    public boolean hasFrontend() {
        return frontend;
    }

    /** Returns true when this kind has the backend capability. */
    public boolean hasBackend() {
        return backend;
    }
}
