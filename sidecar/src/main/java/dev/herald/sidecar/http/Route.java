package dev.herald.sidecar.http;

import dev.herald.dialects.HttpReply;

/**
 * One row of the route table.
 *
 * @param method   the HTTP method, or {@code *} for any
 * @param producer the ingest producer this route takes events from ({@code minio}, {@code ceph},
 *                 {@code eventbus}), so that a body refused as too large counts against it; else {@code null}
 */
public record Route(String method, PathPattern path, String producer, RequestHandler handler) {
    public static Route of(String method, String path, RequestHandler handler) {
        return new Route(method, PathPattern.of(path), null, handler);
    }

    public static Route ingest(String method, String path, String producer, RequestHandler handler) {
        return new Route(method, PathPattern.of(path), producer, handler);
    }

    /** The same route behind a check that answers first when it refuses (e.g. the admin token). */
    public Route guardedBy(Guard guard) {
        return new Route(method, path, producer, e -> {
            HttpReply refusal = guard.refusal(e);
            return refusal != null ? refusal : handler.handle(e);
        });
    }

    /** Refuses an exchange (its answer), or lets it through ({@code null}). */
    @FunctionalInterface
    public interface Guard {
        HttpReply refusal(Exchange exchange);
    }
}
