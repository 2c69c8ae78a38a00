package io.sluice.core.main;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sluice's version and build description, printed by {@code -v} / {@code -vv} in HAProxy's shape
 * and read by {@code -cc}'s {@code version_atleast()} and {@code feature()}. Immutable constants.
 */
public final class VersionInfo {
    /** The version string, HAProxy-style ({@code X.Y.Z[-tag]}). */
    public static final String VERSION = "0.1.0-dev";
    /** The release date, HAProxy-style. */
    public static final String DATE = "2026/11/22";
    /** The project page printed after the version. */
    public static final String HOME = "https://github.com/sluice/sluice";

    /** The feature list: name → built in; printed as {@code +NAME} / {@code -NAME}. */
    public static final Map<String, Boolean> FEATURES = features();

    private VersionInfo() {
    }

    private static Map<String, Boolean> features() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        m.put("EPOLL", true);
        m.put("THREAD", true);
        m.put("LINUX", true);
        m.put("GETADDRINFO", true);
        m.put("PCRE", false);
        m.put("OPENSSL", false);
        m.put("LUA", false);
        m.put("QUIC", false);
        m.put("ZLIB", false);
        m.put("PROMEX", false);
        m.put("SYSTEMD", false);
        return m;
    }

    /** Returns the {@code -cc} / {@code .if} context: Sluice's version and features, {@code env}'s variables. */
    public static io.sluice.config.CondExpr.Context conditions(java.util.function.Function<String, String> env) {
        return new io.sluice.config.CondExpr.Context() {
            @Override
            public String env(String name) {
                return env.apply(name);
            }

            @Override
            public boolean feature(String name) {
                return hasFeature(name);
            }

            @Override
            public int compareVersion(String version) {
                return compareTo(version);
            }
        };
    }

    /** Returns true when {@code name} is in the feature list with a {@code +}. */
    public static boolean hasFeature(String name) {
        return Boolean.TRUE.equals(FEATURES.get(name));
    }

    /** Returns {@code -v}'s text (several lines, each ending with a newline). */
    public static String version() {
        return "Sluice version " + VERSION + " " + DATE + " - " + HOME + "\n"
                + "Status: development branch - not safe for production use.\n"
                + "Known bugs: " + HOME + "/issues\n"
                + "Running on: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + "\n";
    }

    /** Returns {@code -vv}'s text: the version, then the build options and the feature list. */
    public static String buildOptions() {
        StringBuilder sb = new StringBuilder(version());
        sb.append("Build options :\n");
        sb.append("  TARGET  = java").append(Runtime.version().feature()).append('\n');
        sb.append("  JAVA    = ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append('\n');
        sb.append("  OPTIONS = USE_EPOLL=1 USE_THREAD=1 (Netty native epoll 4.2.18.Final)\n");
        sb.append("\nFeature list :");
        for (Map.Entry<String, Boolean> e : FEATURES.entrySet()) {
            sb.append(' ').append(e.getValue() ? '+' : '-').append(e.getKey());
        }
        sb.append("\n\nDefault settings :\n  bufsize = 16384, maxrewrite = 1024, maxpollevents = 200\n\n");
        sb.append("Built with multi-threading support (MAX_TGROUPS=64, MAX_THREADS=4096, default=")
                .append(Runtime.getRuntime().availableProcessors()).append(").\n");
        sb.append("Runtime: configuration check only (no traffic yet).\n");
        return sb.toString();
    }

    /**
     * Compares {@link #VERSION} with {@code other}: negative when Sluice is older, 0 equal, positive
     * newer. Numeric components are compared; a tag ({@code -dev}) only when both sides have one.
     *
     * @throws IllegalArgumentException when {@code other} is not a version
     */
    public static int compareTo(String other) {
        return io.sluice.config.CondExpr.compareVersions(VERSION, other);
    }
}
