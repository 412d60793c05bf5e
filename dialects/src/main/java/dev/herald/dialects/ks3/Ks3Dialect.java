package dev.herald.dialects.ks3;

import dev.herald.dialects.CompiledRules;
import dev.herald.dialects.FailureReports;
import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.PushBatching;
import dev.herald.dialects.WrappedListBatches;

import java.util.Optional;

/**
 * Kingsoft KS3 notifications: rules as stored by {@link Ks3ConfigApi}, callbacks as rendered by
 * {@link Ks3PushRenderer} (an S3-style record, Herald's choice as KS3 publishes no format), sent
 * with each rule's {@code Method} and unsigned, as KS3 documents no callback signature. Any 2xx
 * answer counts as delivered. Rules with an enabled {@code Report} get their failed pushes
 * reported to the named bucket and prefix.
 */
public final class Ks3Dialect implements NotificationDialect, FailureReports {
    public static final String ID = "ks3";
    static final String CONTENT_TYPE = "application/json";
    private static final WrappedListBatches BATCHES = new WrappedListBatches("Records", CONTENT_TYPE);

    public Ks3Dialect() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CompiledRules compile(String bucket, String storedRulesJson) {
        return new CompiledKs3Rules(bucket, Ks3Notifications.fromStoredJson(storedRulesJson));
    }

    /** A callback is {@code {"Records":[...]}}, like S3's, which carries several records per message. */
    @Override
    public PushBatching batching() {
        return BATCHES;
    }

    /** The rule's {@code Report} bucket and prefix ({@code ""} when absent) when it has one; KS3 only has enabled ones. */
    @Override
    public Optional<ReportTarget> reportTarget(String storedRulesJson, String ruleId) {
        return Ks3Notifications.fromStoredJson(storedRulesJson).rule(ruleId)
                .map(Ks3Notifications.Rule::report)
                .filter(report -> report.enabled() && report.bucket() != null)
                .map(report -> new ReportTarget(report.bucket(), report.prefix()));
    }

    /** Reports name events as KS3 does ({@code ks3:ObjectCreated:PutObject}); unmapped names stay canonical. */
    @Override
    public String reportedEventName(String canonicalName) {
        return Ks3EventNames.forCanonical(canonicalName).orElse(canonicalName);
    }
}
