package io.sluice.core.cli;

import static io.sluice.core.cli.CliTestSupport.exchange;
import static io.sluice.core.cli.CliTestSupport.registry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code help} and the unknown-command reply, haproxy-cli-formats.md §1.6. */
class CliHelpTest {
    private static CliRegistry full() {
        CliRegistry r = registry();
        ShowInfo.register(r, s -> { });
        ShowThreads.register(r, new ShowThreads.Provider() {
            @Override
            public int currentThread() {
                return 1;
            }

            @Override
            public List<ShowThreads.ThreadState> threads() {
                return List.of();
            }
        });
        ShowActivity.register(r, new ShowActivity.Provider() {
            @Override
            public int nbthread() {
                return 1;
            }

            @Override
            public void fill(ShowActivity.Snapshot snapshot) {
            }
        });
        return r;
    }

    @Test
    void helpListsUsageLinesSortedThenTheFixedLines() {
        String out = exchange(new CliSession(full(), CliLevel.USER), "help\n");
        assertThat(out).isEqualTo("The following commands are valid at this level:\n"
                + "  disable server (DEPRECATED)             : disable a server for maintenance (use 'set server' "
                + "instead)\n"
                + "  operator                                : lower the level of the current CLI session to operator\n"
                + "  set severity-output [none|number|string]: set presence of severity level in feedback "
                + "information\n"
                + "  show activity [-1|0|thread_num]         : show per-thread activity stats (for "
                + "support/developers)\n"
                + "  show cli level                          : display the level of the current CLI session\n"
                + "  show info [desc|json|typed|float]*      : report information about the running process\n"
                + "  show threads                            : show some threads debugging information\n"
                + "  show version                            : show version of the current process\n"
                + "  user                                    : lower the level of the current CLI session to user\n"
                + "  help [<command>]                        : list matching or all commands\n"
                + "  prompt [timed]                          : toggle interactive mode with prompt\n"
                + "  quit                                    : disconnect\n"
                + "\n");
    }

    @Test
    void helpDoesNotFilterByLevelButFiltersByWords() {
        String user = exchange(new CliSession(full(), CliLevel.USER), "help\n");
        String admin = exchange(new CliSession(full(), CliLevel.ADMIN), "help\n");
        assertThat(user).isEqualTo(admin);
        String show = exchange(new CliSession(full(), CliLevel.USER), "help show\n");
        assertThat(show.lines().filter(l -> l.startsWith("  show "))).hasSize(5);
        assertThat(show).doesNotContain("  user ").endsWith(CliRegistry.FIXED_HELP_LINES + "\n");
    }

    @Test
    void unknownCommandSuggestsCloseOnes() {
        String out = exchange(new CliSession(full(), CliLevel.USER), "shwo info\n");
        assertThat(out).startsWith("Unknown command: 'shwo', but maybe one of the following ones is a better "
                + "match:\n");
        assertThat(out).contains("  show info [desc|json|typed|float]*      : report information about the running "
                + "process\n");
        assertThat(out.lines().filter(l -> l.startsWith("  ")).count()).isLessThanOrEqualTo(5 + 3);
        assertThat(out).endsWith(CliRegistry.FIXED_HELP_LINES + "\n");
    }

    @Test
    void unknownCommandWithNothingCloseListsEverything() {
        String out = exchange(new CliSession(full(), CliLevel.USER), "foo\n");
        assertThat(out).startsWith("Unknown command: 'foo', but maybe one of the following ones is a better match:\n");
        assertThat(out.lines().filter(l -> l.startsWith("  ")).count()).isEqualTo(9 + 3);
    }

    @Test
    void partialCommandListsItsContinuations() {
        String out = exchange(new CliSession(full(), CliLevel.USER), "show\n");
        assertThat(out).startsWith("Unknown command: 'show', but maybe one of the following ones is a better "
                + "match:\n");
        assertThat(out.lines().filter(l -> l.startsWith("  show "))).hasSize(5);
        assertThat(out).doesNotContain("  user ");
    }

    @Test
    void duplicateRegistrationIsRefused() {
        CliRegistry r = registry();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SessionCommands.registerShowVersion(r, "x"))
                .hasMessageContaining("already registered: show version");
    }
}
