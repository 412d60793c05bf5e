package dev.herald.sidecar.cli;

import java.io.PrintWriter;

/** What {@code herald doctor} found: one line per check, and for each failure how to fix it. */
final class DoctorReport {
    private final PrintWriter out;
    private int failures;

    DoctorReport(PrintWriter out) {
        this.out = out;
    }

    void ok(String what) {
        out.println("✔ " + what);
        out.flush();
    }

    void fail(String what, String fix) {
        failures++;
        out.println("✘ " + what);
        out.println("    fix: " + fix);
        out.flush();
    }

    /** A check that could not run, and why; not a failure. */
    void skipped(String what, String why) {
        out.println("- " + what + ": not checked, " + why);
        out.flush();
    }

    int failures() {
        return failures;
    }
}
