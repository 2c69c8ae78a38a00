package io.sluice.core.stats;

import java.util.ArrayList;
import java.util.List;

import io.sluice.config.model.StatsSocket;
import io.sluice.core.backend.BackendRt;
import io.sluice.core.backend.FrontendRt;
import io.sluice.core.backend.HttpCounters;
import io.sluice.core.backend.ServerRt;
import io.sluice.core.cli.CliCommand;
import io.sluice.core.cli.CliLevel;
import io.sluice.core.cli.CliRegistry;
import io.sluice.core.cli.CliSession;
import io.sluice.core.cli.DebugCommands;
import io.sluice.core.cli.InfoField;
import io.sluice.core.cli.InfoSnapshot;
import io.sluice.core.cli.SessionCommands;
import io.sluice.core.cli.ShowActivity;
import io.sluice.core.cli.ShowInfo;
import io.sluice.core.cli.ShowThreads;
import io.sluice.core.listener.Listener;
import io.sluice.core.log.LineBuffer;
import io.sluice.core.main.VersionInfo;
import io.sluice.core.runtime.Runtime;
import io.sluice.core.stream.HttpStream;
import io.sluice.core.stream.TcpStream;
import io.sluice.core.stream.Worker;
import io.sluice.fdtable.FdTable;
import io.sluice.poller.Activity;
import io.sluice.poller.PollLoop;
import io.sluice.poller.Pollers;

/**
 * The stats socket's commands wired to the runtime: the core's session commands and formatters (show info,
 * activity, threads) fed with real figures, plus show fd, show sess, show stat and show servers state. Built on main;
 * the commands run on the loop thread of the CLI connection and read other threads' state racily (snapshots of
 * independent counters, as HAProxy's CLI does without thread isolation).
 */
public final class StatsCommands {
    private final Runtime rt;
    private final CliRegistry registry = new CliRegistry();

    /** Runs on main: registers every command. */
    public StatsCommands(Runtime rt) {
        this.rt = rt;
        SessionCommands.registerAll(registry);
        SessionCommands.registerShowVersion(registry, VersionInfo.VERSION);
        DebugCommands.registerAll(registry);
        ShowInfo.register(registry, s -> fillInfo(rt, s));
        ShowActivity.register(registry, new ShowActivity.Provider() {
            @Override
            public int nbthread() {
                return rt.pollers().size();
            }

            @Override
            public void fill(ShowActivity.Snapshot s) {
                fillActivity(s);
            }
        });
        ShowThreads.register(registry, new ShowThreads.Provider() {
            @Override
            public int currentThread() {
                PollLoop l = Pollers.currentLoop();
                return l == null ? 1 : l.tid() + 1;
            }

            @Override
            public List<ShowThreads.ThreadState> threads() {
                return threadStates();
            }
        });
        registry.register(CliCommand.of("show fd", "show fd [num]",
                "dump list of file descriptors in use or a specific one",
                CliLevel.OPERATOR, req -> {
                    showFd(req.arg(2), req.out());
                    return true;
                }));
        registry.register(CliCommand.of("show sess", "show sess", "report the list of current streams",
                CliLevel.OPERATOR, req -> {
                    showSess(req.out());
                    return true;
                }));
        registry.register(CliCommand.of("show stat", "show stat", "report counters for each proxy and server",
                CliLevel.USER, req -> {
                    showStat(req.out());
                    return true;
                }));
        registry.register(CliCommand.of("show servers state", "show servers state [<backend>]",
                "dump volatile server information (all or for a single backend)", CliLevel.USER, req -> {
                    showServersState(req.arg(3), req.out());
                    return true;
                }));
    }

    /** Runs on main: the accept sink of stats socket {@code s}: a CLI session on the accepting thread. */
    public Listener.Sink sink(StatsSocket s) {
        CliLevel level = CliLevel.parse(s.level() == null ? "operator" : s.level());
        long timeout = rt.config().global().statsTimeoutMs() > 0 ? rt.config().global().statsTimeoutMs() : 10_000;
        int bufsize = rt.config().global().tune().bufsize();
        return (l, cfd, ctx) -> {
            CliSession session = new CliSession(registry, level, bufsize, rt::uptimeMillis);
            new CliConn(cfd, rt.pollers().loop(ctx.tid), session, timeout, rt::reportError).start(ctx);
        };
    }

    // ---------------------------------------------------------------------------------------------
    // show info

