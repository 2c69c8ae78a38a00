package io.sluice.config.model;

/**
 * A {@code use_backend <name> [if|unless <cond>]} rule.
 *
 * @param backend the target backend's name
 * @param condition the condition, null when the rule always applies
 * @param file the configuration file
 * @param line the line in {@code file}
 */
public record SwitchingRule(String backend, Condition condition, String file, int line) {
}
