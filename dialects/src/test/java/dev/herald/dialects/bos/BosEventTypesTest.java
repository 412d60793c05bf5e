package dev.herald.dialects.bos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class BosEventTypesTest {
    private static final int ROWS = 30;

    @ParameterizedTest
    @CsvSource({
            "ObjectCreated:Put, PutObject, Client",
            "ObjectCreated:Post, PostObject, Client",
            "ObjectCreated:Copy, CopyObject, Client",
            "ObjectCreated:CompleteMultipartUpload, CompleteMultipartUpload, Client",
            "ObjectCreated:Append, AppendObject, Client",
            "ObjectCreated:Fetch, FetchObject, Client",
            "ObjectCreated:LifecycleCopy, BosLifecycle:Copy, Client",
            "ObjectRemoved:Delete, DeleteObject, Client",
            "ObjectRemoved:DeleteMarkerCreated, DeleteObject, Client",
            "ObjectRemoved:DeleteAllVersions, DeleteObject, Client",
            "ObjectRemoved:DeleteMultiple, DeleteMultipleObjects, Client",
            "ObjectCreated:PutTagging, PutObjectTagging, Client",
            "ObjectCreated:DeleteTagging, DeleteObjectTagging, Client",
            "ObjectCreated:PutRetention, PutObjectRetention, Client",
            "ObjectCreated:PutLegalHold, PutObjectLegalHold, Client",
            "LifecycleExpiration:Delete, DeleteObject, Lifycycle",
            "LifecycleExpiration:DeleteMarkerCreated, DeleteObject, Lifycycle",
            "LifecycleDelMarkerExpiration:Delete, DeleteObject, Lifycycle",
            "ObjectLifecycle:Expiration:Current, DeleteObject, Lifycycle",
            "ObjectLifecycle:Expiration:NonCurrent, DeleteObject, Lifycycle",
            "ObjectLifecycle:Expiration:Noncurrent, DeleteObject, Lifycycle",
            "ObjectLifecycle:Expiration:DeleteMarker, DeleteObject, Lifycycle",
            "ObjectTransition:Complete, TransitionObject, Lifycycle",
            "LifecycleTransition, TransitionObject, Lifycycle",
            "ObjectLifecycle:Transition:Current, TransitionObject, Lifycycle",
            "ObjectLifecycle:Transition:Noncurrent, TransitionObject, Lifycycle",
            "ObjectLifecycle:Transition:NonCurrent, TransitionObject, Lifycycle",
            "Replication:Create, PutObject, Replication",
            "ObjectSynced:Create, PutObject, Replication",
            "Replication:Delete, DeleteObject, Replication"})
    void mapsEveryRow(String canonicalName, String eventType, String eventFrom) {
        BosEventTypes.Row row = new BosEventTypes.Row(canonicalName, eventType, eventFrom);
        assertThat(BosEventTypes.forEvent(canonicalName)).contains(row);
        assertThat(BosEventTypes.table()).contains(row);
    }

    @Test
    void theTableHasNoRowsBeyondThoseTested() {
        assertThat(BosEventTypes.table()).hasSize(ROWS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ObjectRemoved:NoOP", "ObjectAccessed:Get", "ObjectAccessed:Head", "ObjectRestore:Post",
            "ObjectRestore:Completed", "Scanner:ManyVersions", "Replication:OperationFailedReplication",
            "ObjectReplication:Failed", "s3:ObjectCreated:Put", "objectcreated:put"})
    void otherEventsHaveNoBosEvent(String canonicalName) {
        assertThat(BosEventTypes.forEvent(canonicalName)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PutObject", "PostObject", "AppendObject", "CopyObject", "CompleteMultipartUpload",
            "FetchObject", "BosLifecycle:Copy"})
    void theCreateGroupCoversEveryCreation(String eventType) {
        assertThat(BosEventTypes.subscribes("ObjectCreateGroup:*", eventType)).isTrue();
        assertThat(BosEventTypes.subscribes("ObjectModifyGroup:*", eventType)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PutObjectTagging", "DeleteObjectTagging", "PutObjectRetention", "PutObjectLegalHold",
            "TransitionObject"})
    void theModifyGroupCoversEveryModification(String eventType) {
        assertThat(BosEventTypes.subscribes("ObjectModifyGroup:*", eventType)).isTrue();
        assertThat(BosEventTypes.subscribes("ObjectCreateGroup:*", eventType)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"DeleteObject", "DeleteMultipleObjects"})
    void noGroupCoversDeletions(String eventType) {
        assertThat(BosEventTypes.subscribes("ObjectCreateGroup:*", eventType)).isFalse();
        assertThat(BosEventTypes.subscribes("ObjectModifyGroup:*", eventType)).isFalse();
        assertThat(BosEventTypes.subscribes(eventType, eventType)).isTrue();
    }

    @Test
    void aConcreteEventSubscribesOnlyToItself() {
        assertThat(BosEventTypes.subscribes("PutObject", "PutObject")).isTrue();
        assertThat(BosEventTypes.subscribes("PutObject", "PostObject")).isFalse();
        assertThat(BosEventTypes.subscribes("DeleteObject", "DeleteMultipleObjects")).isFalse();
    }

    @Test
    void aPostEventMapsBackToTheFirstRowOfItsTypeAndOrigin() {
        assertThat(BosEventTypes.forPostEvent("PutObject", null)).map(BosEventTypes.Row::canonicalName).contains("ObjectCreated:Put");
        assertThat(BosEventTypes.forPostEvent("PutObject", "Replication")).map(BosEventTypes.Row::canonicalName).contains("Replication:Create");
        assertThat(BosEventTypes.forPostEvent("DeleteObject", "Lifycycle")).map(BosEventTypes.Row::canonicalName).contains("LifecycleExpiration:Delete");
        assertThat(BosEventTypes.forPostEvent("TransitionObject", null)).map(BosEventTypes.Row::canonicalName).contains("ObjectTransition:Complete");
        assertThat(BosEventTypes.forPostEvent("PostObject", "Replication")).isEmpty();
        assertThat(BosEventTypes.originsOf("DeleteObject")).containsExactly("Client", "Lifycycle", "Replication");
    }

    @Test
    void deletionsAreRemovals() {
        assertThat(BosEventTypes.table()).filteredOn(r -> BosEventTypes.isRemoval(r.eventType()))
                .extracting(BosEventTypes.Row::eventType).containsOnly("DeleteObject", "DeleteMultipleObjects");
    }
}
