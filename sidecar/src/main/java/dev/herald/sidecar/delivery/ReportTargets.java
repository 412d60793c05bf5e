package dev.herald.sidecar.delivery;

import dev.herald.dialects.FailureReports.ReportTarget;

import java.util.Optional;

/** Where a dead delivery of a rule must be reported (KS3 {@code Report}), looked up when it dies. */
@FunctionalInterface
public interface ReportTargets {
    Optional<ReportTarget> of(String dialect, String bucket, String ruleId);

    ReportTargets NONE = (dialect, bucket, ruleId) -> Optional.empty();
}
