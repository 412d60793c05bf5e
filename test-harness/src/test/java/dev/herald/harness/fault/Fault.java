package dev.herald.harness.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.harness.MinioWebhook;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fault tests share besides their {@link FaultRig}: Herald's config, MinIO's webhook as a
 * producer that resends until acknowledged, reading pushes, and bounded polling.
 */
final class Fault {
    static final String ACCESS_KEY = "fault-ak";
    static final String SECRET_KEY = "fault-sk";
    static final String MINIO_TOKEN = "fault-minio-token";
    static final String BUCKET = "photos";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fault() {
    }

    /** Herald on loopback only, receivers on loopback allowed, this retry schedule without jitter. */
    static String yaml(String retrySchedule) {
        return yaml(retrySchedule, "{}");
    }

    /** The same with these circuit breaker settings (YAML flow mapping, e.g. {@code "{ openFor: 1s }"}). */
    static String yaml(String retrySchedule, String circuitBreaker) {
        return """
                server: { host: 127.0.0.1 }
                credentials:
                  - { accessKey: %s, secretKey: %s, buckets: ["*"] }
                ingest:
                  minio: { token: %s }
                delivery:
                  allowPrivateTargets: true
                  retrySchedule: %s
                  jitter: 0
                  connectTimeout: 1s
                  requestTimeout: 5s
                  circuitBreaker: %s
                """.formatted(ACCESS_KEY, SECRET_KEY, MINIO_TOKEN, retrySchedule, circuitBreaker);
    }

    /** MinIO's webhook body for a PUT of {@code key}; send the same string on every retry, as MinIO does. */
    static String event(String key) {
        return MinioWebhook.body(ObjectOperation.put(BUCKET, key).size(key.length()).eTag("etag-" + key.hashCode())
                .contentType("image/jpeg"));
    }

    /** An answer to an ingest request; status -1 when there was none (refused, reset, timed out). */
    record Answer(int status, String body) {
        boolean acknowledged() {
            return status / 100 == 2;
        }

        /** {@code duplicates} of an acknowledgement: 1 when Herald had stored this event before. */
        int duplicates() {
            try {
                return JSON.readTree(body).path("duplicates").asInt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** MinIO's webhook target: POSTs to {@code /ingest/minio} with its bearer token. */
    static final class Producer {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        private final URI ingest;

        Producer(URI herald) {
            this.ingest = herald.resolve("/ingest/minio");
        }

        /** One attempt. */
        Answer send(String body) {
            HttpRequest request = HttpRequest.newBuilder(ingest).timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + MINIO_TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                return new Answer(r.statusCode(), r.body());
            } catch (IOException noAnswer) {
                return new Answer(-1, String.valueOf(noAnswer));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        /**
         * Ingests MinIO's event for {@code prefix + i + ".jpg"} for each {@code i < events}, one at
         * a time; each must be acknowledged with 200. Returns the keys.
         */
        List<String> ingest(String prefix, int events) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                String key = prefix + i + ".jpg";
                Answer a = send(event(key));
                assertThat(a.status()).as("ingest of %s: %s", key, a.body()).isEqualTo(200);
                keys.add(key);
            }
            return keys;
        }

        /**
         * Sends until acknowledged, as MinIO with a {@code queue_dir} does (it retries every 3 s; here
         * every {@code pause}); fails after {@code timeout}.
         *
         * @param unanswered counts each attempt that was not acknowledged
         */
        Answer sendUntilAcknowledged(String body, Duration pause, Duration timeout, Runnable unanswered) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Answer a = send(body);
                if (a.acknowledged()) {
                    return a;
                }
                unanswered.run();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not acknowledged within " + timeout + "; last answer " + a);
                }
                sleep(pause);
            }
        }
    }

    /** One push as the receiver got it. */
    record Push(String objectKey, String deliveryId, int attempt, long receivedAtMillis) {
        static Push of(RecordedRequest r) {
            try {
                JsonNode body = JSON.readTree(r.body());
                String attempt = r.header("X-Herald-Attempt");
                return new Push(body.at("/events/0/content/object").asText(), r.header("X-Herald-Delivery-Id"),
                        attempt == null ? -1 : Integer.parseInt(attempt), r.receivedAtMillis());
            } catch (IOException e) {
                throw new UncheckedIOException("not a BOS push: " + r.bodyText(), e);
            }
        }
    }

    /** Polls {@code condition} every 50 ms until it holds; an AssertionError naming {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what + " (" + state.get() + ")");
            }
            sleep(Duration.ofMillis(50));
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
