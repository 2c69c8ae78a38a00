package io.sluice.injector;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * The command line of sluice-h1load, parsed the way h1load parses it.
 *
 * <p>Numbers are read with C's {@code atoi}/{@code atol}/{@code atof} rules (leading blanks, optional sign, digits up
 * to the first other character, 0 when there is none), options are taken until the first word that does not start
 * with '-', and exactly one URL must follow. Errors are reported as {@link UsageException} carrying the message and
 * the exit status; the caller prints them.
 */
final class Options {
    /** Maximum number of worker threads, as in h1load. */
    static final int MAX_THREADS = 256;

    int conns = 1;            // -c
    int threads = 1;          // -t
    int durationSec;          // -d, 0 = none
    long maxReqs = -1;        // -n, <= 0 = unlimited
    int reqsPerConn = -1;     // -r, <= 0 = unlimited
    int slowStartMs;          // -s (seconds as a float, kept in ms)
    int rate;                 // -R, 0 = off
    int waitMs = 10000;       // -w: the help says -1, the code uses 10000
    int thinkMs;              // -T
    int overheadExtra;        // -O extra/payload
    int overheadPayload;
    int longFormat;           // -l = 1, -ll or -l -l = 2
    boolean ignoreFirst;      // -A
    boolean percentiles;      // -P
    boolean stopOnError;      // -e
    boolean fastAck;          // -F
    boolean head;             // -I
    boolean statusColumns;    // -S
    int verbose;              // -v (accepted, unused like in h1load)
    String headers = "";      // -H lines, each ending with CRLF
    boolean hostGiven;        // one of the -H is a Host header

    String hostPort;          // host:port as typed, for the Host header
    String path;              // request path, "/" by default
    InetSocketAddress target; // resolved once

    /** Thrown for any command-line problem; {@link #status} is the exit status. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        UsageException(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** The help text, h1load's wording (the -w default really is 10000 ms). */
    static String usage(String name) {
        return "Usage: " + name + " [option]* URL\n"
            + "\n"
            + "The following arguments are supported :\n"
            + "  -d <time>     test duration in seconds (0)\n"
            + "  -c <conn>     concurrent connections (1)\n"
            + "  -n <reqs>     maximum total requests (-1)\n"
            + "  -r <reqs>     number of requests per connection (-1)\n"
            + "  -s <time>     soft start: time in sec to reach 100% load\n"
            + "  -t <threads>  number of threads to create (1)\n"
            + "  -w <time>     I/O timeout in milliseconds (-1)\n"
            + "  -T <time>     think time in ms after a response (0)\n"
            + "  -R <rate>     limite to this many request attempts per second (0)\n"
            + "  -H \"foo:bar\"  adds this header name and value\n"
            + "  -O extra/payl overhead: #extra bytes per payload size\n"
            + "  -l            enable long output format; double for raw values\n"
            + "  -A            ignore 1st req for resp time measurements\n"
            + "  -P            report ttfb/ttlb percentiles at the end\n"
            + "  -e            stop upon first connection error\n"
            + "  -F            merge send() with connect's ACK\n"
            + "  -I            use HEAD instead of GET\n"
            + "  -S            show HTTP status codes distribution\n"
            + "  -h            display this help\n"
            + "  -v            increase verbosity\n"
            + "\n"
            + "sluice-h1load: https:// URLs are not supported (TLS not supported).\n"
            + "\n";
    }

