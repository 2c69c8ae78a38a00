package io.sluice.core.cli;

import static io.sluice.core.cli.CliTestSupport.exchange;
import static io.sluice.core.cli.CliTestSupport.registry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.core.log.LineBuffer;

/** {@code show info}, {@code show activity}, {@code show threads} against haproxy-cli-formats.md §2, §8, §9. */
class ShowFormattersTest {

    /** The values of the [2.6.12] capture of §2. */
    private static void fill2612(InfoSnapshot s) {
        s.set(InfoField.NAME, "HAProxy").set(InfoField.VERSION, "2.6.12-1+deb12u4")
                .set(InfoField.RELEASE_DATE, "2026/10/17").set(InfoField.NBTHREAD, 2).set(InfoField.NBPROC, 1)
                .set(InfoField.PROCESS_NUM, 1).set(InfoField.PID, 25172)
                .set(InfoField.UPTIME, InfoSnapshot.formatUptime(6)).set(InfoField.UPTIME_SEC, 6)
                .set(InfoField.IDLE_PCT, 100).set(InfoField.NODE, "vm").set(InfoField.STOPPING, 0)
                .set(InfoField.JOBS, 7).set(InfoField.UNSTOPPABLE_JOBS, 0)
                .set(InfoField.BUILD_INFO, "2.6.12-1+deb12u4").set(InfoField.MEMMAX_BYTES, 0)
                .set(InfoField.POOL_ALLOC_BYTES, 105968).set(InfoField.POOL_USED_BYTES, 105968)
                .set(InfoField.START_TIME_SEC, 1795308243L).set(InfoField.TAINTED, "0");
    }

    @Test
    void showInfoDefaultShapeMatchesTheCapture() {
        CliRegistry r = registry();
        ShowInfo.register(r, ShowFormattersTest::fill2612);
        String out = exchange(new CliSession(r, CliLevel.USER), "show info\n");
        assertThat(out).isEqualTo("""
                Name: HAProxy
                Version: 2.6.12-1+deb12u4
                Release_date: 2026/10/17
                Nbthread: 2
                Nbproc: 1
                Process_num: 1
                Pid: 25172
                Uptime: 0d 0h00m06s
                Uptime_sec: 6
                Idle_pct: 100
                node: vm
                Stopping: 0
                Jobs: 7
                Unstoppable Jobs: 0
                Build info: 2.6.12-1+deb12u4
                Memmax_bytes: 0
                PoolAlloc_bytes: 105968
                PoolUsed_bytes: 105968
                Start_time_sec: 1795308243
                Tainted: 0

                """);
    }

    @Test
    void showInfoTypedMatchesTheExamples() {
        InfoSnapshot s = new InfoSnapshot();
        s.set(InfoField.PID, 25172).set(InfoField.UPTIME, InfoSnapshot.formatUptime(43))
                .set(InfoField.UNSTOPPABLE_JOBS, 0).set(InfoField.TOTAL_WARNINGS, 6);
        LineBuffer out = new LineBuffer(64);
        ShowInfo.format(s, ShowInfo.Mode.TYPED, false, false, out);
        assertThat(out.toString()).isEqualTo("""
                6.Pid.1:SGP:u32:25172
                7.Uptime.1:MDP:str:0d 0h00m43s
                54.Unstoppable Jobs.1:MGP:u32:0
                72.TotalWarnings.1:MCP:u32:6
                """);
    }

    @Test
    void showInfoJsonDescAndFloat() {
        InfoSnapshot s = new InfoSnapshot();
        s.set(InfoField.NAME, "HAProxy");
        LineBuffer out = new LineBuffer(64);
        ShowInfo.format(s, ShowInfo.Mode.JSON, false, false, out);
        assertThat(out.toString()).isEqualTo("[{\"field\":{\"pos\":0,\"name\":\"Name\"},\"processNum\":1,"
                + "\"tags\":{\"origin\":\"Product\",\"nature\":\"Output\",\"scope\":\"Service\"},"
                + "\"value\":{\"type\":\"str\",\"value\":\"HAProxy\"}}]\n");

        s.setFloat(InfoField.UPTIME_SEC, 43.590369).setFloat(InfoField.START_TIME_SEC, 1795308243.128301)
                .setFloat(InfoField.IDLE_PCT, 0.0);
        ShowInfo.format(s, ShowInfo.Mode.DEFAULT, false, true, out.clear());
        assertThat(out.toString()).isEqualTo(
                "Name: HAProxy\nUptime_sec: 43.590369\nIdle_pct: 0\nStart_time_sec: 1795308243.128301\n");
        ShowInfo.format(s, ShowInfo.Mode.DEFAULT, true, false, out.clear());
        assertThat(out.toString()).startsWith("Name: HAProxy:\"product name\"\nUptime_sec: 43:\"");
        assertThat(InfoSnapshot.formatUptime(2 * 86400 + 5 * 3600 + 7 * 60 + 9)).isEqualTo("2d 5h07m09s");
    }

