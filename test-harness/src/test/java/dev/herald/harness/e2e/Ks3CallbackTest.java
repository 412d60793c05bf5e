package dev.herald.harness.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ksyun.ks3.http.HttpMethod;
import com.ksyun.ks3.service.Ks3ClientConfig.SignerVersion;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * KS3 end to end: rules put with requests the KS3 Java SDK signs (V2 and V4), real MinIO and Ceph
 * captures replayed into ingest, callbacks with the rule's method and Herald's documented body.
 */
class Ks3CallbackTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    HeraldExtension herald = HeraldExtension.withConfig(HeraldExtension.DEFAULT_YAML
            .replace("  minio: { token: " + HeraldExtension.MINIO_TOKEN + " }", "  minio: { token: test-token-123 }")
            .replace("  ceph:  { token: " + HeraldExtension.CEPH_TOKEN + " }", "  ceph:  { token: opaque-123 }"));

    @BeforeEach
    void rules() {
        String minioRules = """
                {"Notifications":[
                  {"RuleId":"images_post","Events":["ks3:ObjectCreated:*"],"Resources":[{"Prefix":"images/"}],
                   "Destinations":[{"DestType":"Endpoint","CallbackUrl":"%s"}]},
                  {"RuleId":"docs_put","Method":"PUT","Events":["ks3:ObjectCreated:PutObject","ks3:ObjectRemoved:DeleteObject"],
                   "Resources":[{"Prefix":"docs/","Suffix":".txt"}],
                   "Destinations":[{"DestType":"EndPoint","CallbackUrl":"%s"}]}]}"""
                .formatted(herald.receiver().url("/ks3/post?token=a%2Bb"), herald.receiver().url("/ks3/put"));
        assertThat(Ks3Sdk.send(herald.baseUri(), HttpMethod.PUT, "test-bucket", minioRules, SignerVersion.V2, ACCESS_KEY, SECRET_KEY)
                .status()).isEqualTo(200);
        String cephRules = minioRules.replace("images_post", "ceph_images").replace("docs_put", "ceph_docs");
        assertThat(Ks3Sdk.send(herald.baseUri(), HttpMethod.PUT, "ceph-bucket", cephRules, SignerVersion.V4, ACCESS_KEY, SECRET_KEY)
                .status()).isEqualTo(200);
    }

    @Test
    void theSdkReadsBackWhatItPutAndAWrongSecretIsRefused() {
        Ks3Sdk.Reply get = Ks3Sdk.send(herald.baseUri(), HttpMethod.GET, "test-bucket", "", SignerVersion.V4, ACCESS_KEY, SECRET_KEY);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).contains("\"RuleId\":\"images_post\"", "\"DestType\":\"EndPoint\"", "\"Method\":\"PUT\"");
        Ks3Sdk.Reply wrong = Ks3Sdk.send(herald.baseUri(), HttpMethod.GET, "test-bucket", "", SignerVersion.V2, ACCESS_KEY, "nope");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        assertThat(Ks3Sdk.send(herald.baseUri(), HttpMethod.DELETE, "test-bucket", "", SignerVersion.V2, ACCESS_KEY, SECRET_KEY)
                .status()).isEqualTo(204);
        Ks3Sdk.Reply none = Ks3Sdk.send(herald.baseUri(), HttpMethod.GET, "test-bucket", "", SignerVersion.V2, ACCESS_KEY, SECRET_KEY);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.body()).contains("<Code>NoSuchBucketNotification</Code>");
    }

    @Test
    void minioAndCephEventsBecomeCallbacksWithTheRulesMethod() throws IOException {
        replay("minio-2024-01/webhook-01-put-images-photo-bearer.json");
        replay("minio-2024-01/webhook-03-put-docs-readme.json");
        replay("minio-2024-01/webhook-06-delete-docs-readme.json");
        replay("ceph-16.2.15/http-push-01-put-images-photo.json");
        replay("ceph-16.2.15/http-push-05-delete-docs-readme.json");

        List<RecordedRequest> callbacks = herald.receiver().awaitRequests(5, Duration.ofSeconds(10)).stream()
                .sorted(Comparator.comparing(RecordedRequest::bodyText)).toList();
        assertThat(callbacks).hasSize(5);
        for (RecordedRequest r : callbacks) {
            JsonNode record = JSON.readTree(r.body()).get("Records").get(0);
            String rule = record.at("/s3/configurationId").asText();
            String key = record.at("/s3/object/key").asText();
            assertThat(r.header("Content-Type")).startsWith("application/json");
            if (rule.endsWith("_post") || rule.equals("ceph_images")) {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.path() + "?" + r.query()).isEqualTo("/ks3/post?token=a%2Bb");
                assertThat(key).as("raw key, not form-encoded").isEqualTo("images/photo 1.jpg");
                assertThat(record.get("eventName").asText()).isEqualTo("ks3:ObjectCreated:PutObject");
                assertThat(record.at("/s3/object/size").asLong()).isEqualTo(10);
                assertThat(record.at("/s3/object/eTag").asText()).isEqualTo("501590c529b9ce8bb8da7e80ab98e2fe");
            } else {
                assertThat(r.method()).isEqualTo("PUT");
                assertThat(r.path()).isEqualTo("/ks3/put");
                assertThat(key).isEqualTo("docs/readme.txt");
                assertThat(record.get("eventName").asText()).isIn("ks3:ObjectCreated:PutObject", "ks3:ObjectRemoved:DeleteObject");
            }
            assertThat(record.get("eventSource").asText()).isEqualTo("ks3:s3");
        }
        assertThat(callbacks).extracting(r -> JSON.readTree(r.body()).at("/Records/0/s3/configurationId").asText())
                .containsExactlyInAnyOrder("images_post", "docs_put", "docs_put", "ceph_images", "ceph_docs");
        String minioPut = callbacks.stream().map(RecordedRequest::bodyText).filter(b -> b.contains("\"images_post\"")).findFirst().orElseThrow();
        assertThat(JSON.readTree(minioPut).at("/Records/0/s3/object/contentType").asText()).isEqualTo("image/jpeg");
        assertThat(JSON.readTree(minioPut).at("/Records/0/userIdentity/principalId").asText()).isEqualTo("minioadmin");
    }

    private void replay(String capture) {
        Capture c = Capture.load(capture);
        HeraldExtension.Reply reply = c.path().startsWith("/minio/")
                ? herald.post("/ingest/minio", c.body(), "Bearer test-token-123")
                : herald.post("/ingest/ceph/opaque-123", c.body(), null);
        assertThat(reply.status()).as(capture + ": " + reply.body()).isEqualTo(200);
    }
}