    /** Runs on the main thread: parses {@code args} and resolves the target, or throws with h1load's messages. */
    static Options parse(String name, String[] args) throws UsageException {
        Options o = new Options();
        int i = 0;
        while (i < args.length && args[i].startsWith("-")) {
            String a = args[i];
            boolean needsValue = a.equals("-c") || a.equals("-H") || a.equals("-n") || a.equals("-r")
                || a.equals("-s") || a.equals("-t") || a.equals("-w") || a.equals("-O") || a.equals("-T")
                || a.equals("-R") || a.equals("-d");
            if (needsValue && i + 1 >= args.length) {
                throw new UsageException(1, usage(name));
            }
            String v = needsValue ? args[i + 1] : null;
            switch (a) {
                case "-c": o.conns = atoi(v); break;
                case "-H":
                    o.headers += v + "\r\n";
                    if (v.regionMatches(true, 0, "host:", 0, 5)) {
                        o.hostGiven = true;
                    }
                    break;
                case "-n": o.maxReqs = atol(v); break;
                case "-r": o.reqsPerConn = atoi(v); break;
                case "-s": o.slowStartMs = (int) (atof(v) * 1000.0); break;
                case "-t": o.threads = atoi(v); break;
                case "-w": o.waitMs = atoi(v); break;
                case "-O": {
                    int slash = v.indexOf('/');
                    if (slash < 0) {
                        throw new UsageException(1, usage(name));
                    }
                    o.overheadExtra = atoi(v.substring(0, slash));
                    o.overheadPayload = atoi(v.substring(slash + 1));
                    break;
                }
                case "-T": o.thinkMs = atoi(v); break;
                case "-R": o.rate = atoi(v); break;
                case "-d": o.durationSec = atoi(v); break;
                case "-l": o.longFormat++; break;
                case "-ll": o.longFormat = 2; break;
                case "-A": o.ignoreFirst = true; break;
                case "-P": o.percentiles = true; break;
                case "-e": o.stopOnError = true; break;
                case "-F": o.fastAck = true; break;
                case "-I": o.head = true; break;
                case "-v": o.verbose++; break;
                case "-S": o.statusColumns = true; break;
                case "-h": throw new UsageException(0, usage(name));
                default:
                    if (a.startsWith("--cipher") || a.startsWith("--tls")) {
                        throw new UsageException(1, "TLS not supported: option '" + a + "' is not available.\n");
                    }
                    throw new UsageException(1, usage(name));
            }
            i += needsValue ? 2 : 1;
        }
        if (o.threads > o.conns) {
            throw new UsageException(1, "Thread count must not exceed connection count\n");
        }
        if (o.threads > MAX_THREADS) {
            throw new UsageException(1, "Invalid thread ID " + MAX_THREADS + "\n");
        }
        if (o.threads < 1) {
            throw new UsageException(1, "Thread count must be at least 1\n");
        }
        if (i >= args.length) {
            throw new UsageException(1, usage(name));
        }
        if (args.length - i > 1) {
            throw new UsageException(1, "Unhandled extraneous argument '" + args[i + 1] + "' after URL.\n");
        }
        o.parseUrl(args[i]);
        return o;
    }

    private void parseUrl(String url) throws UsageException {
        String rest = url;
        if (rest.regionMatches(true, 0, "https://", 0, 8)) {
            throw new UsageException(1, "TLS not supported: sluice-h1load only speaks clear HTTP/1.1 ('" + url
                + "').\n");
        } else if (rest.regionMatches(true, 0, "http://", 0, 7)) {
            rest = rest.substring(7);
        }
        int slash = rest.indexOf('/');
        int query = rest.indexOf('?');
        if (query >= 0 && (slash < 0 || query < slash)) {
            throw new UsageException(1, "Invalid URL: '" + url + "' (a query string needs a path)\n");
        }
        hostPort = slash >= 0 ? rest.substring(0, slash) : rest;
        path = slash >= 0 ? rest.substring(slash) : "/";
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.endsWith("]")) {
            throw new UsageException(1, "Missing port number: '" + hostPort + "'\n");
        }
        String host = hostPort.substring(0, colon);
        int port = atoi(hostPort.substring(colon + 1));
        boolean v6 = host.indexOf(':') >= 0 || host.startsWith("[");
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress addr;
        try {
            if (host.isEmpty() || host.equals("*")) {
                addr = InetAddress.getByName("0.0.0.0");
            } else {
                addr = resolve(host, v6);
            }
        } catch (UnknownHostException e) {
            throw new UsageException(1, (v6 ? "Invalid server address: '" : "Invalid server name: '") + host
                + "'\n");
        }
        if (port < 0 || port > 65535) {
            throw new UsageException(1, "Invalid port number: '" + hostPort + "'\n");
        }
        target = new InetSocketAddress(addr, port);
    }

    /** Resolves once, preferring IPv4 for names (h1load uses gethostbyname). */
    private static InetAddress resolve(String host, boolean v6) throws UnknownHostException {
        InetAddress[] all = InetAddress.getAllByName(host);
        if (!v6) {
            for (InetAddress a : all) {
                if (a.getAddress().length == 4) {
                    return a;
                }
            }
        }
        return all[0];
    }

    /** The request bytes, keep-alive variant or the one carrying {@code Connection: close}. */
    byte[] request(boolean close) {
        StringBuilder sb = new StringBuilder(128);
        sb.append(head ? "HEAD " : "GET ").append(path).append(" HTTP/1.1\r\n");
        if (!hostGiven) {
            sb.append("Host: ").append(hostPort).append("\r\n");
        }
        sb.append(headers);
        if (close) {
            sb.append("Connection: close\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** C's atol: leading blanks, optional sign, then digits up to the first non-digit; 0 if none. */
    static long atol(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return neg ? -v : v;
    }

    /** C's atoi (see {@link #atol}), truncated to an int. */
    static int atoi(String s) {
        return (int) atol(s);
    }

    /** C's atof for the plain decimal forms h1load users type ("2", "0.5", "1e1"); 0 when unparsable. */
    static double atof(String s) {
        String t = s.trim();
        int end = 0;
        while (end < t.length() && "+-.0123456789eE".indexOf(t.charAt(end)) >= 0) {
            end++;
        }
        while (end > 0) {
            try {
                return Double.parseDouble(t.substring(0, end));
            } catch (NumberFormatException e) {
                end--;
            }
        }
        return 0.0;
    }
}
