package dev.herald.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Free TCP ports for servers a test stops and starts again on the same port. Uses only the JDK. */
public final class Ports {
    private Ports() {
    }

    /**
     * A port free now, preferably below the kernel's ephemeral range: a port that is reused after
     * an outage must not be taken meanwhile by an outgoing connection, nor by a connection to
     * itself (Linux connects a socket to itself when it dials a port of the ephemeral range that
     * nothing listens on and picks that same port as its source).
     */
    public static int freePort() {
        int low = 32768;
        try {
            // readAllLines, not readString: on some kernels (6.18 here) Files.readString returns only
            // the first byte of this sysctl file ("3"), which silently put every port in the ephemeral range.
            low = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim()
                    .split("\\s+")[0]);
        } catch (IOException | RuntimeException notLinux) {
            // keep the usual Linux default
        }
        for (int i = 0; low > 11_000 && i < 50; i++) {
            int candidate = 10_000 + ThreadLocalRandom.current().nextInt(low - 10_000);
            try (ServerSocket s = new ServerSocket(candidate)) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
