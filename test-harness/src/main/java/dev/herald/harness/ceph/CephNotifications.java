package dev.herald.harness.ceph;

import dev.herald.adapter.backend.CephNotificationDelete;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;
import software.amazon.awssdk.services.sns.SnsClient;


import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Ceph RGW bucket notifications (the SNS-compatible topic API plus S3 bucket notification
 * configuration) driven through the plain AWS SDK v2 clients.
 *
 * <p>Verified against Ceph 16.2.15: the SDK's SNS {@code CreateTopic} request (form POST to
 * {@code /} with {@code Action=CreateTopic}, {@code Version=2010-03-31} and
 * {@code Attributes.entry.N.key/value}, SigV4 with service {@code sns} and region us-east-1) is
 * accepted as is, so no hand-made form POST is needed. RGW answers with an ARN of the form
 * {@code arn:aws:sns:default::NAME} (its zonegroup, not the client's region) and stores the
 * attributes it does not know as push-endpoint arguments. {@code GetTopicAttributes},
 * {@code ListTopics} and {@code DeleteTopic} work through the SDK as well.
 *
 * <p>The one gap is removing a bucket's notifications: Ceph 16 refuses an empty S3
 * configuration, so {@link #unsubscribeBucket} signs RGW's {@code DELETE ?notification} itself.
 *
 * <p>Topics are not owned by a bucket: delete them explicitly. A persistent topic queues events in
 * RADOS; radosgw 16 only notices a new queue on its queue-list scan, every 30 s, so the first push
 * of a freshly created persistent topic can arrive up to ~30 s after the S3 call (later ones are
 * prompt). Create topics early and reuse them when that matters.
 */
public final class CephNotifications {
    private final S3Client s3;
    private final SnsClient sns;

    public CephNotifications(S3Client s3, SnsClient sns) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.sns = Objects.requireNonNull(sns, "sns");
    }

    /**
     * Creates (or updates: RGW's CreateTopic is idempotent by name) a topic pushing to an HTTP(S)
     * endpoint and returns its ARN.
     *
     * @param persistent true to have RGW queue events and deliver them asynchronously with retries
     * @param opaqueData copied verbatim into every record's {@code opaqueData}; omitted when null
     */
    public String createPushTopic(String name, URI pushEndpoint, boolean persistent, String opaqueData) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("push-endpoint", pushEndpoint.toString());
        attributes.put("persistent", Boolean.toString(persistent));
        if (opaqueData != null) {
            attributes.put("OpaqueData", opaqueData);
        }
        attributes.put("verify-ssl", "false");
        return sns.createTopic(b -> b.name(name).attributes(attributes)).topicArn();
    }

    /**
     * Replaces the bucket's whole notification configuration with one topic configuration.
     *
     * @param id     the configuration id, which RGW reports as {@code s3.configurationId}
     * @param events e.g. {@code s3:ObjectCreated:*}, {@code s3:ObjectRemoved:*}
     */
    public void subscribeBucket(String bucket, String id, String topicArn, List<String> events) {
        TopicConfiguration topic = TopicConfiguration.builder()
                .id(id)
                .topicArn(topicArn)
                .eventsWithStrings(events)
                .build();
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket)
                .notificationConfiguration(NotificationConfiguration.builder().topicConfigurations(topic).build()));
    }

    /**
     * Removes every notification configuration from the bucket (the topics stay).
     *
     * <p>Ceph 16 rejects the standard way, an empty {@code PutBucketNotificationConfiguration}
     * ("at least one 'TopicConfiguration' must exist", HTTP 400), so this sends RGW's own extension
     * {@code DELETE /BUCKET?notification}, SigV4-signed with the S3 client's endpoint, region and
     * credentials, because the SDK has no operation for it.
     */
    public void unsubscribeBucket(String bucket) {
        CephNotificationDelete.delete(s3, bucket, null);
    }

    public void deleteTopic(String arn) {
        sns.deleteTopic(b -> b.topicArn(arn));
    }
}
