package io.sluice.config;

/**
 * A subsystem's list of configuration keywords (HAProxy's {@code cfg_kw_list}). Implementations
 * are found with {@link java.util.ServiceLoader} ({@code META-INF/services/io.sluice.config.KeywordProvider})
 * so a module can add keywords without the parser knowing them.
 */
public interface KeywordProvider {
    /** Registers this subsystem's keywords; runs once, on the thread that builds the registry. */
    void register(KeywordRegistry registry);
}
