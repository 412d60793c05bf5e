package dev.herald.sidecar.cli;

import dev.herald.sidecar.HeraldMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

/** Every CLI command explains itself: what it does, each of its options, an example. */
class HelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"rules put", "rules get", "rules delete", "events send", "receive", "dead-letters list",
            "dead-letters show", "dead-letters replay", "dead-letters purge", "destinations list", "destinations enable",
            "doctor"})
    void helpRendersEveryOptionAndAnExample(String command) {
        Cli.Run help = Cli.run((command + " --help").split(" "));

        assertThat(help.exitCode()).isZero();
        assertThat(help.err()).isEmpty();
        assertThat(help.out()).startsWith("Usage: herald " + command + " ").contains("\nExample");
        CommandLine.Model.CommandSpec spec = subcommand(command);
        assertThat(spec.usageMessage().description()).isNotEmpty();
        for (OptionSpec option : spec.options()) {
            assertThat(help.out()).as(command + " " + option.longestName()).contains(option.longestName());
            assertThat(option.description()).as(command + " " + option.longestName()).isNotEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rules", "events", "dead-letters", "destinations"})
    void aGroupListsItsCommands(String group) {
        Cli.Run help = Cli.run(group, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: herald " + group + " [-h] [COMMAND]").contains("\nCommands:\n", "\nExample");
        subcommand(group).subcommands().keySet().forEach(name -> assertThat(help.out()).contains("\n  " + name + " "));
    }

    @Test
    void heraldListsTheCommands() {
        Cli.Run help = Cli.run("--help");
        assertThat(help.out()).contains("\n  serve ", "\n  rules ", "\n  events ", "\n  receive ", "\n  dead-letters ",
                "\n  destinations ", "\n  doctor ");
    }

    /** Options whose value is a secret say that it is never printed. */
    @Test
    void secretOptionsSayTheyAreNeverPrinted() {
        for (String command : new String[]{"rules put", "events send", "receive", "dead-letters list"}) {
            subcommand(command).options().stream()
                    .filter(o -> o.longestName().matches("--(secret-key|token|admin-token|verify-bos-key)"))
                    .forEach(o -> assertThat(String.join(" ", o.description())).as(command + " " + o.longestName())
                            .contains("never printed"));
        }
    }

    private static CommandLine.Model.CommandSpec subcommand(String path) {
        CommandLine cli = new CommandLine(new HeraldMain());
        for (String name : path.split(" ")) {
            cli = cli.getSubcommands().get(name);
        }
        return cli.getCommandSpec();
    }
}
