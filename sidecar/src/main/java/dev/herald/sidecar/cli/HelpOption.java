package dev.herald.sidecar.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} alone: the CLI commands have no version of their own to print ({@code herald --version} does). */
final class HelpOption {
    /** Listed after the command's own options. */
    @Option(names = {"-h", "--help"}, usageHelp = true, order = Integer.MAX_VALUE,
            description = "Show this help message and exit.")
    boolean help;
}
