package dev.herald.adapter.backend;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;

import java.util.ArrayList;
import java.util.List;

/**
 * MinIO: Herald is a webhook target ({@code MINIO_NOTIFY_WEBHOOK_*_<ID>}, ARN
 * {@code arn:minio:sqs::<ID>:webhook}); a bucket is wired by a {@code QueueConfiguration} with that
 * ARN for {@code s3:ObjectCreated:*} and {@code s3:ObjectRemoved:*}. The target itself is MinIO
 * server configuration, which Herald does not change.
 */
public final class MinioBucketWiring implements BucketWiring {
    private final S3Client s3;
    private final String webhookArn;

    public MinioBucketWiring(S3Backend backend, String webhookArn) {
        this.s3 = backend.client();
        this.webhookArn = webhookArn;
    }

    @Override
    public void wire(String bucket) {
        NotificationConfiguration current = current(bucket);
        if (herald(current) != null) {
            return;
        }
        List<QueueConfiguration> queues = new ArrayList<>(current.queueConfigurations());
        queues.add(QueueConfiguration.builder().id(CONFIGURATION_ID).queueArn(webhookArn)
                .events(Event.S3_OBJECT_CREATED, Event.S3_OBJECT_REMOVED).build());
        put(bucket, current.toBuilder().queueConfigurations(queues).build());
    }

    @Override
    public void unwire(String bucket) {
        NotificationConfiguration current = current(bucket);
        if (herald(current) == null) {
            return;
        }
        List<QueueConfiguration> others = current.queueConfigurations().stream()
                .filter(q -> !webhookArn.equals(q.queueArn())).toList();
        put(bucket, current.toBuilder().queueConfigurations(others).build());
    }

    @Override
    public boolean isWired(String bucket) {
        return herald(current(bucket)) != null;
    }

    private QueueConfiguration herald(NotificationConfiguration c) {
        return c.queueConfigurations().stream().filter(q -> webhookArn.equals(q.queueArn())).findFirst().orElse(null);
    }

    private NotificationConfiguration current(String bucket) {
        try {
            var r = s3.getBucketNotificationConfiguration(b -> b.bucket(bucket));
            return NotificationConfiguration.builder().queueConfigurations(r.queueConfigurations())
                    .topicConfigurations(r.topicConfigurations())
                    .lambdaFunctionConfigurations(r.lambdaFunctionConfigurations())
                    .eventBridgeConfiguration(r.eventBridgeConfiguration()).build();
        } catch (SdkException e) {
            throw new BackendUnavailableException("GetBucketNotificationConfiguration " + bucket + " failed: "
                    + S3Backend.firstLine(e.getMessage()), e);
        }
    }

    private void put(String bucket, NotificationConfiguration configuration) {
        try {
            s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(configuration));
        } catch (SdkException e) {
            throw new BackendUnavailableException("PutBucketNotificationConfiguration " + bucket + " failed: "
                    + S3Backend.firstLine(e.getMessage()), e);
        }
    }
}
