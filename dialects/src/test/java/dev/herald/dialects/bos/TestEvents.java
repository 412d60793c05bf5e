package dev.herald.dialects.bos;

import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.Producer;

import java.time.Instant;
import java.util.Map;

/** Canonical events shaped like what the adapter decodes from the captured MinIO and Ceph requests. */
final class TestEvents {
    private TestEvents() {
    }

    /** minio-2024-01/webhook-01-put-images-photo-bearer.json */
    static ObjectEvent minioPut() {
        return new ObjectEvent("minio-18EA6161015F97FE", Producer.MINIO, "ObjectCreated:Put",
                Instant.parse("2026-11-22T13:34:30.724Z"), "test-bucket", "images/photo 1.jpg", 10L,
                "501590c529b9ce8bb8da7e80ab98e2fe", "image/jpeg", null, "18EA6161015F97FE", "minioadmin", "127.0.0.1",
                "18EA616101562ACA", "minioadmin", null, Map.of("owner", "alice"));
    }

    /** ceph-16.2.15/http-push-05-delete-docs-readme.json: Ceph sends size and eTag on deletes, never a content type. */
    static ObjectEvent cephDelete() {
        return new ObjectEvent("ceph-1795355102.175662.93373013bef3c6a043927cfb84a2d633", Producer.CEPH,
                "ObjectRemoved:Delete", Instant.parse("2026-11-22T13:45:02.175657Z"), "ceph-bucket", "docs/readme.txt", 10L,
                "93373013bef3c6a043927cfb84a2d633", null, null, "DEF1026B8667780A", "tester", null,
                "e7f32d7c-df1c-480d-b1e1-bea94cfd10e5.4118.85761482871037248", "tester", null, null);
    }

    /** The BOS documentation's push example, posted back through PostEvent with eventFrom Replication. */
    static ObjectEvent postEvent() {
        return new ObjectEvent("2a513199-bbb9-4ac7-b12a-60213c26810d", Producer.BOS_POST_EVENT, "Replication:Create",
                Instant.parse("2018-09-05T02:28:49Z"), "bucket-test", "images/test.jpg", 24414L,
                "977b9623a15e520c663ac5ff6647e881", "application/octet-stream", null, null, null, null, "req-1",
                "c7ac82ae14ef42d1a4ffa3b2ececa17f", null, null);
    }

    static ObjectEvent withName(ObjectEvent e, String eventName) {
        return new ObjectEvent(e.id(), e.producer(), eventName, e.eventTime(), e.bucket(), e.key(), e.size(), e.eTag(),
                e.contentType(), e.versionId(), e.sequencer(), e.requester(), e.sourceIp(), e.requestId(), e.bucketOwner(),
                e.region(), e.userMetadata());
    }

    static ObjectEvent withKey(ObjectEvent e, String key) {
        return new ObjectEvent(e.id(), e.producer(), e.eventName(), e.eventTime(), e.bucket(), key, e.size(), e.eTag(),
                e.contentType(), e.versionId(), e.sequencer(), e.requester(), e.sourceIp(), e.requestId(), e.bucketOwner(),
                e.region(), e.userMetadata());
    }
}
