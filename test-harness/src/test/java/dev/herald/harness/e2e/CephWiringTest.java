package dev.herald.harness.e2e;

import com.baidubce.BceServiceException;
import com.baidubce.services.bos.BosClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.ceph.CephRgwExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Herald wires a real Ceph RGW by itself: a BOS rule put with the SDK makes Herald create its
 * persistent topic and the bucket's notification configuration; an object uploaded with the AWS
 * SDK arrives as a BOS event with the content type Herald looked up (Ceph sends none); deleting
 * the last rule removes Herald's configuration and keeps the bucket's others. The event's
 * {@code content.credentials} (STS, scoped to the object) read that object and nothing else.
 */
class CephWiringTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "dir/a b+c%d é.txt";

    @RegisterExtension
    static CephRgwExtension ceph = CephRgwExtension.withBuckets("wired");
    static String readRole;

    @BeforeAll
    static void prepare() {
        ceph.s3().putObject(b -> b.bucket("wired").key("secret.txt"), RequestBody.fromString("not for you"));
        readRole = ceph.rgw().createReadRole("herald-read");
    }


    @RegisterExtension
    HeraldExtension herald = HeraldExtension.withConfig(() -> HeraldExtension.DEFAULT_YAML + """
            admin: { token: admin-secret }
            backend:
              endpoint: %s
              accessKey: %s
              secretKey: %s
              kind: ceph
              temporaryCredentials: { roleArn: "%s", lifetime: 1h, scope: object }
            """.formatted(ceph.rgw().endpoint(), ceph.rgw().accessKey(), ceph.rgw().secretKey(), readRole));

    private List<TopicConfiguration> topicConfigurations(String bucket) {
        return ceph.s3().getBucketNotificationConfiguration(b -> b.bucket(bucket)).topicConfigurations();
    }

    @Test
    void aRuleWiresTheBucketAndTheLastRuleGoneUnwiresIt() throws Exception {
        BosClient bos = BosSdk.client(herald.baseUri(), ACCESS_KEY, SECRET_KEY);
        try {
            bos.putNotification("wired", List.of(BosSdk.rule("all-wired", herald.receiver().url("/bos").toString(), null,
                    List.of("/"), List.of("ObjectCreateGroup:*", "DeleteObject"))));
            assertThat(topicConfigurations("wired")).singleElement().satisfies(t -> {
                assertThat(t.id()).isEqualTo("herald");
                assertThat(t.eventsAsStrings()).containsExactlyInAnyOrder("s3:ObjectCreated:*", "s3:ObjectRemoved:*");
            });
            bos.putNotification("wired", List.of(BosSdk.rule("all-wired", herald.receiver().url("/bos").toString(), null,
                    List.of("/"), List.of("ObjectCreateGroup:*", "DeleteObject"))));
            assertThat(topicConfigurations("wired")).as("wiring again changes nothing").hasSize(1);

            HttpResponse<String> doctor = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    herald.baseUri().resolve("/admin/backend/wiring")).header("Authorization", "Bearer admin-secret").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(doctor.body()).get("buckets").get(0).get("wired").asBoolean()).isTrue();

            ceph.s3().putObject(b -> b.bucket("wired").key(KEY).contentType("text/plain; charset=utf-8"), RequestBody.fromString("hello"));
            // A new persistent topic is found by RGW's queue scan, every 30 s.
            RecordedRequest push = herald.receiver().awaitRequests(1, Duration.ofSeconds(90)).getFirst();
            JsonNode content = JSON.readTree(push.body()).get("events").get(0).get("content");
            assertThat(content.get("object").asText()).isEqualTo(KEY);
            assertThat(content.get("contentType").asText()).as("looked up: Ceph sends none").isEqualTo("text/plain; charset=utf-8");
            assertThat(content.get("filesize").asLong()).isEqualTo(5);

            // content.credentials read exactly this object, nothing else.
            JsonNode credentials = content.get("credentials");
            try (S3Client reader = S3Client.builder().endpointOverride(ceph.rgw().endpoint()).region(Region.US_EAST_1)
                    .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                            credentials.get("accessKeyId").asText(), credentials.get("secretAccessKey").asText(),
                            credentials.get("sessionToken").asText()))).build()) {
                assertThat(reader.getObjectAsBytes(b -> b.bucket("wired").key(KEY)).asUtf8String()).isEqualTo("hello");
                assertThatThrownBy(() -> reader.getObjectAsBytes(b -> b.bucket("wired").key("secret.txt")))
                        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            }

            bos.deleteNotification("wired");
            assertThat(topicConfigurations("wired")).as("unwired").isEmpty();

            assertThatThrownBy(() -> bos.putNotification("no-such-bucket", List.of(BosSdk.rule("r", herald.receiver().url("/x").toString(),
                    null, List.of("/"), List.of("PutObject")))))
                    .as("a bucket the backend does not have: BOS's own error, nothing stored or wired")
                    .isInstanceOfSatisfying(BceServiceException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(404);
                        assertThat(e.getErrorCode()).isEqualTo("NoSuchBucket");
                    });
            assertThat(herald.receiver().requests()).hasSize(1);
        } finally {
            bos.shutdown();
        }
    }
}
