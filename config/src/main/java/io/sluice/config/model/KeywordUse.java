package io.sluice.config.model;

import io.sluice.config.Support;

/**
 * A keyword that appears in the configuration, with its support level, so that starting Sluice can
 * refuse what has no runtime yet with the exact place.
 *
 * @param keyword the registered keyword (e.g. {@code timeout client}, {@code bind})
 * @param support whether its runtime exists
 * @param file the configuration file
 * @param line the line in {@code file}
 */
public record KeywordUse(String keyword, Support support, String file, int line) {
}
