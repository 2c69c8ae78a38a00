#!/usr/bin/env python3
"""Writes the broken-config corpus (config/src/test/resources/broken/*.cfg) and its sidecar
expected.tsv (file, line, first line of the alert). The line is the one marked with '#<'.
{file} in a message is the file name; {L:text} is the line number of the line whose stripped
text is 'text'. Run from the repository root: python3 config/src/test/tools/gen_broken.py"""
import os

D = """defaults
    mode http
    timeout client 5s
    timeout server 5s
    timeout connect 1s
"""
FE = "frontend fe\n    bind 127.0.0.1:8080\n"
BE = "backend app\n    server s1 127.0.0.1:8081\n"
REQ = ("'add-header', 'allow', 'auth', 'del-header', 'deny', 'disable-l7-retry', 'redirect', 'replace-header', "
       "'replace-path', 'replace-uri', 'replace-value', 'return', 'set-header', 'set-log-level', 'set-method', "
       "'set-path', 'set-pathq', 'set-query', 'set-uri', 'set-var', 'tarpit', 'unset-var' and 'wait-for-body'")
TIMEOUTS = ("'client', 'server', 'connect', 'http-request', 'http-keep-alive', 'queue', 'tunnel', 'check', "
            "'client-fin' and 'server-fin'")

