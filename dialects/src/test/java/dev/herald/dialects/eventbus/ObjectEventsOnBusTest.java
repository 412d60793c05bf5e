package dev.herald.dialects.eventbus;

import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.Producer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static dev.herald.dialects.eventbus.BusTestData.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

class ObjectEventsOnBusTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-22T13:34:31Z");

    /** Shaped like the adapter's decoding of a MinIO webhook PUT (no region configured, user metadata). */
    private static ObjectEvent minioPut() {
        return new ObjectEvent("minio:0123456789abcdef0123456789abcdef", Producer.MINIO, "ObjectCreated:Put",
                Instant.parse("2026-11-22T13:34:30.724Z"), "test-bucket", "images/photo 1.jpg", 10L,
                "501590c529b9ce8bb8da7e80ab98e2fe", "image/jpeg", null, "18EA6161015F97FE", "minioadmin", "127.0.0.1",
                "18EA616101562ACA", "minioadmin", null, Map.of("owner", "alice", "album", "2026"));
    }

    /** Shaped like a Ceph RGW delete: size and eTag sent, never a content type or source IP; zonegroup as region. */
    private static ObjectEvent cephDelete() {
        return new ObjectEvent("ceph:fedcba9876543210fedcba9876543210", Producer.CEPH, "ObjectRemoved:Delete",
                Instant.parse("2026-11-22T13:45:02.175657Z"), "ceph-bucket", "docs/readme.txt", 10L,
                "93373013bef3c6a043927cfb84a2d633", null, "v1", "DEF1026B8667780A", "tester", null,
                "e7f32d7c-df1c-480d-b1e1-bea94cfd10e5.4118.85761482871037248", "tester", "default", null);
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Test
    void aMinioPut() {
        BusEvent e = ObjectEventsOnBus.toBusEvent(minioPut(), ORDERS, RECEIVED);
        assertThat(e.toJsonString()).isEqualTo("{\"data\":{\"bucket\":\"test-bucket\",\"key\":\"images/photo 1.jpg\","
                + "\"size\":10,\"eTag\":\"501590c529b9ce8bb8da7e80ab98e2fe\",\"contentType\":\"image/jpeg\","
                + "\"sequencer\":\"18EA6161015F97FE\",\"eventName\":\"ObjectCreated:Put\",\"requester\":\"minioadmin\","
                + "\"sourceIp\":\"127.0.0.1\",\"requestId\":\"18EA616101562ACA\","
                + "\"userMetadata\":{\"album\":\"2026\",\"owner\":\"alice\"}},"
                + "\"id\":\"" + uuid("eventbus|minio:0123456789abcdef0123456789abcdef") + "\","
                + "\"source\":\"minio:s3..test-bucket\",\"specversion\":\"1.0\",\"type\":\"com.amazonaws.s3.ObjectCreated:Put\","
                + "\"datacontenttype\":\"application/json\",\"subject\":\"images/photo 1.jpg\","
                + "\"time\":\"2026-11-22T13:34:30.724Z\",\"eventBusId\":\"eb-orders\",\"eventBusName\":\"orders\","
                + "\"recvTimestamp\":\"2026-11-22T13:34:31Z\"}");
    }

    @Test
    void aCephDelete() {
        BusEvent e = ObjectEventsOnBus.toBusEvent(cephDelete(), ORDERS, RECEIVED);
        assertThat(e.toJsonString()).isEqualTo("{\"data\":{\"bucket\":\"ceph-bucket\",\"key\":\"docs/readme.txt\","
                + "\"size\":10,\"eTag\":\"93373013bef3c6a043927cfb84a2d633\",\"versionId\":\"v1\","
                + "\"sequencer\":\"DEF1026B8667780A\",\"eventName\":\"ObjectRemoved:Delete\",\"requester\":\"tester\","
                + "\"requestId\":\"e7f32d7c-df1c-480d-b1e1-bea94cfd10e5.4118.85761482871037248\",\"region\":\"default\"},"
                + "\"id\":\"" + uuid("eventbus|ceph:fedcba9876543210fedcba9876543210") + "\","
                + "\"source\":\"ceph:s3.default.ceph-bucket\",\"specversion\":\"1.0\","
                + "\"type\":\"com.amazonaws.s3.ObjectRemoved:Delete\",\"datacontenttype\":\"application/json\","
                + "\"subject\":\"docs/readme.txt\",\"time\":\"2026-11-22T13:45:02.175657Z\",\"eventBusId\":\"eb-orders\","
                + "\"eventBusName\":\"orders\",\"region\":\"default\",\"recvTimestamp\":\"2026-11-22T13:34:31Z\"}");
    }

    @Test
    void aResentEventKeepsItsIdAndDeliveryIds() {
        BusEvent first = ObjectEventsOnBus.toBusEvent(minioPut(), ORDERS, RECEIVED);
        BusEvent again = ObjectEventsOnBus.toBusEvent(minioPut(), ORDERS, RECEIVED.plusSeconds(60));
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(CloudEventsRendering.deliveryId(again, "r", 0, "http://x")).isEqualTo(
                CloudEventsRendering.deliveryId(first, "r", 0, "http://x"));
        assertThat(ObjectEventsOnBus.toBusEvent(cephDelete(), ORDERS, RECEIVED).id()).isNotEqualTo(first.id());
    }

    @Test
    void eventSourcesPerProducer() {
        assertThat(ObjectEventsOnBus.eventSource(Producer.MINIO)).isEqualTo("minio:s3");
        assertThat(ObjectEventsOnBus.eventSource(Producer.CEPH)).isEqualTo("ceph:s3");
        assertThat(ObjectEventsOnBus.eventSource(Producer.AWS)).isEqualTo("aws:s3");
        assertThat(ObjectEventsOnBus.eventSource(Producer.BOS_POST_EVENT)).isEqualTo("bos:postevent");
        assertThat(ObjectEventsOnBus.eventSource(Producer.RECONCILE)).isEqualTo("herald:reconcile");
    }

    @Test
    void objectEventsRenderAndMatchLikeAnyOther() {
        BusEvent e = ObjectEventsOnBus.toBusEvent(minioPut(), ORDERS, RECEIVED);
        assertThat(EventPattern.parse("{\"type\":[{\"prefix\":\"com.amazonaws.s3.ObjectCreated:\"}],"
                + "\"data\":{\"key\":[{\"prefix\":\"images/\"}],\"size\":[{\"numeric\":[\">\",0]}]}}").matches(e)).isTrue();
        assertThat(CloudEventsRendering.render(e, CloudEventsRendering.Mode.BINARY).headers())
                .containsEntry("ce-source", "minio:s3..test-bucket")
                .containsEntry("ce-subject", "images/photo%201.jpg")
                .containsEntry("ce-type", "com.amazonaws.s3.ObjectCreated:Put");
    }
}
