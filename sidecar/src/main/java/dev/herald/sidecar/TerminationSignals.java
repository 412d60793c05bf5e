package dev.herald.sidecar;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop, handled by Herald rather than by the JVM's default,
 * which would run the shutdown hooks and exit with 143: a supervisor (Kubernetes, systemd) reads
 * a non-zero status as a crash. Herald shuts down gracefully and exits 0 (docs/operations.md,
 * "Shutdown").
 */
final class TerminationSignals {
    private TerminationSignals() {
    }

    static void onTermination(Runnable stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> stop.run());
        }
    }
}
