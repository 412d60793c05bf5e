package dev.herald.dialects.qingstor;

import dev.herald.dialects.EventNames;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * QingStor's event types: the four a rule's {@code event_types} may list (docs/qingstor.md, "Rules"), which
 * backend events they stand for, and how a message names them (docs/qingstor.md, "Event mapping": the multipart ones are
 * {@code complete_upload}/{@code abort_upload} there).
 *
 * <p>{@code abort_multipart} is accepted in rules but never fires: neither MinIO nor Ceph RGW
 * notifies about aborted multipart uploads. Backend events without a QingStor equivalent
 * (tagging, retention, legal hold, lifecycle, replication) fire nothing.
 */
final class QingStorEventTypes {
    static final String CREATE_OBJECT = "create_object";
    static final String DELETE_OBJECT = "delete_object";
    static final String ABORT_MULTIPART = "abort_multipart";
    static final String COMPLETE_MULTIPART = "complete_multipart";
    static final List<String> RULE_TYPES = List.of(CREATE_OBJECT, DELETE_OBJECT, ABORT_MULTIPART, COMPLETE_MULTIPART);

    private static final Map<String, String> RULE_TYPE_BY_CANONICAL = Map.of(
            EventNames.CREATED_PUT, CREATE_OBJECT,
            EventNames.CREATED_POST, CREATE_OBJECT,
            EventNames.CREATED_COPY, CREATE_OBJECT,
            EventNames.CREATED_COMPLETE_MULTIPART, COMPLETE_MULTIPART,
            EventNames.REMOVED_DELETE, DELETE_OBJECT,
            EventNames.REMOVED_DELETE_MARKER_CREATED, DELETE_OBJECT,
            // Ceph RGW's name for deleting an object with all its versions.
            EventNames.REMOVED_PREFIX + "DeleteAllVersions", DELETE_OBJECT);

    private QingStorEventTypes() {
    }

    /** The rule event type a canonical backend event ({@code ObjectCreated:Put}) triggers, if any. */
    static Optional<String> forCanonical(String canonicalName) {
        return Optional.ofNullable(RULE_TYPE_BY_CANONICAL.get(canonicalName));
    }

    /** The {@code event_type} of a message for a rule event type: {@code complete_multipart} → {@code complete_upload}. */
    static String messageType(String ruleType) {
        return switch (ruleType) {
            case COMPLETE_MULTIPART -> "complete_upload";
            case ABORT_MULTIPART -> "abort_upload";
            default -> ruleType;
        };
    }
}
