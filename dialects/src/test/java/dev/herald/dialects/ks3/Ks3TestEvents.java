package dev.herald.dialects.ks3;

import dev.herald.dialects.EventNames;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.Producer;

import java.time.Instant;
import java.util.Map;

/** Canonical events as the adapter decodes the captured MinIO and Ceph notifications (shared/fixtures). */
final class Ks3TestEvents {
    private Ks3TestEvents() {
    }

    /** minio-2024-01/webhook-01-put-images-photo-bearer.json, with one more metadata entry to show their order. */
    static ObjectEvent minioPut() {
        return minio(EventNames.CREATED_PUT, "images/photo 1.jpg");
    }

    /** The MinIO event of {@link #minioPut()} (same id) with another name and key. */
    static ObjectEvent minio(String canonicalName, String key) {
        return new ObjectEvent(
                "minio-18EA6161015F97FE",             // id
                Producer.MINIO,
                canonicalName,
                Instant.parse("2026-11-22T13:34:30.724Z"),
                "test-bucket",
                key,
                10L,                                  // size
                "501590c529b9ce8bb8da7e80ab98e2fe",   // eTag
                "image/jpeg",                         // contentType
                null,                                 // versionId: unversioned bucket
                "18EA6161015F97FE",                   // sequencer
                "minioadmin",                         // requester
                "127.0.0.1",                          // sourceIp
                "18EA616101562ACA",                   // requestId
                "minioadmin",                         // bucketOwner
                null,                                 // region: MinIO sends none by default
                Map.of("owner", "alice", "camera", "x100"));
    }

    /** ceph-16.2.15/http-push-05-delete-docs-readme.json: no content type, source IP or metadata; time in microseconds. */
    static ObjectEvent cephDelete() {
        return new ObjectEvent(
                "ceph-1795355102.175662.93373013bef3c6a043927cfb84a2d633",
                Producer.CEPH,
                EventNames.REMOVED_DELETE,
                Instant.parse("2026-11-22T13:45:02.175657Z"),
                "ceph-bucket",
                "docs/readme.txt",
                10L,
                "93373013bef3c6a043927cfb84a2d633",
                null,                                 // contentType: Ceph never sends it
                null,
                "DEF1026B8667780A",
                "tester",
                null,                                 // sourceIp: Ceph sends ""
                "e7f32d7c-df1c-480d-b1e1-bea94cfd10e5.4118.85761482871037248",
                "tester",
                null,                                 // region: zonegroup "" in the capture
                null);
    }
}
