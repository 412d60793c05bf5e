package dev.herald.harness.e2e;

import com.baidubce.auth.DefaultBceCredentials;
import com.baidubce.http.DefaultRetryPolicy;
import com.baidubce.services.bos.BosClient;
import com.baidubce.services.bos.BosClientConfiguration;
import com.baidubce.services.bos.model.Notification;

import java.net.URI;
import java.util.List;

/** The official BOS Java SDK, pointed at a Herald (the end-to-end and the fault tests use it). */
public final class BosSdk {
    private BosSdk() {
    }

    public static BosClient client(URI herald, String accessKey, String secretKey) {
        BosClientConfiguration conf = new BosClientConfiguration();
        conf.setCredentials(new DefaultBceCredentials(accessKey, secretKey));
        conf.setEndpoint(herald.toString());
        conf.setRetryPolicy(new DefaultRetryPolicy(0, 0));
        return new BosClient(conf);
    }

    /** Replaces {@code bucket}'s rules with {@code rules} through a client of its own, shut down after. */
    public static void putRules(URI herald, String accessKey, String secretKey, String bucket, List<Notification> rules) {
        BosClient bos = client(herald, accessKey, secretKey);
        try {
            bos.putNotification(bucket, rules);
        } finally {
            bos.shutdown();
        }
    }

    /** A rule as an application would write it with the SDK. */
    public static Notification rule(String id, String url, String signingKey, List<String> resources, List<String> events) {
        Notification n = new Notification();
        n.setId(id);
        n.setName("rule " + id);
        n.setAppId("app-" + id);
        n.setStatus("enabled");
        n.setResources(resources);
        n.setEvents(events);
        if (signingKey != null) {
            n.setEncryption(new Notification.Encryption(signingKey));
        }
        n.setApps(List.of(new Notification.App("app-" + id, url, "{\"saveUrl\":\"http://example.com/ocr\"}")));
        return n;
    }
}