CASES = [
    ("unknown-keyword-global", "global\n    nbthreads 4 #<\n", "unknown keyword 'nbthreads' in 'global' section; did you mean 'nbthread' maybe ?"),
    ("unknown-keyword-no-suggestion", "global\n    qqqqqqqqqqqqqqqq 4 #<\n", "unknown keyword 'qqqqqqqqqqqqqqqq' in 'global' section"),
    ("unknown-keyword-frontend", D + FE + "    bindd :80 #<\n", "unknown keyword 'bindd' in 'frontend' section; did you mean 'bind' maybe ?"),
    ("keyword-out-of-section", "maxconn 10 #<\nglobal\n", "unknown keyword 'maxconn' out of section."),
    ("unknown-section-name", "global\n    nbthread 2\nbackends app #<\n",
     "unknown keyword 'backends' in 'global' section"),
    ("unknown-section-first", "# nothing before\nfrontends www #<\n", "unknown keyword 'frontends' out of section."),
    ("unsupported-section", "peers mine #<\n    peer a 127.0.0.1:1024\n", "'peers' sections are not supported by Sluice."),
    ("nbthread-missing", "global\n    nbthread #<\n", "'nbthread' expects an integer argument."),
    ("nbthread-not-number", "global\n    nbthread four #<\n", "'nbthread' expects an integer argument."),
    ("nbthread-range", "global\n    nbthread 0 #<\n", "'nbthread' must be between 1 and 4096 (was 0)."),
    ("thread-groups-range", "global\n    thread-groups 65 #<\n", "'thread-groups' must be between 1 and 64 (was 65)."),
    ("nbthread-too-many-for-groups", "global\n    nbthread 65 #<\n",
     "'nbthread' (65) needs more than 1 thread group(s) of at most 64 threads: raise 'thread-groups'."),
    ("thread-groups-above-nbthread", "global\n    thread-groups 4\n    nbthread 2 #<\n",
     "'thread-groups' (4) cannot be greater than 'nbthread' (2)."),
    ("daemon-rejected", "global\n    daemon #<\n",
     "'daemon' is not supported by Sluice (it always runs in the foreground; let the service manager background it)."),
    ("stats-socket-level", "global\n    stats socket /tmp/sluice.sock level root #<\n",
     "'stats socket' : 'level' only supports 'user', 'operator', and 'admin' (got 'root')"),
    ("stats-socket-no-port", "global\n    stats socket 127.0.0.1 #<\n",
     "'stats socket' : missing port number: '127.0.0.1'"),
    ("stats-unknown", "global\n    stats maxconn 10 #<\n",
     "'stats' only supports 'socket' and 'timeout' in the 'global' section (got 'maxconn')."),
    ("stats-socket-fd-unset", "global\n    stats socket \"fd@${SLUICE_TEST_UNSET_FD}\" #<\n",
     "'stats socket' : missing file descriptor number in 'fd@'"),
    ("hard-stop-after-unit", "global\n    hard-stop-after 10q #<\n", "unexpected character 'q' in 'hard-stop-after'"),
    ("tune-bufsize-unit", "global\n    tune.bufsize 16x #<\n", "unexpected 'x' after size passed to 'tune.bufsize'"),
    ("tune-edge-triggered", "global\n    tune.fd.edge-triggered yes #<\n",
     "'tune.fd.edge-triggered' expects either 'on' or 'off' but got 'yes'."),
    ("tune-maxhdr", "global\n    tune.http.maxhdr 40000 #<\n",
     "'tune.http.maxhdr' expects a numeric value between 1 and 32767"),
    ("tune-pool-ratio", "global\n    tune.pool-low-fd-ratio 120 #<\n",
     "'tune.pool-low-fd-ratio' expects an integer argument between 0 and 100."),
    ("too-many-args", "global\n    maxconn 10 20 #<\n", "'maxconn' cannot handle unexpected argument '20'."),
    ("lua-load", "global\n    lua-load /etc/x.lua #<\n", "'lua-load' is not supported by Sluice (no Lua)."),
    ("unknown-directive", "global\n.iff 1 #<\n", "unknown directive '.iff'."),
    ("mode-unknown", D + FE + "    mode udp #<\n", "unknown proxy mode 'udp'."),
    ("bind-missing-arg", D + "frontend fe\n    bind #<\n",
     "'bind' expects {<path>|[addr1]:port1[-end1]}{,[addr]:port[-end]}... as arguments."),
    ("bind-missing-port", D + "frontend fe\n    bind 127.0.0.1 #<\n",
     "'bind 127.0.0.1' : missing port number: '127.0.0.1'"),
    ("bind-bad-port", D + "frontend fe\n    bind :99999 #<\n", "'bind :99999' : invalid port '99999' in ':99999'"),
    ("bind-bad-address", D + "frontend fe\n    bind 300.1.1.1:80 #<\n",
     "'bind 300.1.1.1:80' : invalid address: '300.1.1.1:80'"),
    ("bind-bad-range", D + "frontend fe\n    bind :8010-8000 #<\n",
     "'bind :8010-8000' : invalid port range '8010-8000' in ':8010-8000'"),
    ("bind-bad-fd", D + "frontend fe\n    bind fd@abc #<\n",
     "'bind fd@abc' : file descriptor 'abc' is not a valid number in 'fd@abc'"),
    ("bind-ssl", D + "frontend fe\n    bind :443 ssl crt /etc/x.pem #<\n",
     "'bind :443' : 'ssl' is not supported by Sluice (no TLS)."),
    ("bind-unknown-option", D + "frontend fe\n    bind :80 frobnicate #<\n", "'bind :80' unknown keyword 'frobnicate'. Registered keywords :"),
    ("bind-in-defaults", "defaults\n    bind :80 #<\n", "'bind' not allowed in 'defaults' section."),
    ("bind-env-brace", D + "frontend fe\n    bind \"${PORT\" #<\n",
     "unmatched brace in environment variable name at position 12:"),
    ("env-forbidden-first-char", D + "frontend fe\n    bind \":${1PORT}\" #<\n",
     "forbidden first char in environment variable name at position 14:"),
    ("timeout-bad-unit", D + FE + "    timeout client 5sec #<\n", "unexpected character 'e' in 'timeout client'"),
    ("timeout-missing-value", D + BE + "    timeout server #<\n",
     "'timeout server' expects an integer value (in milliseconds)"),
    ("timeout-unknown", D + FE + "    timeout idle 5s #<\n", "'timeout' supports " + TIMEOUTS + " (got 'idle')"),
    ("timeout-extra", D + BE + "    timeout connect 5s 10s #<\n",
     "'timeout connect' : unexpected extra argument '10s' after value '5s'."),
    ("timeout-overflow", D + FE + "    timeout client 30d #<\n",
     "timer overflow in argument '30d' to 'timeout client' (maximum value is 2147483647 ms or ~24.8 days)"),
    ("duplicate-proxy", D + BE + "backend app #<\n",
     "backend 'app' has the same name as backend 'app' declared at {file}:{L:backend app}."),
    ("duplicate-listen-frontend", D + "frontend x\n    bind :80\nlisten x #<\n",
     "listen 'x' has the same name as frontend 'x' declared at {file}:{L:frontend x}."),
    ("proxy-missing-name", D + "backend #<\n", "'backend' expects an <id> argument"),
    ("proxy-bad-char", D + "backend a/b #<\n", "character '/' is not permitted in 'backend' name 'a/b'."),
    ("frontend-address-in-header", D + "frontend fe :80 #<\n", "please use the 'bind' keyword for listening addresses."),
    ("from-unknown-defaults", D + "backend b from nodef #<\n", "defaults section 'nodef' not found for backend 'b'."),
    ("server-in-frontend", D + FE + "    server s1 127.0.0.1:8081 #<\n",
     "'server' not allowed because frontend 'fe' has no backend capability."),
    ("server-in-global", "global\n    server s1 127.0.0.1:8081 #<\n", "unknown keyword 'server' in 'global' section"),
    ("server-in-defaults", "defaults\n    server s1 127.0.0.1:8081 #<\n", "'server' not allowed in 'defaults' section."),
    ("server-out-of-section", "server s1 127.0.0.1:8081 #<\n", "unknown keyword 'server' out of section."),
    ("server-missing-address", D + "backend app\n    server s1 #<\n",
     "'server' expects <name> and <addr>[:<port>] as arguments."),
    ("server-bad-port", D + "backend app\n    server s1 127.0.0.1:0 #<\n",
     "'server s1' : invalid port '0' in '127.0.0.1:0'"),
    ("server-weight", D + "backend app\n    server s1 127.0.0.1:80 weight 300 #<\n",
     "'server s1' : weight of server must be between 0 and 256 (got 300)."),
    ("server-inter-unit", D + "backend app\n    server s1 127.0.0.1:80 check inter 2x #<\n",
     "unexpected character 'x' in 'inter' argument of server s1."),
    ("server-unknown-option", D + "backend app\n    server s1 127.0.0.1:80 foo #<\n", "'server s1' unknown keyword 'foo'. Registered keywords :"),
    ("server-duplicate", D + BE + "    server s1 127.0.0.1:8082 #<\n",
     "'server s1' : this name is already used by a server of backend 'app' declared at {file}:{L:server s1 127.0.0.1:8081}."),
    ("server-rise-zero", D + "backend app\n    server s1 127.0.0.1:80 rise 0 #<\n", "'server s1' : 'rise' has to be > 0."),
    ("server-ssl", D + "backend app\n    server s1 127.0.0.1:443 ssl #<\n",
     "'server s1' : 'ssl' is not supported by Sluice (no TLS)."),
    ("undefined-default-backend", D + FE + "    default_backend nope #<\n",
     "Proxy 'fe': unable to find required default_backend: 'nope'."),
    ("undefined-use-backend", D + FE + "    use_backend nope if { path /x } #<\n" + BE,
     "Proxy 'fe': unable to find required use_backend: 'nope'."),
    ("default-backend-mode", D + FE + "    default_backend app #<\n" + "backend app\n    mode tcp\n    server s1 127.0.0.1:8081\n",
     "http frontend 'fe' ({file}:{L:frontend fe}) tries to use incompatible tcp backend 'app' ({file}:{L:backend app}) "
     "in a 'default_backend' rule (see 'mode')."),
    ("default-backend-loop", D + "listen l\n    bind :8080\n    default_backend l #<\n    server s 127.0.0.1:1\n",
     "Proxy 'l': loop detected for default_backend: 'l'."),
    ("retry-on-bad-word", D + BE + "    retry-on conn-failure 999 #<\n", "'retry-on': unknown keyword '999'"),
    ("retry-on-none-not-alone", D + BE + "    retry-on none 503 #<\n", "'retry-on' 'none' keyworld only usable alone"),
    ("retry-on-missing", D + BE + "    retry-on #<\n", "'retry-on' needs at least one keyword to look for."),
    ("balance-unknown", D + BE + "    balance fastest #<\n",
     "'balance' only supports 'roundrobin', 'static-rr', 'leastconn', 'first', 'source', 'uri', 'url_param', 'hash', "
     "'hdr(name)', 'rdp-cookie(name)' and 'random' options."),
    ("http-reuse-bad", D + BE + "    http-reuse sometimes #<\n",
     "'http-reuse' only supports 'never', 'safe', 'aggressive', 'always'"),
    ("retries-not-number", D + BE + "    retries many #<\n", "'retries' expects an integer argument."),
    ("option-unknown", D + FE + "    option httplogs #<\n", "unknown option 'httplogs'; did you mean 'httplog' maybe ?"),
    ("option-redispatch-bad", D + BE + "    option redispatch x #<\n", "'option redispatch' expects an integer argument."),
    ("no-on-plain-keyword", D + FE + "    no maxconn #<\n", "negation/default currently supported only for options and log."),
    ("acl-unknown-fetch", D + FE + "    acl a pathx /foo #<\n",
     "error detected while parsing ACL 'a' : unknown fetch method 'pathx' in ACL expression 'pathx'."),
    ("acl-bad-flag", D + FE + "    acl a path -x /foo #<\n",
     "error detected while parsing ACL 'a' : '-x' is not a valid ACL option. Please use '--' before any pattern "
     "beginning with a '-'."),
    ("acl-bad-match", D + FE + "    acl a path -m regex /foo #<\n",
     "error detected while parsing ACL 'a' : unknown matching method 'regex' when parsing ACL expression."),
    ("acl-bad-regex", D + FE + "    acl a path_reg ^/(foo #<\n",
     "error detected while parsing ACL 'a' : regex '^/(foo' is invalid."),
    ("acl-bad-ip", D + FE + "    acl a src 10.0.0.x #<\n",
     "error detected while parsing ACL 'a' : '10.0.0.x' is not a valid IPv4 or IPv6 address."),
    ("acl-in-defaults", "defaults\n    acl a path /x #<\n", "'acl' not allowed in 'defaults' section."),
    ("acl-missing-criterion", D + FE + "    acl a #<\n", "'acl' expects an ACL name and a criterion."),
    ("cond-undefined-acl", D + FE + "    use_backend app if is_api #<\n" + BE,
     "error detected while parsing switching rule : no such ACL : 'is_api'."),
    ("cond-missing-brace", D + FE + "    http-request deny if { path /x #<\n",
     "error detected while parsing an 'http-request deny' condition : missing closing '}' in condition."),
    ("cond-empty", D + FE + "    use_backend app if #<\n" + BE,
     "error detected while parsing switching rule : missing condition after 'if'."),
    ("use-backend-junk", D + FE + "    use_backend app when x #<\n" + BE,
     "unexpected keyword 'when' after switching rule, only 'if' and 'unless' are allowed."),
    ("http-request-unknown-action", D + FE + "    http-request frobnicate #<\n",
     "'http-request' expects " + REQ + ", but got 'frobnicate'."),
    ("http-request-lua", D + FE + "    http-request lua.foo #<\n", "'http-request lua.foo' is not supported by Sluice."),
    ("http-request-deny-status", D + FE + "    http-request deny deny_status 600 #<\n",
     "'http-request deny' : status code must be between 200 and 599 (got '600')."),
    ("http-request-return-no-type", D + FE + "    http-request return status 200 string ok #<\n",
     "'http-request return' : a 'content-type' must be set when a payload is defined."),
    ("http-request-set-header-args", D + FE + "    http-request set-header X-Foo #<\n",
     "'http-request set-header' expects exactly 2 arguments."),
    ("redirect-bad-code", D + FE + "    redirect location / code 200 #<\n",
     "error detected in frontend 'fe' while parsing redirect rule : 'code': unsupported HTTP code '200' "
     "(must be one of 301, 302, 303, 307 or 308)."),
    ("redirect-bad-type", D + FE + "    redirect to / #<\n",
     "error detected in frontend 'fe' while parsing redirect rule : expects 'code', 'prefix', 'location', 'scheme', "
     "'set-cookie', 'clear-cookie', 'drop-query', 'ignore-empty' or 'append-slash' (was 'to')."),
    ("acl-named-or", D + FE + "    acl or path /x #<\n",
     "acl name 'or' will never match. 'or' is used to express a logical disjunction within a condition."),
    ("cond-unexpected-brace", D + FE + "    http-request deny if } #<\n",
     "error detected while parsing an 'http-request deny' condition : unexpected '}' in condition."),
    ("redirect-bad-condition", D + FE + "    redirect location / if nosuch #<\n",
     "error detected in frontend 'fe' while parsing redirect rule : no such ACL : 'nosuch'."),
    ("log-bad-facility", "global\n    log 127.0.0.1:514 local9 #<\n", "unknown log facility 'local9'"),
    ("log-bad-format", "global\n    log stdout format json local0 #<\n", "unknown log format 'json'"),
    ("log-global-in-global", "global\n    log global #<\n", "'log global' is only valid in a proxy section."),
    ("errorfile-bad-code", D + FE + "    errorfile 302 /dev/null #<\n", "'errorfile' : status code '302' not handled."),
    ("pool-purge-delay-unit", D + BE + "    pool-purge-delay 5y #<\n", "unexpected character 'y' in 'pool-purge-delay'"),
    ("unterminated-quote", D + FE + "    http-request return status 200 content-type \"text/plain #<\n",
     "unmatched quote at position 49:"),
    ("bad-hex-escape", D + FE + "    log-format \"\\x4\" #<\n", "truncated or invalid hexadecimal sequence at position 17:"),
]


def main():
    out = os.path.join(os.path.dirname(__file__), "..", "resources", "broken")
    os.makedirs(out, exist_ok=True)
    rows = []
    for i, (name, text, msg) in enumerate(CASES, 1):
        fname = "%02d-%s.cfg" % (i, name)
        lines = text.split("\n")
        marked = [n for n, l in enumerate(lines, 1) if "#<" in l]
        assert len(marked) == 1, name
        m = msg.replace("{file}", fname)
        while "{L:" in m:
            a = m.index("{L:")
            b = m.index("}", a)
            key = m[a + 3:b]
            hits = [n for n, l in enumerate(lines, 1) if l.split("#<")[0].strip() == key]
            assert hits, (name, key)
            m = m[:a] + str(hits[0] + 1) + m[b + 1:]
        with open(os.path.join(out, fname), "w") as f:
            f.write("# broken: " + name + " (the line marked #< is wrong)\n" + text)
        rows.append("%s\t%d\t%s" % (fname, marked[0] + 1, m))
    with open(os.path.join(out, "expected.tsv"), "w") as f:
        f.write("# file\tline\tfirst line of the alert\n" + "\n".join(rows) + "\n")
    print(len(rows), "cases")


main()