    /** Runs on any thread: fills HAProxy's show info fields that apply. */
    static void fillInfo(Runtime rt, InfoSnapshot s) {
        long up = rt.uptimeMillis();
        s.set(InfoField.NAME, "Sluice");
        s.set(InfoField.VERSION, VersionInfo.VERSION);
        s.set(InfoField.RELEASE_DATE, "");
        s.set(InfoField.NBTHREAD, rt.pollers().size());
        s.set(InfoField.NBPROC, 1);
        s.set(InfoField.PROCESS_NUM, 1);
        s.set(InfoField.PID, ProcessHandle.current().pid());
        s.set(InfoField.UPTIME, InfoSnapshot.formatUptime(up / 1000));
        s.set(InfoField.UPTIME_SEC, up / 1000);
        s.set(InfoField.START_TIME_SEC, rt.startMillis() / 1000);
        s.set(InfoField.MEMMAX_MB, 0);
        s.set(InfoField.ULIMIT_N, rt.pollers().fdTable().size());
        s.set(InfoField.MAXSOCK, rt.pollers().fdTable().size());
        s.set(InfoField.MAXCONN, rt.limits().maxconn());
        s.set(InfoField.HARD_MAXCONN, rt.limits().maxconn());
        s.set(InfoField.CURR_CONNS, rt.limits().current());
        s.set(InfoField.CUM_CONNS, rt.limits().cumulated());
        long cumReq = 0;
        for (FrontendRt f : rt.frontends().values()) {
            cumReq += f.httpCounters.requests();
        }
        s.set(InfoField.CUM_REQ, cumReq);
        s.set(InfoField.MAXCONN_REACHED, rt.limits().pauses());
        long tasks = 0;
        for (Worker w : rt.workers()) {
            tasks += w.load();
        }
        s.set(InfoField.TASKS, tasks);
        s.set(InfoField.RUN_QUEUE, 0);
        s.set(InfoField.STOPPING, rt.stopping() ? 1 : 0);
        s.set(InfoField.JOBS, rt.limits().current() + rt.listeners().size() + rt.statsListeners().size());
        s.set(InfoField.LISTENERS, rt.listeners().size() + rt.statsListeners().size());
        s.set(InfoField.DROPPED_LOGS, rt.ring().dropped());
        long out = 0;
        for (FrontendRt f : rt.frontends().values()) {
            out += f.bytesOut.get();
        }
        s.set(InfoField.TOTAL_BYTES_OUT, out);
        s.set(InfoField.NODE, hostname());
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** Runs on any thread: show info as text (SIGUSR1). */
    public static String showInfoText(Runtime rt) {
        InfoSnapshot s = new InfoSnapshot();
        fillInfo(rt, s);
        LineBuffer out = new LineBuffer(4096);
        ShowInfo.format(s, ShowInfo.Mode.DEFAULT, false, false, out);
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // show activity / threads

    private void fillActivity(ShowActivity.Snapshot s) {
        Pollers p = rt.pollers();
        Object[][] map = {
            {ShowActivity.Counter.CTXSW, Activity.CTXSW}, {ShowActivity.Counter.TASKSW, Activity.TASKSW},
            {ShowActivity.Counter.EMPTY_RQ, Activity.EMPTY_RQ}, {ShowActivity.Counter.LONG_RQ, Activity.LONG_RQ},
            {ShowActivity.Counter.LOOPS, Activity.LOOPS}, {ShowActivity.Counter.WAKE_TASKS, Activity.WAKE_TASKS},
            {ShowActivity.Counter.WAKE_SIGNAL, Activity.WAKE_SIGNAL}, {ShowActivity.Counter.POLL_IO, Activity.POLL_IO},
            {ShowActivity.Counter.POLL_EXP, Activity.POLL_EXP},
            {ShowActivity.Counter.POLL_DROP_FD, Activity.POLL_DROP_FD},
            {ShowActivity.Counter.POLL_SKIP_FD, Activity.POLL_SKIP_FD},
            {ShowActivity.Counter.CONN_DEAD, Activity.CONN_DEAD},
            {ShowActivity.Counter.STREAM_CALLS, Activity.STREAM_CALLS},
            {ShowActivity.Counter.ACCEPTED, Activity.ACCEPTED},
            {ShowActivity.Counter.ACCQ_PUSHED, Activity.ACCQ_PUSHED},
            {ShowActivity.Counter.ACCQ_FULL, Activity.ACCQ_FULL},
            {ShowActivity.Counter.FD_TAKEOVER, Activity.FD_TAKEOVER},
        };
        for (int t = 0; t < p.size(); t++) {
            PollLoop l = p.loop(t);
            for (Object[] m : map) {
                s.set((ShowActivity.Counter) m[0], t + 1, l.counter((Integer) m[1]));
            }
        }
        PollLoop cur = Pollers.currentLoop();
        s.currentThread = cur == null ? 1 : cur.tid() + 1;
        long now = System.currentTimeMillis() * 1000L;
        s.dateNowMicros = now;
        s.uptimeNowMicros = rt.uptimeMillis() * 1000L;
    }

    private List<ShowThreads.ThreadState> threadStates() {
        Pollers p = rt.pollers();
        List<ShowThreads.ThreadState> list = new ArrayList<>();
        for (int t = 0; t < p.size(); t++) {
            PollLoop l = p.loop(t);
            Thread th = l.thread();
            list.add(new ShowThreads.ThreadState(t + 1, l.context().tgid, l.context().ltid + 1,
                    th == null ? 0 : th.getId(), l.isSleeping() ? 0 : 1, 0, 0, 0, 0, 0, 0,
                    (l.flags() & 4) != 0 ? 1 : 0, 0, l.isSleeping() ? 1 : 0, 0, 0, 0, "0"));
        }
        return list;
    }

    // ---------------------------------------------------------------------------------------------
    // show fd

    /** Runs on the CLI thread: one line per fd with an owner (HAProxy's show fd layout, Sluice's fields). */
    private void showFd(String which, LineBuffer out) {
        FdTable t = rt.pollers().fdTable();
        int from = 0;
        int to = t.size() - 1;
        if (!which.isEmpty()) {
            try {
                from = to = Integer.parseInt(which);
            } catch (NumberFormatException e) {
                out.append("Invalid fd number\n");
                return;
            }
        }
        for (int fd = from; fd <= to && fd < t.size(); fd++) {
            Object owner = t.owner(fd);
            if (owner == null) {
                continue;
            }
            long rc = t.refcTgid(fd);
            out.appendPadded(fd, 5, ' ').append(" : st=").append(io.sluice.fdtable.FdState.describe(t.state(fd)))
                    .append(" tmask=0x").append(Long.toHexString(t.threadMask(fd)))
                    .append(" tgid=").append(rc & io.sluice.fdtable.FdState.TGID_MASK)
                    .append(" refc=").append(rc >>> io.sluice.fdtable.FdState.REFC_SHIFT)
                    .append(" rmask=0x").append(Long.toHexString(t.runningMask(fd)))
                    .append(" umask=0x").append(Long.toHexString(t.updateMask(fd)))
                    .append(" prmsk=0x").append(Long.toHexString(t.polledRecv(fd)))
                    .append(" pwmsk=0x").append(Long.toHexString(t.polledSend(fd)))
                    .append(" gen=").append(t.generation(fd))
                    .append(" owner=").append(ownerType(owner)).append('\n');
        }
    }

    private static String ownerType(Object owner) {
        if (owner instanceof Listener l) {
            return "listener(" + (l.frontend() == null ? "stats" : l.frontend().name()) + "," + l.name() + ")";
        }
        if (owner instanceof TcpStream) {
            return "conn(tcp)";
        }
        if (owner instanceof HttpStream) {
            return "conn(http)";
        }
        if (owner instanceof CliConn) {
            return "conn(cli)";
        }
        return owner.getClass().getSimpleName();
    }

    // ---------------------------------------------------------------------------------------------
    // show sess

    private void showSess(LineBuffer out) {
        for (Worker w : rt.workers()) {
            for (TcpStream s : w.streams()) {
                if (s != null && s.state() != TcpStream.ST_FREE) {
                    out.append(s.describe());
                }
            }
            for (HttpStream h : w.httpStreams()) {
                if (h != null && h.hasStream()) {
                    out.append(h.describe());
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // show stat (CSV, HAProxy's first 80 columns; unknown ones empty)

    private static final String STAT_HEADER = "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,"
            + "ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,"
            + "iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,"
            + "hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,"
            + "cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,"
            + "ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,"
            + "check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo,conn_rate,conn_rate_max,"
            + "conn_tot,intercepted,dcon,dses,\n";
    private static final int STAT_COLS = 80;

    private void showStat(LineBuffer out) {
        out.append(STAT_HEADER);
        for (FrontendRt f : rt.frontends().values()) {
            String[] c = row(f.name(), "FRONTEND");
            c[4] = Long.toString(f.cur.get());
            c[5] = Long.toString(f.max.get());
            c[6] = Long.toString(f.maxconn());
            c[7] = Long.toString(f.total.get());
            c[8] = Long.toString(f.bytesIn.get());
            c[9] = Long.toString(f.bytesOut.get());
            c[17] = rt.stopping() ? "STOP" : "OPEN";
            c[27] = Long.toString(f.id());
            c[28] = "0";
            c[32] = "0";
            c[75] = modeName(f.config());
            c[78] = Long.toString(f.total.get());
            httpColumns(c, f.config(), f.httpCounters);
            emit(c, out);
        }
        for (BackendRt b : rt.backends().values()) {
            int sid = 0;
            for (ServerRt s : b.servers()) {
                String[] c = row(b.name(), s.name());
                c[4] = Long.toString(s.cur.get());
                c[5] = Long.toString(s.max.get());
                c[7] = Long.toString(s.total.get());
                c[8] = Long.toString(s.bytesIn.get());
                c[9] = Long.toString(s.bytesOut.get());
                c[13] = Long.toString(s.connErrors.get());
                c[15] = Long.toString(s.retries.get());
                c[17] = s.usable() ? "no check" : "MAINT";
                c[18] = Integer.toString(s.config().params().weight());
                c[19] = s.config().params().backup() ? "0" : "1";
                c[20] = s.config().params().backup() ? "1" : "0";
                c[27] = Long.toString(b.id());
                c[28] = Integer.toString(++sid);
                c[32] = "2";
                c[73] = s.address().getAddress().getHostAddress() + ":" + s.address().getPort();
                c[75] = modeName(b.config());
                httpColumns(c, b.config(), s.httpCounters);
                emit(c, out);
            }
            String[] c = row(b.name(), "BACKEND");
            c[4] = Long.toString(b.cur.get());
            c[7] = Long.toString(b.total.get());
            c[8] = Long.toString(b.bytesIn.get());
            c[9] = Long.toString(b.bytesOut.get());
            c[13] = Long.toString(b.connErrors.get());
            c[15] = Long.toString(b.retriesCount.get());
            c[17] = b.pick() != null ? "UP" : "DOWN";
            c[27] = Long.toString(b.id());
            c[28] = "0";
            c[32] = "1";
            c[75] = modeName(b.config());
            c[76] = b.config().balance() == null ? "roundrobin" : b.config().balance().algorithm();
            httpColumns(c, b.config(), b.httpCounters);
            emit(c, out);
        }
        out.append('\n');
    }

    /** hrsp_1xx..hrsp_other (39..44) and req_tot (48), filled for mode http proxies only, as HAProxy does. */
    private static void httpColumns(String[] c, io.sluice.config.model.Proxy p, HttpCounters h) {
        if (p.mode() != io.sluice.config.model.Mode.HTTP) {
            return;
        }
        for (int cls = 1; cls <= 5; cls++) {
            c[38 + cls] = Long.toString(h.responses(cls));
        }
        c[44] = Long.toString(h.responses(0));
        c[48] = Long.toString(h.requests());
    }

    /** The {@code mode} column: {@code tcp} or {@code http}, as HAProxy prints it. */
    private static String modeName(io.sluice.config.model.Proxy p) {
        return p.mode() == io.sluice.config.model.Mode.HTTP ? "http" : "tcp";
    }

    private static String[] row(String px, String sv) {
        String[] c = new String[STAT_COLS];
        java.util.Arrays.fill(c, "");
        c[0] = px;
        c[1] = sv;
        c[26] = "1";
        return c;
    }

    private static void emit(String[] c, LineBuffer out) {
        for (String v : c) {
            out.append(v).append(',');
        }
        out.append('\n');
    }

    // ---------------------------------------------------------------------------------------------
    // show servers state (version 1 format)

    private void showServersState(String backend, LineBuffer out) {
        out.append("1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight "
                + "srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health "
                + "srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord "
                + "srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n");
        for (BackendRt b : rt.backends().values()) {
            if (!backend.isEmpty() && !backend.equals(b.name())) {
                continue;
            }
            int sid = 0;
            for (ServerRt s : b.servers()) {
                int w = s.config().params().weight();
                out.append(b.id()).append(' ').append(b.name()).append(' ').append(++sid).append(' ')
                        .append(s.name()).append(' ').append(s.address().getAddress().getHostAddress())
                        .append(' ').append(s.usable() ? 2 : 0).append(' ').append(s.usable() ? 0 : 1).append(' ')
                        .append(w).append(' ').append(w).append(' ').append(rt.uptimeMillis() / 1000)
                        .append(" 1 0 0 0 0 0 0 - ").append(s.address().getPort()).append(" - 0 0 - - 0\n");
            }
        }
    }
}
