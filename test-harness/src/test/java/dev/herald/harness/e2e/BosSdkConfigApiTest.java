package dev.herald.harness.e2e;

import com.baidubce.BceServiceException;
import com.baidubce.services.bos.BosClient;
import com.baidubce.services.bos.model.Notification;
import dev.herald.harness.HeraldExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.CEPH_TOKEN;
import static dev.herald.harness.HeraldExtension.MINIO_TOKEN;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official BOS Java SDK manages rules on a running Herald, over a real socket. */
class BosSdkConfigApiTest {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.withConfig("""
            credentials:
              - { accessKey: %s, secretKey: %s, buckets: ["*"] }
              - { accessKey: limited-ak, secretKey: limited-sk, buckets: ["logs-*"] }
            ingest: { minio: { token: %s }, ceph: { token: %s } }
            delivery: { allowPrivateTargets: true }
            """.formatted(ACCESS_KEY, SECRET_KEY, MINIO_TOKEN, CEPH_TOKEN));

    private BosClient sdk() {
        return BosSdk.client(herald.baseUri(), ACCESS_KEY, SECRET_KEY);
    }

    @Test
    void putGetDeleteRoundTrip() {
        BosClient bos = sdk();
        Notification rule = BosSdk.rule("n1", "http://127.0.0.1:9999/bos", "0123456789abcdef0123456789abcdef",
                List.of("/images/", "photos-bucket/docs/*.txt"), List.of("PutObject", "CompleteMultipartUpload"));
        bos.putNotification("photos-bucket", List.of(rule));

        List<Notification> got = bos.getNotification("photos-bucket").getNotifications();
        assertThat(got).singleElement().satisfies(n -> {
            assertThat(n.getId()).isEqualTo("n1");
            assertThat(n.getName()).isEqualTo("rule n1");
            assertThat(n.getAppId()).isEqualTo("app-n1");
            assertThat(n.getStatus()).isEqualTo("enabled");
            assertThat(n.getResources()).containsExactly("/images/", "photos-bucket/docs/*.txt");
            assertThat(n.getEvents()).containsExactly("PutObject", "CompleteMultipartUpload");
            assertThat(n.getEncryption().getKey()).isEqualTo("0123456789abcdef0123456789abcdef");
            assertThat(n.getApps()).singleElement().satisfies(a -> {
                assertThat(a.getId()).isEqualTo("app-n1");
                assertThat(a.getEventUrl()).isEqualTo("http://127.0.0.1:9999/bos");
                assertThat(a.getXVars()).isEqualTo("{\"saveUrl\":\"http://example.com/ocr\"}");
            });
        });

        // PUT replaces the whole rule set.
        bos.putNotification("photos-bucket", List.of(
                BosSdk.rule("n2", "http://127.0.0.1:9999/a", null, List.of("/"), List.of("DeleteObject")),
                BosSdk.rule("n3", "http://127.0.0.1:9999/b", null, List.of("/"), List.of("ObjectCreateGroup:*"))));
        assertThat(bos.getNotification("photos-bucket").getNotifications()).extracting(Notification::getId)
                .containsExactly("n2", "n3");

        bos.deleteNotification("photos-bucket");
        assertThat(bos.getNotification("photos-bucket").getNotifications()).isEmpty();
    }

    @Test
    void aBucketWithoutRulesAnswersAnEmptyList() {
        assertThat(sdk().getNotification("never-configured").getNotifications()).isEmpty();
    }

    @Test
    void aWrongSecretIsRefused() {
        BosClient wrong = BosSdk.client(herald.baseUri(), ACCESS_KEY, "not-the-secret");
        assertThatThrownBy(() -> wrong.getNotification("photos-bucket"))
                .isInstanceOfSatisfying(BceServiceException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorCode()).isEqualTo("SignatureDoesNotMatch");
                    assertThat(e.getRequestId()).isNotBlank();
                });
        assertThatThrownBy(() -> wrong.putNotification("photos-bucket",
                List.of(BosSdk.rule("x", "http://127.0.0.1:1/x", null, List.of("/"), List.of("PutObject")))))
                .isInstanceOfSatisfying(BceServiceException.class, e -> assertThat(e.getErrorCode()).isEqualTo("SignatureDoesNotMatch"));
        assertThat(sdk().getNotification("photos-bucket").getNotifications()).extracting(Notification::getId).doesNotContain("x");
    }

    @Test
    void anUnknownAccessKeyIsRefused() {
        BosClient stranger = BosSdk.client(herald.baseUri(), "nobody", "whatever");
        assertThatThrownBy(() -> stranger.getNotification("photos-bucket"))
                .isInstanceOfSatisfying(BceServiceException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(403);
                    assertThat(e.getErrorCode()).isEqualTo("InvalidAccessKeyId");
                });
    }

    @Test
    void aCredentialOnlyReachesItsBuckets() {
        BosClient limited = BosSdk.client(herald.baseUri(), "limited-ak", "limited-sk");
        limited.putNotification("logs-2026", List.of(BosSdk.rule("l", "http://127.0.0.1:1/l", null, List.of("/"), List.of("PutObject"))));
        assertThat(limited.getNotification("logs-2026").getNotifications()).hasSize(1);
        assertThatThrownBy(() -> limited.getNotification("photos-bucket"))
                .isInstanceOfSatisfying(BceServiceException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(403);
                    assertThat(e.getErrorCode()).isEqualTo("AccessDenied");
                });
    }

    @Test
    void anInvalidRuleIsRefusedWithTheReason() {
        BosClient bos = sdk();
        assertThatThrownBy(() -> bos.putNotification("photos-bucket",
                List.of(BosSdk.rule("bad", "http://127.0.0.1:1/x", null, List.of("/"), List.of("PutObjectt")))))
                .isInstanceOfSatisfying(BceServiceException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorCode()).isEqualTo("InvalidArgument");
                    assertThat(e.getErrorMessage()).contains("PutObjectt");
                });
        assertThatThrownBy(() -> bos.putNotification("photos-bucket",
                List.of(BosSdk.rule("bad", "app:ImageOcr", null, List.of("/"), List.of("PutObject")))))
                .isInstanceOfSatisfying(BceServiceException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo("InvalidArgument");
                    assertThat(e.getErrorMessage()).contains("app:ImageOcr").contains("appUrls");
                });
    }
}
