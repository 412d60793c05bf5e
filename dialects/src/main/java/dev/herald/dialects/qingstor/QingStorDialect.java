package dev.herald.dialects.qingstor;

import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.PushBatching;
import dev.herald.dialects.WrappedListBatches;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * QingStor notifications: rules as stored by {@link QingStorConfigApi}, compiled into
 * {@link CompiledQingStorRules} ({@code notifier} pushes, and cloudfunc jobs for {@code image} and
 * {@code tupu-porn}), bodies as {@link QingStorPushRenderer} documents them. Every post is
 * {@code POST} with {@code Content-Type: application/json} and unsigned, as QingStor documents no
 * signature on them; any 2xx answer counts as delivered (QingStor documents only 200 for
 * tupu-porn receivers, and nothing for notifier ones).
 */
public final class QingStorDialect implements NotificationDialect {
    public static final String ID = "qingstor";
    /**
     * User metadata name ({@code x-amz-meta-herald-generated}) the sidecar must put on every object
     * an image job writes: image rules never act on objects that carry it, wherever they are saved.
     */
    public static final String GENERATED_METADATA = "herald-generated";
    static final String CONTENT_TYPE = "application/json";
    private static final WrappedListBatches BATCHES = new WrappedListBatches("events", CONTENT_TYPE);

    private final QingStorSettings settings;

    public QingStorDialect(QingStorSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return ID;
    }

    public QingStorSettings settings() {
        return settings;
    }

    /** QingStor: "the timeout is 5 s, the retry interval 1 s" (docs/qingstor.md, "notifier: the message"); the common ladder follows. */
    @Override
    public Optional<Duration> requestTimeout() {
        return Optional.of(Duration.ofSeconds(5));
    }

    @Override
    public List<Duration> leadingRetries() {
        return List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Override
    public CompiledQingStorRules compile(String bucket, String storedRulesJson) {
        return new CompiledQingStorRules(bucket, QingStorNotifications.fromStoredJson(storedRulesJson), settings);
    }

    /** Notifier messages and image results are {@code {"events":[...]}}; a tupu-porn verdict goes alone. */
    @Override
    public PushBatching batching() {
        return BATCHES;
    }

    /**
     * The post reporting a finished cloudfunc job to the rule's {@code notify_url}; empty when the
     * job has none (an image rule may go without).
     *
     * @param source the event the job was made for
     * @throws IllegalArgumentException when {@code source} is not an event QingStor rules act on
     */
    public Optional<OutboundPush> cloudfuncResultPush(CloudfuncJob job, ObjectEvent source, CloudfuncOutcome outcome) {
        if (job.notifyUrl() == null) {
            return Optional.empty();
        }
        String ruleEventType = QingStorEventTypes.forCanonical(source.eventName()).orElseThrow(() ->
                new IllegalArgumentException("no QingStor event type for " + source.eventName()));
        byte[] body = job.cloudfunc() == QingStorCloudfunc.TUPU_PORN
                ? QingStorPushRenderer.moderationResult(source, outcome)
                : QingStorPushRenderer.imageResult(source, ruleEventType, job.ruleId(), settings.zoneId(), outcome);
        return Optional.of(new OutboundPush(QingStorPushRenderer.resultDeliveryId(source, job.ruleId(), job.notifyUrl()),
                ID, job.bucket(), job.ruleId(), job.notifyUrl(), "POST", CONTENT_TYPE, body, null, source.requestId()));
    }
}
