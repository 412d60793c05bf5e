package dev.herald.sidecar.storage;

import dev.herald.dialects.OutboundPush;
import dev.herald.sidecar.net.ParsedUrls;

import java.net.URI;
import java.util.Locale;

/**
 * One delivery, in one shape from render to send: what to push and how far it got. While it waits
 * in the queue its push may be left out ({@code push == null}): memory holds when each delivery is
 * due, not what it sends, and the push is loaded again for the attempt.
 *
 * @param targetUrl the push's URL (kept when the push is not)
 * @param origin    {@code scheme://host:port} of the URL: the unit of isolation
 * @param orderKey  {@code bucket/key} of an object event, whose deliveries a FIFO destination makes
 *                  in order; {@code null} for events with no object (bus events)
 * @param seq       position in the queue, assigned when stored (insertion order); 0 before
 * @param createdAt when its event was stored, epoch millis
 * @param attempts  attempts made so far
 * @param dueAt     when the next attempt is due, epoch millis
 * @param push      the request to make, or {@code null} while not loaded
 */
public record Delivery(String id, String eventId, String targetUrl, String origin, String orderKey, long seq,
                       long createdAt, int attempts, long dueAt, OutboundPush push) {

    /** A delivery just rendered, due now, not yet stored. */
    public static Delivery fresh(String eventId, OutboundPush push, String orderKey, long now) {
        return new Delivery(push.deliveryId(), eventId, push.targetUrl(), originOf(push.targetUrl()), orderKey, 0, now, 0,
                now, push);
    }

    /** This delivery at its position in the queue. */
    public Delivery at(long seq) {
        return new Delivery(id, eventId, targetUrl, origin, orderKey, seq, createdAt, attempts, dueAt, push);
    }

    /** This delivery with its push loaded. */
    public Delivery with(OutboundPush push) {
        return new Delivery(id, eventId, targetUrl, origin, orderKey, seq, createdAt, attempts, dueAt, push);
    }

    /** This delivery as memory holds it while it waits: without its push. */
    public Delivery unloaded() {
        return push == null ? this : with(null);
    }

    /** The same delivery, due at another time. */
    public Delivery dueAt(long time) {
        return new Delivery(id, eventId, targetUrl, origin, orderKey, seq, createdAt, attempts, time, push);
    }

    /** After a failed attempt: one more attempt made, the next due at {@code time}, the push left to the queue. */
    public Delivery retriedAt(long time) {
        return new Delivery(id, eventId, targetUrl, origin, orderKey, seq, createdAt, attempts + 1, time, null);
    }

    /** {@code scheme://host:port} of a URL, the port filled in from the scheme. */
    public static String originOf(String url) {
        URI u = ParsedUrls.of(url);
        int port = u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    @Override
    public String toString() {
        // The push holds a signing key and a body: neither belongs in a log line.
        return "Delivery[" + id + " -> " + origin + " attempts=" + attempts + "]";
    }
}
