package dev.herald.sidecar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.sidecar.config.HeraldConfig;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code herald doctor}'s checks of this machine: the config's secrets, the data directory, the port. */
final class LocalChecks {
    /** Below this the store soon cannot take a backlog (each pending delivery keeps its payload). */
    static final long MIN_FREE_BYTES = 512L << 20;

    private final HeraldConfig config;
    private final DoctorReport report;

    LocalChecks(HeraldConfig config, DoctorReport report) {
        this.config = config;
        this.report = report;
    }

    void secrets() {
        List<String> placeholders = PlaceholderSecrets.in(config);
        if (placeholders.isEmpty()) {
            report.ok("no secret is a shipped placeholder");
        } else {
            report.fail("placeholder secrets in " + String.join(", ", placeholders),
                    "set secrets of your own, in the config or as HERALD_... variables (e.g. HERALD_CREDENTIALS_0_SECRETKEY)");
        }
    }

    void dataDirectory() {
        Path dir = Path.of(config.store().path()).toAbsolutePath().normalize();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            report.fail("data directory " + dir + " cannot be created", "set store.path to a directory Herald may write");
            return;
        }
        try {
            Files.delete(Files.createTempFile(existing, ".herald-doctor-", ".tmp"));
        } catch (IOException e) {
            report.fail("data directory " + existing + " is not writable by this user (" + e.getMessage() + ")",
                    "run Herald as the directory's owner, or chown it to Herald's user");
            return;
        }
        // statvfs directly: FileStore looks the directory's mount up in /proc/self/mounts, which a chroot may not show.
        long free = existing.toFile().getUsableSpace();
        String what = "data directory " + dir + (existing.equals(dir) ? "" : " (created on start)") + " is writable, "
                + gib(free) + " free";
        if (free < MIN_FREE_BYTES) {
            report.fail(what, "free space on its file system, or set store.path to one with at least " + gib(MIN_FREE_BYTES));
        } else {
            report.ok(what);
        }
    }

    /** Checks the port; returns the Herald holding it, if one does. */
    Optional<String> port() {
        int port = config.server().port();
        if (port == 0) {
            report.ok("server.port is 0: Herald takes any free port");
            return Optional.empty();
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(config.server().host(), port));
            report.ok("port " + port + " on " + config.server().host() + " is free");
            return Optional.empty();
        } catch (BindException inUse) {
            Optional<String> herald = heraldOn(port);
            if (herald.isPresent()) {
                report.ok("port " + port + " is held by " + herald.get());
            } else {
                report.fail("port " + port + " is taken by a program that is not Herald",
                        "stop that program, or give Herald another port (server.port, HERALD_SERVER_PORT)");
            }
            return herald;
        } catch (IOException e) {
            report.fail("cannot listen on " + config.server().host() + ":" + port + ": " + e.getMessage(),
                    "set server.host to an address of this machine (0.0.0.0 for all)");
            return Optional.empty();
        }
    }

    /** {@code Herald <version>} when what answers /healthz on the port says it is Herald. */
    private static Optional<String> heraldOn(int port) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
            Optional<JsonNode> body = r.statusCode() == 200 ? Json.parse(r.body()) : Optional.empty();
            return body.filter(b -> b.path("service").asText().equals("herald"))
                    .map(b -> "Herald " + b.path("version").asText());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
