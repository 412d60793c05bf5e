package dev.herald.sidecar.cli;

import dev.herald.adapter.backend.BackendUnavailableException;
import dev.herald.adapter.backend.S3Backend;
import dev.herald.sidecar.config.HeraldConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** {@code herald doctor}'s checks of the S3 server behind Herald: its credentials and its clock. */
final class BackendChecks {
    /** S3 servers refuse requests signed 15 minutes off; vendor signatures and event times go wrong long before. */
    static final Duration MAX_SKEW = Duration.ofSeconds(30);

    private final HeraldConfig.Backend backend;
    private final DoctorReport report;
    private final Clock clock;

    BackendChecks(HeraldConfig.Backend backend, DoctorReport report, Clock clock) {
        this.backend = backend;
        this.report = report;
        this.clock = clock;
    }

    void credentials() {
        try (S3Backend s3 = S3Backend.connect(URI.create(backend.endpoint()), backend.accessKey(), backend.secretKey(),
                backend.region())) {
            int buckets = s3.bucketCount();
            report.ok("backend " + backend.endpoint() + " accepts backend.accessKey " + backend.accessKey() + " (it lists "
                    + buckets + " bucket" + (buckets == 1 ? "" : "s") + ")");
        } catch (BackendUnavailableException e) {
            boolean refused = e.getMessage().contains("(HTTP 403)");
            report.fail("backend: " + e.getMessage(), refused
                    ? "set backend.accessKey and backend.secretKey (HERALD_BACKEND_SECRETKEY) to a key the backend knows"
                    : "check backend.endpoint, and that the S3 server runs and is reachable from here");
        }
    }

    void clockSkew() {
        Optional<Instant> date;
        try {
            date = backendDate();
        } catch (IOException e) {
            report.fail("clock skew: cannot reach the backend at " + backend.endpoint() + " (" + e.getMessage() + ")",
                    "check backend.endpoint, and that the S3 server runs and is reachable from here");
            return;
        }
        if (date.isEmpty()) {
            report.fail("clock skew: the backend at " + backend.endpoint() + " sent no Date header",
                    "check backend.endpoint: S3 servers date every answer");
            return;
        }
        Duration skew = Duration.between(clock.instant(), date.get());
        String what = "clock skew against the backend: " + (skew.isNegative() ? "" : "+") + skew.toSeconds() + " s";
        if (skew.abs().compareTo(MAX_SKEW) > 0) {
            report.fail(what, "synchronise this machine's and the backend's clocks (NTP): at most " + MAX_SKEW.toSeconds() + " s apart");
        } else {
            report.ok(what);
        }
    }

    private Optional<Instant> backendDate() throws IOException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(backend.endpoint()))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.headers().firstValue("Date")
                    .map(d -> ZonedDateTime.parse(d, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
