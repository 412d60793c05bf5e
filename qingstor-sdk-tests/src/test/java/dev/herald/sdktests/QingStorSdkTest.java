package dev.herald.sdktests;

import com.qingstor.sdk.config.EnvContext;
import com.qingstor.sdk.service.Bucket;
import com.qingstor.sdk.service.Types;
import dev.herald.harness.HeraldProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The official QingStor Java SDK 2.6.5 manages notification rules on a running Herald, unchanged. */
class QingStorSdkTest {
    private static final String AK = "QSTESTACCESSKEY00000";
    private static final String SK = "qs-test-secret-key-0000000000000000000000";

    @TempDir
    static Path dir;
    static HeraldProcess herald;

    @BeforeAll
    static void start() throws Exception {
        herald = HeraldProcess.start(dir, """
                credentials:
                  - { accessKey: %s, secretKey: %s, buckets: ["photos"] }
                delivery: { allowPrivateTargets: true }
                """.formatted(AK, SK));
    }

    @AfterAll
    static void stop() {
        if (herald != null) {
            herald.close();
        }
    }

    private static Bucket bucket(String name, String secret) {
        EnvContext env = new EnvContext(AK, secret);
        env.setEndpoint(herald.baseUri().toString());
        return new Bucket(env, "herald", name);
    }

    private static Types.NotificationModel notifier(String id, List<String> events, List<String> filters, String url) {
        Types.NotificationModel n = new Types.NotificationModel();
        n.setID(id);
        n.setCloudfunc("notifier");
        n.setEventTypes(events);
        n.setObjectFilters(filters);
        n.setNotifyURL(url);
        return n;
    }

    @Test
    void putGetAndDeleteRulesWithTheSdk() throws Exception {
        Bucket photos = bucket("photos", SK);
        Bucket.PutBucketNotificationInput input = new Bucket.PutBucketNotificationInput();
        input.setNotifications(List.of(
                notifier("n1", List.of("create_object", "delete_object"), List.of("*.jpg", "images/*"), "http://127.0.0.1:9999/qs"),
                notifier("n2", List.of("complete_multipart"), null, "http://127.0.0.1:9999/mp")));
        Bucket.PutBucketNotificationOutput put = photos.putNotification(input);
        assertThat(put.getStatueCode()).as(put.getMessage()).isEqualTo(200);

        Bucket.GetBucketNotificationOutput got = photos.getNotification();
        assertThat(got.getStatueCode()).isEqualTo(200);
        assertThat(got.getNotifications()).extracting(Types.NotificationModel::getID).containsExactly("n1", "n2");
        Types.NotificationModel n1 = got.getNotifications().getFirst();
        assertThat(n1.getEventTypes()).containsExactly("create_object", "delete_object");
        assertThat(n1.getObjectFilters()).containsExactly("*.jpg", "images/*");
        assertThat(n1.getNotifyURL()).isEqualTo("http://127.0.0.1:9999/qs");

        assertThat(photos.deleteNotification().getStatueCode()).isEqualTo(204);
        Bucket.GetBucketNotificationOutput none = photos.getNotification();
        assertThat(none.getStatueCode()).isEqualTo(200);
        assertThat(none.getNotifications()).isEmpty();
    }

    @Test
    void wrongSecretsOtherBucketsAndBadRulesGetQingStorErrors() throws Exception {
        Bucket.GetBucketNotificationOutput wrongSecret = bucket("photos", "not-the-secret").getNotification();
        assertThat(wrongSecret.getStatueCode()).isEqualTo(401);
        assertThat(wrongSecret.getCode()).isEqualTo("signature_not_matched");

        Bucket.GetBucketNotificationOutput otherBucket = bucket("videos", SK).getNotification();
        assertThat(otherBucket.getStatueCode()).isEqualTo(403);
        assertThat(otherBucket.getCode()).isEqualTo("permission_denied");

        Bucket.PutBucketNotificationInput bad = new Bucket.PutBucketNotificationInput();
        bad.setNotifications(List.of(notifier("n1", List.of("create_object"), null, "ftp://127.0.0.1/qs")));
        Bucket.PutBucketNotificationOutput refused = bucket("photos", SK).putNotification(bad);
        assertThat(refused.getStatueCode()).isEqualTo(400);
        assertThat(refused.getCode()).isEqualTo("invalid_argument");
        assertThat(refused.getMessage()).contains("notify_url");
    }
}
