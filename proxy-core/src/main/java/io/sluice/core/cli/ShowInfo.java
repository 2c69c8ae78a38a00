package io.sluice.core.cli;

import java.math.BigDecimal;

import io.sluice.core.log.LineBuffer;

/**
 * {@code show info [typed|json] [desc] [float]}: the process-wide fields in HAProxy's order and shapes
 * (haproxy-cli-formats.md §2). Runs on the session's thread; the values come from a {@link Provider}.
 */
public final class ShowInfo {
    /** What the runtime implements to answer {@code show info}. */
    @FunctionalInterface
    public interface Provider {
        /** Fills the fields that apply (leave the others unset); runs on the CLI session's thread. */
        void fill(InfoSnapshot snapshot);
    }

    /** Output shape. */
    public enum Mode {
        /** {@code Name: value}. */
        DEFAULT,
        /** {@code pos.Name.1:TAGS:type:value}. */
        TYPED,
        /** One JSON array on one line. */
        JSON
    }

    private ShowInfo() {
    }

    /** Registers {@code show info} (user level); runs on the main thread at startup. */
    public static void register(CliRegistry registry, Provider provider) {
        registry.register(CliCommand.of("show info", "show info [desc|json|typed|float]*",
                "report information about the running process", CliLevel.USER, req -> {
                    Mode mode = Mode.DEFAULT;
                    boolean desc = false;
                    boolean flt = false;
                    for (int i = 2; i < req.args().size(); i++) {
                        switch (req.arg(i)) {
                            case "typed" -> mode = Mode.TYPED;
                            case "json" -> mode = Mode.JSON;
                            case "desc" -> desc = true;
                            case "float" -> flt = true;
                            default -> {
                                // HAProxy ignores unknown words here.
                            }
                        }
                    }
                    InfoSnapshot s = new InfoSnapshot();
                    provider.fill(s);
                    format(s, mode, desc, flt, req.out());
                    return true;
                }));
    }

    /** Writes the answer for {@code s}; runs on the session's thread. */
    public static void format(InfoSnapshot s, Mode mode, boolean desc, boolean flt, LineBuffer out) {
        if (mode == Mode.JSON) {
            formatJson(s, flt, out);
            return;
        }
        for (InfoField f : InfoField.values()) {
            if (!s.isSet(f)) {
                continue;
            }
            boolean asFloat = flt && s.hasFloat(f);
            if (mode == Mode.TYPED) {
                out.append(f.pos()).append('.').append(f.fieldName()).append(".1:").append(f.tags()).append(':')
                        .append(asFloat ? "flt" : f.type()).append(':');
            } else {
                out.append(f.fieldName()).append(": ");
            }
            appendValue(s, f, asFloat, out);
            if (desc) {
                out.append(":\"").append(f.description()).append('"');
            }
            out.append('\n');
        }
    }

    private static void appendValue(InfoSnapshot s, InfoField f, boolean asFloat, LineBuffer out) {
        if (f.isString()) {
            out.append(s.str(f));
        } else if (asFloat) {
            out.append(trimmedFloat(s.floatValue(f)));
        } else {
            out.append(s.num(f));
        }
    }

    /** {@code %f} with trailing zeros (and a trailing dot) removed; zero stays {@code 0}. */
    static String trimmedFloat(double v) {
        String str = String.format(java.util.Locale.ROOT, "%f", v);
        if (str.indexOf('.') >= 0) {
            str = new BigDecimal(str).stripTrailingZeros().toPlainString();
        }
        return str;
    }

    private static void formatJson(InfoSnapshot s, boolean flt, LineBuffer out) {
        out.append('[');
        boolean first = true;
        for (InfoField f : InfoField.values()) {
            if (!s.isSet(f)) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            boolean asFloat = flt && s.hasFloat(f);
            String tags = f.tags();
            out.append("{\"field\":{\"pos\":").append(f.pos()).append(",\"name\":\"").append(f.fieldName())
                    .append("\"},\"processNum\":1,\"tags\":{\"origin\":\"").append(origin(tags.charAt(0)))
                    .append("\",\"nature\":\"").append(nature(tags.charAt(1))).append("\",\"scope\":\"")
                    .append(scope(tags.charAt(2))).append("\"},\"value\":{\"type\":\"")
                    .append(asFloat ? "flt" : f.type()).append("\",\"value\":");
            if (f.isString()) {
                appendJsonString(s.str(f), out);
            } else {
                appendValue(s, f, asFloat, out);
            }
            out.append("}}");
        }
        out.append("]\n");
    }

    private static void appendJsonString(String v, LineBuffer out) {
        out.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append("\\u00").append(c < 0x10 ? "0" : "").appendHex(c);
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    static String origin(char c) {
        return switch (c) {
            case 'M' -> "Metric";
            case 'S' -> "Status";
            case 'K' -> "Key";
            case 'C' -> "Config";
            case 'P' -> "Product";
            default -> "Unknown";
        };
    }

    static String nature(char c) {
        return switch (c) {
            case 'A' -> "Age";
            case 'a' -> "Avg";
            case 'C' -> "Counter";
            case 'D' -> "Duration";
            case 'G' -> "Gauge";
            case 'L' -> "Limit";
            case 'M' -> "Max";
            case 'm' -> "Min";
            case 'N' -> "Name";
            case 'O' -> "Output";
            case 'R' -> "Rate";
            case 'T' -> "Time";
            default -> "Unknown";
        };
    }

    static String scope(char c) {
        return switch (c) {
            case 'P' -> "Process";
            case 'S' -> "Service";
            case 's' -> "System";
            case 'C' -> "Cluster";
            default -> "Unknown";
        };
    }
}
