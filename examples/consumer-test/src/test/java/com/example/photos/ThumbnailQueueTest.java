package com.example.photos;

import com.baidubce.auth.DefaultBceCredentials;
import com.baidubce.http.DefaultRetryPolicy;
import com.baidubce.services.bos.BosClient;
import com.baidubce.services.bos.BosClientConfiguration;
import com.baidubce.services.bos.model.Notification;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.bos.BosPushVerifier;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer against a real Herald: the application puts its rule with the BOS SDK as it does
 * against BOS, an upload arrives as MinIO would report it, and the signed push Herald makes is
 * what the application's own code turns into a job.
 */
class ThumbnailQueueTest {
    private static final String SIGNING_KEY = "thumbnails-signing-key";

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.withDefaults();
    private static BosClient bos;

    @BeforeAll
    static void bosClient() {
        BosClientConfiguration conf = new BosClientConfiguration();
        conf.setCredentials(new DefaultBceCredentials(HeraldExtension.ACCESS_KEY, HeraldExtension.SECRET_KEY));
        conf.setEndpoint(herald.baseUri().toString());
        conf.setRetryPolicy(new DefaultRetryPolicy(0, 0));
        bos = new BosClient(conf);
    }

    @AfterAll
    static void shutdown() {
        bos.shutdown();
    }

    @Test
    void aNewImageBecomesOneThumbnailJob() throws Exception {
        Notification rule = new Notification();
        rule.setId("thumbnails");
        rule.setName("new images");
        rule.setAppId("thumbnailer");
        rule.setStatus("enabled");
        rule.setResources(List.of("/images/"));
        rule.setEvents(List.of("PutObject"));
        rule.setEncryption(new Notification.Encryption(SIGNING_KEY));
        rule.setApps(List.of(new Notification.App("thumbnailer", herald.receiver().url("/bos").toString(), null)));
        bos.putNotification("photos", List.of(rule));
        assertEquals("thumbnails", bos.getNotification("photos").getNotifications().getFirst().getId());

        HeraldExtension.Reply notAnImage = herald.minio(ObjectOperation.put("photos", "docs/readme.txt").size(5).eTag("def"));
        assertEquals(200, notAnImage.status());
        assertTrue(notAnImage.body().contains("\"deliveries\":0"), "docs/ is not under the rule's resource: " + notAnImage.body());
        assertEquals(200, herald.minio(ObjectOperation.put("photos", "images/cat 1.jpg").size(2048).eTag("abc")).status());

        RecordedRequest push = herald.receiver().awaitRequests(1, Duration.ofSeconds(10)).getFirst();
        assertTrue(BosPushVerifier.verify(new HttpRequestView(push.method(), push.path(), push.query(), push.headers(),
                push.body()), SIGNING_KEY, Clock.systemUTC()), "signed with the rule's encryption.key");
        assertEquals(List.of(new ThumbnailQueue.Job("photos", "images/cat 1.jpg", 2048)), ThumbnailQueue.jobsFrom(push.body()));
    }
}
