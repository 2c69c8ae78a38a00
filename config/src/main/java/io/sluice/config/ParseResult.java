package io.sluice.config;

import io.sluice.config.model.Config;

/**
 * The outcome of reading a configuration: the model when it is valid, and every diagnostic.
 *
 * @param config the configuration, null when any alert was raised
 * @param diagnostics every alert and warning, in the order found
 */
public record ParseResult(Config config, Diagnostics diagnostics) {
    /** Returns true when the configuration is valid (no alert). */
    public boolean ok() {
        return config != null;
    }
}
