package dev.herald.sidecar.cli;

/** A command that cannot do its job: one line for stderr and the exit code. */
final class CliException extends RuntimeException {
    /** Herald refused, or could not be reached. */
    static final int FAILED = 1;
    /** The command line or the config does not give what the command needs (picocli's code for usage errors). */
    static final int USAGE = 2;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CliException failed(String message) {
        return new CliException(FAILED, message);
    }

    static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    int exitCode() {
        return exitCode;
    }
}
