package dev.herald.dialects.bos;

import dev.herald.dialects.EventNames;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which BOS {@code eventType} and {@code eventFrom} Herald pushes for each canonical event name,
 * and which rule {@code events} entries subscribe to a type. {@link #table()} is the whole
 * mapping; an event name not in it produces no BOS event (ObjectRemoved:NoOP, ObjectAccessed:*,
 * restores, replication status, ...).
 */
public final class BosEventTypes {
    private static final String PUT_OBJECT = "PutObject";
    private static final String POST_OBJECT = "PostObject";
    private static final String APPEND_OBJECT = "AppendObject";
    private static final String COPY_OBJECT = "CopyObject";
    private static final String COMPLETE_MULTIPART_UPLOAD = "CompleteMultipartUpload";
    private static final String FETCH_OBJECT = "FetchObject";
    private static final String DELETE_OBJECT = "DeleteObject";
    private static final String DELETE_MULTIPLE_OBJECTS = "DeleteMultipleObjects";
    private static final String LIFECYCLE_COPY = "BosLifecycle:Copy";
    private static final String PUT_OBJECT_TAGGING = "PutObjectTagging";
    private static final String DELETE_OBJECT_TAGGING = "DeleteObjectTagging";
    private static final String PUT_OBJECT_RETENTION = "PutObjectRetention";
    private static final String PUT_OBJECT_LEGAL_HOLD = "PutObjectLegalHold";
    private static final String TRANSITION_OBJECT = "TransitionObject";
    private static final String CREATE_GROUP = "ObjectCreateGroup:*";
    private static final String MODIFY_GROUP = "ObjectModifyGroup:*";

    private static final String FROM_CLIENT = "Client";
    /** BOS's documented spelling. */
    private static final String FROM_LIFECYCLE = "Lifycycle";
    private static final String FROM_REPLICATION = "Replication";

    /** What a rule's {@code events} may contain: the 11 names BOS documents (docs/bos.md, "Events"). */
    public static final List<String> RULE_EVENTS = List.of(PUT_OBJECT, POST_OBJECT, APPEND_OBJECT, COPY_OBJECT,
            COMPLETE_MULTIPART_UPLOAD, FETCH_OBJECT, DELETE_OBJECT, DELETE_MULTIPLE_OBJECTS, LIFECYCLE_COPY,
            CREATE_GROUP, MODIFY_GROUP);

    private static final Set<String> CREATE_TYPES = Set.of(PUT_OBJECT, POST_OBJECT, APPEND_OBJECT, COPY_OBJECT,
            COMPLETE_MULTIPART_UPLOAD, FETCH_OBJECT, LIFECYCLE_COPY);
    private static final Set<String> MODIFY_TYPES = Set.of(PUT_OBJECT_TAGGING, DELETE_OBJECT_TAGGING,
            PUT_OBJECT_RETENTION, PUT_OBJECT_LEGAL_HOLD, TRANSITION_OBJECT);
    private static final Set<String> REMOVAL_TYPES = Set.of(DELETE_OBJECT, DELETE_MULTIPLE_OBJECTS);

    /** One mapping: a canonical event name and the BOS eventType/eventFrom pushed for it. */
    public record Row(String canonicalName, String eventType, String eventFrom) {
    }

    // Order matters for PostEvent: the first row of an (eventType, eventFrom) pair is its canonical name.
    private static final List<Row> TABLE = List.of(
            new Row(EventNames.CREATED_PUT, PUT_OBJECT, FROM_CLIENT),
            new Row(EventNames.CREATED_POST, POST_OBJECT, FROM_CLIENT),
            new Row(EventNames.CREATED_COPY, COPY_OBJECT, FROM_CLIENT),
            new Row(EventNames.CREATED_COMPLETE_MULTIPART, COMPLETE_MULTIPART_UPLOAD, FROM_CLIENT),
            new Row(EventNames.CREATED_APPEND, APPEND_OBJECT, FROM_CLIENT),
            new Row(EventNames.CREATED_FETCH, FETCH_OBJECT, FROM_CLIENT),
            new Row(EventNames.CREATED_LIFECYCLE_COPY, LIFECYCLE_COPY, FROM_CLIENT),
            new Row(EventNames.REMOVED_DELETE, DELETE_OBJECT, FROM_CLIENT),
            new Row(EventNames.REMOVED_DELETE_MARKER_CREATED, DELETE_OBJECT, FROM_CLIENT),
            new Row("ObjectRemoved:DeleteAllVersions", DELETE_OBJECT, FROM_CLIENT),
            new Row(EventNames.REMOVED_DELETE_MULTIPLE, DELETE_MULTIPLE_OBJECTS, FROM_CLIENT),
            new Row(EventNames.CREATED_PUT_TAGGING, PUT_OBJECT_TAGGING, FROM_CLIENT),
            new Row(EventNames.CREATED_DELETE_TAGGING, DELETE_OBJECT_TAGGING, FROM_CLIENT),
            new Row(EventNames.CREATED_PUT_RETENTION, PUT_OBJECT_RETENTION, FROM_CLIENT),
            new Row(EventNames.CREATED_PUT_LEGAL_HOLD, PUT_OBJECT_LEGAL_HOLD, FROM_CLIENT),
            new Row("LifecycleExpiration:Delete", DELETE_OBJECT, FROM_LIFECYCLE),
            new Row("LifecycleExpiration:DeleteMarkerCreated", DELETE_OBJECT, FROM_LIFECYCLE),
            new Row("LifecycleDelMarkerExpiration:Delete", DELETE_OBJECT, FROM_LIFECYCLE),
            new Row("ObjectLifecycle:Expiration:Current", DELETE_OBJECT, FROM_LIFECYCLE),
            new Row("ObjectLifecycle:Expiration:NonCurrent", DELETE_OBJECT, FROM_LIFECYCLE),
            new Row("ObjectLifecycle:Expiration:Noncurrent", DELETE_OBJECT, FROM_LIFECYCLE),
            new Row("ObjectLifecycle:Expiration:DeleteMarker", DELETE_OBJECT, FROM_LIFECYCLE),
            new Row("ObjectTransition:Complete", TRANSITION_OBJECT, FROM_LIFECYCLE),
            new Row("LifecycleTransition", TRANSITION_OBJECT, FROM_LIFECYCLE),
            new Row("ObjectLifecycle:Transition:Current", TRANSITION_OBJECT, FROM_LIFECYCLE),
            new Row("ObjectLifecycle:Transition:Noncurrent", TRANSITION_OBJECT, FROM_LIFECYCLE),
            new Row("ObjectLifecycle:Transition:NonCurrent", TRANSITION_OBJECT, FROM_LIFECYCLE),
            new Row("Replication:Create", PUT_OBJECT, FROM_REPLICATION),
            new Row("ObjectSynced:Create", PUT_OBJECT, FROM_REPLICATION),
            new Row("Replication:Delete", DELETE_OBJECT, FROM_REPLICATION));

    private static final Map<String, Row> BY_CANONICAL_NAME =
            TABLE.stream().collect(Collectors.toUnmodifiableMap(Row::canonicalName, r -> r));

    private BosEventTypes() {
    }

    /** The whole mapping, in a stable order (documented in the README). */
    public static List<Row> table() {
        return TABLE;
    }

    /** The BOS event for a canonical event name; empty when BOS has none. */
    public static Optional<Row> forEvent(String canonicalName) {
        return Optional.ofNullable(BY_CANONICAL_NAME.get(canonicalName));
    }

    /** Whether a rule {@code events} entry covers {@code eventType}: the type itself, or a group containing it. */
    public static boolean subscribes(String ruleEvent, String eventType) {
        return switch (ruleEvent) {
            case CREATE_GROUP -> CREATE_TYPES.contains(eventType);
            case MODIFY_GROUP -> MODIFY_TYPES.contains(eventType);
            default -> ruleEvent.equals(eventType);
        };
    }

    /**
     * The row a PostEvent of this type and origin stands for, so that re-rendering it gives the
     * same eventType and eventFrom back; without {@code eventFrom}, the type's first row.
     */
    static Optional<Row> forPostEvent(String eventType, String eventFrom) {
        return TABLE.stream()
                .filter(r -> r.eventType().equals(eventType) && (eventFrom == null || r.eventFrom().equals(eventFrom)))
                .findFirst();
    }

    /** Every eventType Herald pushes, in table order (what PostEvent accepts). */
    static List<String> eventTypes() {
        return TABLE.stream().map(Row::eventType).distinct().toList();
    }

    /** The eventFrom values Herald pushes with {@code eventType}. */
    static List<String> originsOf(String eventType) {
        return TABLE.stream().filter(r -> r.eventType().equals(eventType)).map(Row::eventFrom).distinct().toList();
    }

    /** Deletions carry no {@code lastModified}: there is no object left to have one. */
    static boolean isRemoval(String eventType) {
        return REMOVAL_TYPES.contains(eventType);
    }
}
