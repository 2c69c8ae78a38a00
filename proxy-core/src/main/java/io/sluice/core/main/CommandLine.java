package io.sluice.core.main;

import java.util.ArrayList;
import java.util.List;

/**
 * HAProxy's command line, parsed (haproxy.c {@code init()}): {@code -f} (repeatable, file or
 * directory), {@code -c}, {@code -cc <expr>}, {@code -d}/{@code -db}, {@code -dM[...]}, {@code -v},
 * {@code -vv}, {@code -V}, {@code -q}, {@code -p <pidfile>}, {@code -L <name>}, {@code -m <MB>},
 * and {@code --} followed by configuration files.
 *
 * @param files the configuration files and directories, in order
 * @param check {@code -c}: check the configuration and exit
 * @param condition {@code -cc}'s expression, null if absent
 * @param version 0, or 1 for {@code -v}, 2 for {@code -vv}
 * @param debug {@code -d}
 * @param foreground {@code -db} (Sluice is always in the foreground; accepted)
 * @param quiet {@code -q}
 * @param verbose {@code -V}
 * @param pidFile {@code -p}, null if absent
 * @param localPeer {@code -L}, null if absent
 * @param memMb {@code -m}, 0 if absent
 */
public record CommandLine(List<String> files, boolean check, String condition, int version, boolean debug,
                          boolean foreground, boolean quiet, boolean verbose, String pidFile, String localPeer,
                          long memMb) {

    /** Thrown when the command line is not understood: the caller prints the usage and exits 1. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        /** Creates the exception; {@code detail} (may be null) is printed before the usage. */
        public UsageException(String detail) {
            super(detail, null, false, false);
        }
    }

    /** Parses {@code args}; runs on the main thread. */
    public static CommandLine parse(String[] args) throws UsageException {
        List<String> files = new ArrayList<>();
        boolean check = false;
        String condition = null;
        int version = 0;
        boolean debug = false;
        boolean foreground = false;
        boolean quiet = false;
        boolean verbose = false;
        String pidFile = null;
        String localPeer = null;
        long memMb = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-") || a.length() < 2) {
                throw new UsageException(null);
            }
            if (a.equals("--")) {
                for (i++; i < args.length; i++) {
                    files.add(args[i]);
                }
                break;
            }
            switch (a) {
                case "-v" -> version = Math.max(version, 1);
                case "-vv" -> version = 2;
                case "-c" -> check = true;
                case "-d" -> debug = true;
                case "-db" -> foreground = true;
                case "-q" -> quiet = true;
                case "-V" -> verbose = true;
                case "-cc" -> condition = value(args, ++i);
                case "-f" -> files.add(value(args, ++i));
                case "-p" -> pidFile = value(args, ++i);
                case "-L" -> localPeer = value(args, ++i);
                case "-m" -> {
                    String v = value(args, ++i);
                    try {
                        memMb = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new UsageException("-m expects a number of megabytes, got '" + v + "'");
                    }
                }
                case "-D" -> throw new UsageException("-D (daemon mode) is not supported: Sluice always runs in the"
                        + " foreground");
                default -> {
                    if (a.startsWith("-dM")) {
                        break;
                    }
                    throw new UsageException(null);
                }
            }
        }
        return new CommandLine(files, check, condition, version, debug, foreground, quiet, verbose, pidFile,
                localPeer, memMb);
    }

    private static String value(String[] args, int i) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(null);
        }
        return args[i];
    }

    /** Returns the usage text (haproxy's shape, Sluice's options); {@code name} is the program name. */
    public static String usage(String name) {
        return "Usage : " + name + " [-f <cfgfile|cfgdir>]* [ -vdV ] [ -p <pidfile> ] [ -m <max megs> ]"
                + " [-- <cfgfile>*]\n"
                + "        -v displays version ; -vv shows known build options.\n"
                + "        -d enters debug mode ; -db only disables background mode.\n"
                + "        -dM[<byte>,help,...] debug memory (accepted, no effect in Sluice)\n"
                + "        -V enters verbose mode (disables quiet mode)\n"
                + "        -q quiet mode : don't display messages\n"
                + "        -c check mode : only check config files and exit\n"
                + "        -cc check condition : evaluate a condition and exit\n"
                + "        -m limits the usable amount of memory (in MB)\n"
                + "        -L set local peer name (default to hostname)\n"
                + "        -p writes the pid to this file\n";
    }
}
