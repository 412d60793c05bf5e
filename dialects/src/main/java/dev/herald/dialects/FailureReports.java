package dev.herald.dialects;

import java.util.Optional;

/**
 * Implemented by dialects whose rules ask for a report of deliveries that failed for good
 * (KS3's {@code Report}): the sidecar collects each dead delivery of such a rule and writes them
 * as one object per rule and period to the named bucket and prefix on the backend.
 */
public interface FailureReports {
    /** Where failed deliveries of rule {@code ruleId} are reported, from the bucket's stored rules; empty for none. */
    Optional<ReportTarget> reportTarget(String storedRulesJson, String ruleId);

    /** How the report names an event, from its canonical name ({@code ObjectCreated:Put}). */
    default String reportedEventName(String canonicalName) {
        return canonicalName;
    }

    /** A report destination on the backend: {@code prefix} is prepended to the report object's name. */
    record ReportTarget(String bucket, String prefix) {
    }
}
