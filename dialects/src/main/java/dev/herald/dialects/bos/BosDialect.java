package dev.herald.dialects.bos;

import dev.herald.dialects.CompiledRules;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.PushBatching;
import dev.herald.dialects.WrappedListBatches;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Baidu BOS notifications: rules as stored by {@link BosConfigApi}, pushes as BOS sends them.
 *
 * <p>A rule with {@code encryption.key} gets signed pushes (BOS leaves the details open, these are
 * Herald's): {@code Authorization: bce-auth-v1/{rule id}/{x-bce-date}/1800/content-length;host;x-bce-date/{signature}},
 * with the key as the secret, over POST, the target URL's path and query, and the headers
 * {@code host} (the URL's host, with {@code :port} when the URL names a non-default port),
 * {@code content-length} and {@code x-bce-date}. {@link BosPushVerifier} checks it.
 */
public final class BosDialect implements NotificationDialect {
    public static final String ID = "bos";
    /** What BOS documents for its pushes (docs/bos.md, "The push"). */
    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    private static final WrappedListBatches BATCHES = new WrappedListBatches("events", CONTENT_TYPE);
    /**
     * Not {@code content-type}: HTTP servers re-case its charset before the application sees it
     * (Jetty 11 hands {@code charset=utf-8} over as {@code UTF-8}, Jetty 12 the other way round),
     * and a receiver cannot verify a signature over bytes it never sees.
     */
    private static final List<String> PUSH_SIGNED_HEADERS = List.of("content-length", "host", "x-bce-date");

    private final BosPushRenderer renderer;

    public BosDialect(BosSettings settings) {
        this.renderer = new BosPushRenderer(settings.domain());
    }

    @Override
    public String id() {
        return ID;
    }

    /** Without the resolved {@code deliveryUrl} Herald stores beside each app. */
    @Override
    public String apiJson(String storedRulesJson) {
        return BosNotifications.fromStoredJson(storedRulesJson).toApiJson();
    }

    @Override
    public CompiledRules compile(String bucket, String storedRulesJson) {
        return new CompiledBosRules(bucket, BosNotifications.fromStoredJson(storedRulesJson), renderer);
    }

    @Override
    public Map<String, String> pushHeaders(OutboundPush push, Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", push.contentType());
        if (push.signingKey() != null) {
            String date = BosTime.format(now);
            headers.put("x-bce-date", date);
            URI target = URI.create(push.targetUrl());
            HttpRequestView signed = new HttpRequestView(push.method(), target.getRawPath(), target.getRawQuery(), Map.of(
                    "host", List.of(hostHeader(target)),
                    "content-length", List.of(Integer.toString(push.body().length)),
                    "content-type", List.of(push.contentType()),
                    "x-bce-date", List.of(date)), push.body());
            headers.put("Authorization", BceAuthV1.sign(signed, push.ruleId(), push.signingKey(), now,
                    BceAuthV1.DEFAULT_EXPIRATION_SECONDS, PUSH_SIGNED_HEADERS));
        }
        return headers;
    }

    /** Every BOS push is {@code {"events":[...]}}: a batch is one such list under one signature (docs/bos.md, "The push"). */
    @Override
    public PushBatching batching() {
        return BATCHES;
    }

    /** BOS pushes can carry STS credentials to read the object ({@code content.credentials}). */
    @Override
    public boolean wantsReadCredentials() {
        return true;
    }

    /** Only 200 counts: BOS retries every other answer (docs/bos.md, "The push"). */
    @Override
    public boolean isSuccess(int status) {
        return status == 200;
    }

    /** The Host header an HTTP client sends for {@code target}: the port only when it is not the scheme's default. */
    static String hostHeader(URI target) {
        int port = target.getPort();
        boolean defaultPort = port == -1 || port == 80 && "http".equalsIgnoreCase(target.getScheme())
                || port == 443 && "https".equalsIgnoreCase(target.getScheme());
        return defaultPort ? target.getHost() : target.getHost() + ":" + port;
    }
}
