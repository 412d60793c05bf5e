package dev.herald.harness.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ksyun.ks3.http.HttpMethod;
import com.ksyun.ks3.service.Ks3ClientConfig.SignerVersion;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.RecordingReceiver;
import dev.herald.harness.ceph.CephRgwExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Duration;
import java.util.List;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * KS3 failure reports written to a real Ceph RGW: a rule whose callback always fails, its
 * deliveries dead after the (short) retry budget, the report object read back with the AWS SDK.
 * Also the bucket check: rules for a bucket the backend does not have are refused.
 */
class Ks3FailureReportCephTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static CephRgwExtension ceph = CephRgwExtension.withBuckets("photos", "reports");



    /** Instance field: the config needs Ceph's port, known only after {@code @BeforeAll}. */
    @RegisterExtension
    HeraldExtension herald = HeraldExtension.withConfig(() -> HeraldExtension.DEFAULT_YAML
            .replace("  retrySchedule: [0s, 200ms, 500ms, 1s, 2s]", "  retrySchedule: [0s, 100ms]") + """
            backend:
              endpoint: %s
              accessKey: %s
              secretKey: %s
            dialects:
              ks3: { reportInterval: 1s }
            """.formatted(ceph.rgw().endpoint(), ceph.rgw().accessKey(), ceph.rgw().secretKey()));

    @Test
    void deadDeliveriesAreReportedToTheBackendAndRulesNeedAnExistingBucket() throws Exception {
        RecordingReceiver receiver = herald.receiver().answerWith(r -> RecordingReceiver.Answer.status(500));
        String rules = """
                {"Notifications":[{"RuleId":"failing","Events":["ks3:ObjectCreated:*"],
                  "Destinations":[{"DestType":"Endpoint","CallbackUrl":"%s"}],
                  "Report":{"ReportType":"failed","Enabled":"true","Bucket":"reports","Prefix":"failed/"}}]}"""
                .formatted(receiver.url("/ks3"));
        assertThat(Ks3Sdk.send(herald.baseUri(), HttpMethod.PUT, "no-such-bucket", rules, SignerVersion.V4, ACCESS_KEY, SECRET_KEY))
                .satisfies(r -> assertThat(r.status()).isEqualTo(404))
                .satisfies(r -> assertThat(r.body()).contains("<Code>NoSuchBucket</Code>"));
        assertThat(Ks3Sdk.send(herald.baseUri(), HttpMethod.PUT, "photos", rules, SignerVersion.V4, ACCESS_KEY, SECRET_KEY)
                .status()).isEqualTo(200);

        herald.minio(ObjectOperation.put("photos", "a b/c+d.jpg").size(7).eTag("abc"));
        receiver.awaitRequests(2, Duration.ofSeconds(10));

        List<S3Object> reports = await().atMost(Duration.ofSeconds(30)).until(
                () -> ceph.s3().listObjectsV2(b -> b.bucket("reports").prefix("failed/")).contents(), list -> !list.isEmpty());
        assertThat(reports).singleElement().satisfies(o -> assertThat(o.key()).matches("failed/photos-failing-\\d{8}T\\d{9}Z\\.jsonl"));
        String body = ceph.s3().getObjectAsBytes(b -> b.bucket("reports").key(reports.getFirst().key())).asUtf8String();
        assertThat(body.lines()).hasSize(1);
        JsonNode line = JSON.readTree(body.lines().findFirst().orElseThrow());
        assertThat(line.get("rule").asText()).isEqualTo("failing");
        assertThat(line.get("event").asText()).isEqualTo("ks3:ObjectCreated:PutObject");
        assertThat(line.get("bucket").asText()).isEqualTo("photos");
        assertThat(line.get("key").asText()).isEqualTo("a b/c+d.jpg");
        assertThat(line.get("callback").asText()).isEqualTo(receiver.url("/ks3").toString());
        assertThat(line.get("method").asText()).isEqualTo("POST");
        assertThat(line.get("attempts").asInt()).isEqualTo(2);
        assertThat(line.get("lastStatus").asInt()).isEqualTo(500);
        assertThat(herald.server().metrics().scrape()).contains("herald_failure_reports_total{outcome=\"written\"} 1.0");
    }
}
