package dev.herald.adapter.backend;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;
import software.amazon.awssdk.services.sns.SnsClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Ceph RGW: a persistent SNS topic whose {@code push-endpoint} is Herald's Ceph ingest URL with
 * its token (created or updated with {@code CreateTopic}, which RGW treats as idempotent by name),
 * and a {@code TopicConfiguration} on the bucket for {@code s3:ObjectCreated:*} and
 * {@code s3:ObjectRemoved:*}. Unwiring removes only Herald's configuration (RGW's
 * {@code DELETE ?notification=herald}); the topic stays for other buckets.
 */
public final class CephBucketWiring implements BucketWiring {
    private final S3Client s3;
    private final SnsClient sns;
    private final String topicName;
    private final Supplier<URI> pushEndpoint;

    /**
     * @param pushEndpoint Herald's Ceph ingest URL as RGW reaches it, token included
     *                     ({@code .../ingest/ceph/{token}}); asked for at each wiring, as it may
     *                     depend on the port Herald got
     */
    public CephBucketWiring(S3Backend backend, String topicName, Supplier<URI> pushEndpoint) {
        this.s3 = backend.client();
        this.sns = backend.snsClient();
        this.topicName = topicName;
        this.pushEndpoint = pushEndpoint;
    }

    @Override
    public void wire(String bucket) {
        GetBucketNotificationConfigurationResponse current = current(bucket);
        String topicArn = ensureTopic();
        if (current.topicConfigurations().stream().anyMatch(t -> CONFIGURATION_ID.equals(t.id()) && topicArn.equals(t.topicArn()))) {
            return;
        }
        List<TopicConfiguration> topics = new ArrayList<>(current.topicConfigurations().stream()
                .filter(t -> !CONFIGURATION_ID.equals(t.id())).toList());
        topics.add(TopicConfiguration.builder().id(CONFIGURATION_ID).topicArn(topicArn)
                .events(Event.S3_OBJECT_CREATED, Event.S3_OBJECT_REMOVED).build());
        try {
            s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n.topicConfigurations(topics)));
        } catch (SdkException e) {
            throw new BackendUnavailableException("PutBucketNotificationConfiguration " + bucket + " failed: "
                    + S3Backend.firstLine(e.getMessage()), e);
        }
    }

    @Override
    public void unwire(String bucket) {
        if (isWired(bucket)) {
            CephNotificationDelete.delete(s3, bucket, CONFIGURATION_ID);
        }
    }

    @Override
    public boolean isWired(String bucket) {
        return current(bucket).topicConfigurations().stream().anyMatch(t -> CONFIGURATION_ID.equals(t.id()));
    }

    private String ensureTopic() {
        try {
            return sns.createTopic(b -> b.name(topicName).attributes(Map.of(
                    "push-endpoint", pushEndpoint.get().toString(),
                    "persistent", "true",
                    "verify-ssl", "true"))).topicArn();
        } catch (SdkException e) {
            throw new BackendUnavailableException("CreateTopic " + topicName + " failed: " + S3Backend.firstLine(e.getMessage()), e);
        }
    }

    private GetBucketNotificationConfigurationResponse current(String bucket) {
        try {
            return s3.getBucketNotificationConfiguration(b -> b.bucket(bucket));
        } catch (SdkException e) {
            throw new BackendUnavailableException("GetBucketNotificationConfiguration " + bucket + " failed: "
                    + S3Backend.firstLine(e.getMessage()), e);
        }
    }
}
