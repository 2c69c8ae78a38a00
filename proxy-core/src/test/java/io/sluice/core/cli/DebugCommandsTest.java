package io.sluice.core.cli;

import static io.sluice.core.cli.CliTestSupport.exchange;
import static io.sluice.core.cli.CliTestSupport.registry;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code expert-mode} and {@code debug dev loop}: levels, the expert-mode gate, and the loop itself. */
class DebugCommandsTest {

    private static CliSession session(CliLevel level) {
        return new CliSession(DebugCommands.registerAll(registry()), level);
    }

    @Test
    void bothCommandsNeedTheAdminLevel() {
        String out = exchange(session(CliLevel.OPERATOR), "expert-mode on; debug dev loop 1\n");
        assertThat(out).isEqualTo(CliSession.PERMISSION_DENIED + "\n\n" + CliSession.PERMISSION_DENIED + "\n\n");
    }

    @Test
    void debugDevLoopIsRefusedOutsideExpertMode() {
        String out = exchange(session(CliLevel.ADMIN), "debug dev loop 10000\n");
        assertThat(out).isEqualTo(DebugCommands.EXPERT_ONLY + "\n\n");
    }

    @Test
    void expertModeTogglesAndReports() {
        String out = exchange(session(CliLevel.ADMIN), "expert-mode; expert-mode on; expert-mode; expert-mode off;"
                + " expert-mode; expert-mode maybe\n");
        assertThat(out).isEqualTo("expert-mode is OFF\n\n\nexpert-mode is ON\n\n\nexpert-mode is OFF\n\n"
                + "'expert-mode' only supports 'on' and 'off'.\n\n");
    }

    @Test
    @Timeout(10)
    void debugDevLoopHoldsTheCallingThreadForTheDelay() {
        long start = System.nanoTime();
        String out = exchange(session(CliLevel.ADMIN), "expert-mode on; debug dev loop 200\n");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(out).isEqualTo("\n\n");
        assertThat(tookMs).as("the command returns only after its delay").isGreaterThanOrEqualTo(200);
        assertThat(exchange(session(CliLevel.ADMIN), "expert-mode on; debug dev loop x\n"))
                .isEqualTo("\nExpects a number of milliseconds.\n\n");
    }
}
