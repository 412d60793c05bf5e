package dev.herald.sidecar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.adapter.producer.CephOrigin;
import dev.herald.adapter.producer.CephPushEncoder;
import dev.herald.adapter.producer.MinioOrigin;
import dev.herald.adapter.producer.MinioWebhookEncoder;
import dev.herald.adapter.producer.ObjectChange;
import dev.herald.dialects.HttpRequestView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code herald events send}: a test event, shaped exactly as MinIO or Ceph would send it, to Herald's ingest route. */
@Command(name = "events",
        description = "Send test object events to Herald as a backend would.",
        subcommands = EventsCommand.Send.class,
        footer = {"", "Example:", "  herald events send --producer minio --bucket photos --key images/a.jpg"})
public final class EventsCommand {
    @Mixin
    HelpOption help;

    /** The producers, named as typed on the command line. */
    enum Producer { minio, ceph }

    /** The operations, named as typed on the command line. */
    enum Operation {
        put("ObjectCreated:Put"), delete("ObjectRemoved:Delete");

        final String eventName;

        Operation(String eventName) {
            this.eventName = eventName;
        }
    }

    @Command(name = "send", sortOptions = false,
            description = {"Send a test event for a put or delete of bucket/key, as MinIO or Ceph would.",
                    "The body and authentication are exactly that producer's: MinIO's webhook (POST /ingest/minio, "
                    + "Authorization: Bearer <ingest.minio.token>, "
                    + "form-encoded record key) or Ceph's HTTP push (POST /ingest/ceph/<ingest.ceph.token>, raw key, "
                    + "no content type). Prints Herald's answer and how many deliveries it scheduled."},
            footer = {"", "Examples:",
                    "  herald events send --producer minio --bucket photos --key 'images/a b.jpg' \\",
                    "      --size 2048 --content-type image/jpeg",
                    "  herald events send --producer ceph --bucket photos --key a.jpg --event delete"})
    static final class Send extends CliCommand {
        private static final String EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

        @Mixin
        HeraldConnection connection;

        @Option(names = "--producer", required = true, paramLabel = "PRODUCER",
                description = "whose format to send: ${COMPLETION-CANDIDATES} (required)")
        Producer producer;

        @Option(names = "--bucket", required = true, paramLabel = "BUCKET", description = "the bucket (required)")
        String bucket;

        @Option(names = "--key", required = true, paramLabel = "KEY", description = "the object key, as is (required)")
        String key;

        @Option(names = "--event", paramLabel = "EVENT", defaultValue = "put",
                description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        Operation event;

        @Option(names = "--size", paramLabel = "N", defaultValue = "0",
                description = "object size in bytes (default: ${DEFAULT-VALUE})")
        long size;

        @Option(names = "--content-type", paramLabel = "TYPE", defaultValue = "application/octet-stream",
                description = "object content type; Ceph sends none (default: ${DEFAULT-VALUE})")
        String contentType;

        @Option(names = "--etag", paramLabel = "ETAG", defaultValue = EMPTY_MD5,
                description = "object eTag (default: ${DEFAULT-VALUE}, the MD5 of no bytes)")
        String eTag;

        @Option(names = "--token", paramLabel = "TOKEN",
                description = "the ingest token (default: ingest.minio.token or ingest.ceph.token of the config); never printed")
        String token;

        @Override
        int run() {
            ObjectChange change = new ObjectChange(event.eventName, bucket, key, size, eTag, contentType, null, "herald-cli",
                    Instant.now(), Map.of());
            HeraldHttp http = new HeraldHttp(connection.endpoint());
            HeraldHttp.Reply reply = http.send(request(change, token()));
            if (!reply.ok()) {
                throw Refusals.refused(reply);
            }
            out().println(reply.text());
            Json.parse(reply.body()).ifPresent(answer -> out().println(summary(answer)));
            return 0;
        }

        private HttpRequestView request(ObjectChange change, String ingestToken) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            return switch (producer) {
                case minio -> {
                    headers.put("Authorization", "Bearer " + ingestToken);
                    yield HttpRequestView.of("POST", "/ingest/minio", null, headers,
                            MinioWebhookEncoder.encode(change, MinioOrigin.local(change, "herald-cli")));
                }
                // Herald takes everything after /ingest/ceph/ as the token; Jetty refuses an encoded '/' in a path.
                case ceph -> HttpRequestView.of("POST", "/ingest/ceph/" + HeraldHttp.encode(ingestToken).replace("%2F", "/"),
                        null, headers, CephPushEncoder.encode(change, CephOrigin.local(change, "herald", "")));
            };
        }

        private String token() {
            if (token != null) {
                return token;
            }
            String configured = producer == Producer.minio ? connection.config().ingest().minio().token()
                    : connection.config().ingest().ceph().token();
            if (configured == null) {
                throw CliException.usage("no ingest token: pass --token, or set ingest." + producer + ".token in "
                        + connection.configPath());
            }
            return configured;
        }

        /** {@code 1 event accepted, 1 delivery scheduled}, and a hint when no rule matched. */
        private String summary(JsonNode answer) {
            int accepted = answer.path("accepted").asInt();
            int duplicates = answer.path("duplicates").asInt();
            int deliveries = answer.path("deliveries").asInt();
            String line = plural(accepted, "event") + " accepted"
                    + (duplicates > 0 ? " (" + plural(duplicates, "duplicate") + ")" : "")
                    + ", " + (deliveries == 1 ? "1 delivery" : deliveries + " deliveries") + " scheduled";
            return accepted > 0 && deliveries == 0
                    ? line + " (no rule matched; see herald rules get --bucket " + bucket + " --dialect ...)" : line;
        }

        private static String plural(int n, String noun) {
            return n + " " + noun + (n == 1 ? "" : "s");
        }
    }
}