    private static ShowActivity.Snapshot activity() {
        ShowActivity.Snapshot s = new ShowActivity.Snapshot(2);
        s.currentThread = 1;
        s.dateNowMicros = 1795308638474062L;
        s.uptimeNowMicros = 32909233L;
        s.set(ShowActivity.Counter.CTXSW, 1, 276).set(ShowActivity.Counter.CTXSW, 2, 446);
        s.set(ShowActivity.Counter.TASKSW, 1, 177).set(ShowActivity.Counter.TASKSW, 2, 254);
        s.set(ShowActivity.Counter.AVG_LOOP_US, 1, 10).set(ShowActivity.Counter.AVG_LOOP_US, 2, 13);
        s.set(ShowActivity.Counter.CHECK_RUNNING, 2, 1);
        return s;
    }

    @Test
    void showActivityMatchesTheCapture() {
        LineBuffer out = new LineBuffer(64);
        ShowActivity.format(activity(), -1, out);
        String text = out.toString();
        assertThat(text).startsWith("""
                thread_id: 1 (1..2)
                date_now: 1795308638.474062
                uptime_now: 32.909233
                ctxsw: 722 [ 276 446 ]
                tasksw: 431 [ 177 254 ]
                empty_rq: 0 [ 0 0 ]
                """);
        assertThat(text).contains("\navg_loop_us: 12 [ 10 13 ]\n").endsWith("\ncheck_running: 1 [ 0 1 ]\n");
        assertThat(text.lines()).hasSize(3 + ShowActivity.Counter.values().length);
        ShowActivity.format(activity(), 0, out.clear());
        assertThat(out.toString()).contains("\nctxsw: 722\ntasksw: 431\n");
        ShowActivity.format(activity(), 2, out.clear());
        assertThat(out.toString()).contains("\nctxsw: 446\ntasksw: 254\n");
        ShowActivity.Snapshot one = new ShowActivity.Snapshot(1);
        one.set(ShowActivity.Counter.LOOPS, 1, 5);
        ShowActivity.format(one, -1, out.clear());
        assertThat(out.toString()).startsWith("thread_id: 1 (1..1)\n").contains("\nloops: 5\n");
    }

    @Test
    void showActivityNeedsOperatorAndAValidThread() {
        CliRegistry r = registry();
        ShowActivity.register(r, new ShowActivity.Provider() {
            @Override
            public int nbthread() {
                return 2;
            }

            @Override
            public void fill(ShowActivity.Snapshot snapshot) {
                snapshot.set(ShowActivity.Counter.LOOPS, 1, 3);
            }
        });
        assertThat(exchange(new CliSession(r, CliLevel.USER), "show activity\n")).isEqualTo("Permission denied\n\n");
        assertThat(exchange(new CliSession(r, CliLevel.OPERATOR), "show activity 3\n"))
                .isEqualTo(ShowActivity.BAD_THREAD + "\n\n");
        assertThat(exchange(new CliSession(r, CliLevel.OPERATOR), "show activity -2\n"))
                .isEqualTo(ShowActivity.BAD_THREAD + "\n\n");
        assertThat(exchange(new CliSession(r, CliLevel.OPERATOR), "show activity 0\n"))
                .contains("\nloops: 3\n").endsWith("\n\n");
    }

    @Test
    void showThreadsBlocks() {
        CliRegistry r = registry();
        ShowThreads.register(r, new ShowThreads.Provider() {
            @Override
            public int currentThread() {
                return 2;
            }

            @Override
            public List<ShowThreads.ThreadState> threads() {
                return List.of(
                        new ShowThreads.ThreadState(1, 1, 1, 0x7f3a, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 100, 350,
                                "0"),
                        new ShowThreads.ThreadState(2, 1, 2, 0x7f3b, 1, 0, 2, 0, 0, 0, 0, 0, 0, 1, 0, 10, 20,
                                "0x55d0 (task) calls=4 last=0"));
            }
        });
        String out = exchange(new CliSession(r, CliLevel.USER), "show threads\n");
        assertThat(out).isEqualTo("""
                 >Thread 1 : id=0x7f3a act=0 glob=0 wq=1 rq=0 tl=0 tlsz=0 rqsz=0
                     1/1    stuck=1 prof=0 harmless=0 isolated=0
                             cpu_ns: poll=100 now=350 diff=250
                             curr_task=0
                * Thread 2 : id=0x7f3b act=1 glob=0 wq=2 rq=0 tl=0 tlsz=0 rqsz=0
                     1/2    stuck=0 prof=0 harmless=1 isolated=0
                             cpu_ns: poll=10 now=20 diff=10
                             curr_task=0x55d0 (task) calls=4 last=0

                """);
        // The literal line of haproxy-cli-formats.md section 9:
        assertThat(out.lines().skip(5).findFirst().orElseThrow().replace("1/2", "1/1"))
                .isEqualTo("     1/1    stuck=0 prof=0 harmless=1 isolated=0");
    }
}
