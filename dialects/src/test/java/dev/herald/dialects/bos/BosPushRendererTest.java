package dev.herald.dialects.bos;

import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.Producer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BosPushRendererTest {
    private final BosPushRenderer withDomain = new BosPushRenderer("bj.bcebos.com");

    private static String golden(String name) {
        return TestRequests.resource(name).strip();
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static BosEventTypes.Row typeOf(ObjectEvent event) {
        return BosEventTypes.forEvent(event.eventName()).orElseThrow();
    }

    @Test
    void rendersAMinioPut() {
        ObjectEvent put = TestEvents.minioPut();
        assertThat(text(withDomain.render(put, typeOf(put), "n1", "{\"k\":\"v\"}"))).isEqualTo(golden("push-minio-put.json"));
    }

    @Test
    void rendersACephDeleteWithItsSizeButNoLastModifiedDomainOrXVars() {
        ObjectEvent delete = TestEvents.cephDelete();
        assertThat(text(new BosPushRenderer(null).render(delete, typeOf(delete), "all-events", null)))
                .isEqualTo(golden("push-ceph-delete.json"));
    }

    @Test
    void rendersAPostEventWithItsOwnIdAndOrigin() {
        ObjectEvent posted = TestEvents.postEvent();
        assertThat(text(withDomain.render(posted, typeOf(posted), "n1", ""))).isEqualTo(golden("push-post-event.json"));
    }

    @Test
    void theUserIdFallsBackToTheRequester() {
        ObjectEvent e = TestEvents.cephDelete();
        ObjectEvent noOwner = new ObjectEvent(e.id(), e.producer(), e.eventName(), e.eventTime(), e.bucket(), e.key(),
                null, null, null, null, null, "requester-1", null, null, null, null, null);
        assertThat(text(new BosPushRenderer(null).render(noOwner, typeOf(noOwner), "r", null)))
                .contains("\"content\":{\"userId\":\"requester-1\",\"bucket\":\"ceph-bucket\",\"object\":\"docs/readme.txt\"}}");
    }

    @Test
    void idsAreStableNameBasedUuids() {
        ObjectEvent put = TestEvents.minioPut();
        assertThat(BosPushRenderer.eventId(put)).isEqualTo("158fb70a-a243-3af1-a5bb-52a3c5ef4a27");
        assertThat(BosPushRenderer.eventId(TestEvents.postEvent())).isEqualTo("2a513199-bbb9-4ac7-b12a-60213c26810d");
        assertThat(BosPushRenderer.deliveryId(put, "n1", 0, "http://127.0.0.1:9999/bos"))
                .isEqualTo("6761df92-94df-3f28-a120-29dabefde5b7");
        assertThat(BosPushRenderer.deliveryId(put, "n1", 1, "http://127.0.0.1:9999/bos"))
                .isNotEqualTo("6761df92-94df-3f28-a120-29dabefde5b7");
    }

    @Test
    void aReconciledEventSaysItsOriginIsHeraldsReconciliation() {
        ObjectEvent e = TestEvents.minioPut();
        ObjectEvent reconciled = new ObjectEvent(ObjectEvent.RECONCILE_ID_PREFIX + "x", Producer.RECONCILE, e.eventName(),
                e.eventTime(), e.bucket(), e.key(), e.size(), e.eTag(), null, null, null, ObjectEvent.RECONCILE_PRINCIPAL, null,
                null, null, null, null);
        assertThat(text(new BosPushRenderer(null).render(reconciled, typeOf(reconciled), "r", null)))
                .contains("\"eventOrigin\":\"herald:reconcile\"", "\"userId\":\"herald:reconcile\"");
        assertThat(text(new BosPushRenderer(null).render(e, typeOf(e), "r", null))).contains("\"eventOrigin\":\"bos:realtime\"");
    }
}
