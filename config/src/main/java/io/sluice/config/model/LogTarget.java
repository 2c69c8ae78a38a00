package io.sluice.config.model;

/**
 * One {@code log} line: {@code log global}, or {@code log <target> [len <n>] [format <f>] <facility>
 * [<level> [<minlevel>]]}.
 *
 * @param global true for {@code log global} (use the global section's targets)
 * @param target stdout, stderr, an address, a UNIX path or fd@n, as written; null when global
 * @param maxLen the {@code len} value (default 1024)
 * @param format rfc3164 (default), rfc5424, short, raw, iso, timed, local or priority
 * @param facility the syslog facility (local0, daemon, ...)
 * @param level the maximum level sent, null for all
 * @param minLevel the minimum level, null for none
 * @param sample the {@code sample <ranges>:<size>} argument as written, null when absent
 * @param file the configuration file
 * @param line the line in {@code file}
 */
public record LogTarget(boolean global, String target, int maxLen, String format, String facility, String level,
                        String minLevel, String sample, String file, int line) {
}
