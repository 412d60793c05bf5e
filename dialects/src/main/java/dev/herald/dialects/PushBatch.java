package dev.herald.dialects;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Pushes that travel as one request ({@link NotificationDialect#batch}): the same URL, dialect,
 * method, content type, fixed headers and signing identity (rule and key: BOS signs with the rule
 * id as the access key), in the order they are sent.
 *
 * @param id a name-based UUID of the member delivery ids in order: the same batch sent again has the same id
 */
public record PushBatch(String id, List<OutboundPush> pushes) {
    public PushBatch {
        pushes = List.copyOf(pushes);
        if (pushes.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one push");
        }
        for (OutboundPush p : pushes) {
            if (!compatible(pushes.getFirst(), p)) {
                throw new IllegalArgumentException(p + " cannot travel with " + pushes.getFirst());
            }
        }
    }

    /** The batch of these pushes, its id derived from theirs. */
    public static PushBatch of(List<OutboundPush> pushes) {
        StringBuilder name = new StringBuilder("batch");
        pushes.forEach(p -> name.append('|').append(p.deliveryId()));
        return new PushBatch(UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString(), pushes);
    }

    /** Whether {@code b} may travel in one request with {@code a}. */
    public static boolean compatible(OutboundPush a, OutboundPush b) {
        return a.targetUrl().equals(b.targetUrl()) && a.dialect().equals(b.dialect()) && a.method().equals(b.method())
                && Objects.equals(a.contentType(), b.contentType()) && a.headers().equals(b.headers())
                && Objects.equals(a.signingKey(), b.signingKey())
                && (a.signingKey() == null || Objects.equals(a.ruleId(), b.ruleId()));
    }

    public List<byte[]> bodies() {
        return pushes.stream().map(OutboundPush::body).toList();
    }

    /** The one push that carries the batch: the members' URL, method, headers and key, with this body. */
    public OutboundPush carrying(String contentType, byte[] body) {
        OutboundPush first = pushes.getFirst();
        return new OutboundPush(id, first.dialect(), first.bucket(), first.ruleId(), first.targetUrl(), first.method(),
                contentType, body, first.signingKey(), null, first.headers());
    }
}
