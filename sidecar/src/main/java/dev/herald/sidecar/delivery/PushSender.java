package dev.herald.sidecar.delivery;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes one HTTP attempt of a delivery and reports what happened. Redirects are not followed (a
 * 3xx is an answer, and following it would let a receiver steer Herald elsewhere); the response
 * body is read and discarded.
 */
public final class PushSender implements AutoCloseable {
    private final HttpClient client;
    private final Duration requestTimeout;
    private final Clock clock;

    private PushSender(HttpClient client, Duration requestTimeout, Clock clock) {
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    public static PushSender start(TargetGuard guard, Duration connectTimeout, Duration requestTimeout,
                                   int maxConnectionsPerDestination, String userAgent, Clock clock) {
        HttpClient client = new HttpClient();
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("herald-http-client");
        pool.setDaemon(true);
        client.setExecutor(pool);
        client.setFollowRedirects(false);
        client.setConnectTimeout(connectTimeout.toMillis());
        client.setIdleTimeout(Math.max(requestTimeout.toMillis(), 30_000));
        client.setMaxConnectionsPerDestination(maxConnectionsPerDestination);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, userAgent));
        // Jetty takes the resolver only before start, so the pool and scheduler it uses are ours.
        Scheduler scheduler = new ScheduledExecutorScheduler("herald-http-client-scheduler", true);
        client.setScheduler(scheduler);
        client.setSocketAddressResolver(new GuardedResolver(
                new SocketAddressResolver.Async(pool, scheduler, connectTimeout.toMillis()), guard));
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the delivery HTTP client", e);
        }
        return new PushSender(client, requestTimeout, clock);
    }

    /** What the receiver answered; {@code status} is null when no response came. */
    public record Outcome(Integer status, String error, long retryAfterMillis) {
    }

    /** Sends the request and blocks (on a virtual thread) until it completes or times out. */
    public Outcome send(String method, String url, String contentType, byte[] body, Map<String, String> headers) {
        return send(method, url, contentType, body, headers, requestTimeout);
    }

    /** As above, with this attempt's own timeout. */
    public Outcome send(String method, String url, String contentType, byte[] body, Map<String, String> headers,
                        Duration requestTimeout) {
        Request request = client.newRequest(URI.create(url))
                .method(method)
                .timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .body(new BytesRequestContent(body));
        // The header, not the content's type: Jetty rewrites a content type's charset
        // ("utf-8" -> "UTF-8"), and a vendor signature may cover the exact header value.
        request.headers(h -> {
            h.put(HttpHeader.CONTENT_TYPE, contentType);
            headers.forEach(h::put);
        });
        CompletableFuture<Result> done = new CompletableFuture<>();
        request.send(done::complete);
        Result result;
        try {
            result = done.get(requestTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abort(e);
            return new Outcome(null, "interrupted", -1);
        } catch (ExecutionException | TimeoutException e) {
            request.abort(e);
            return new Outcome(null, "no result within " + requestTimeout.toSeconds() + " s", -1);
        }
        if (result.getResponse() != null && result.getResponse().getStatus() > 0 && result.getResponseFailure() == null) {
            int status = result.getResponse().getStatus();
            long retryAfter = retryAfterMillis(result.getResponse().getHeaders().get(HttpHeader.RETRY_AFTER));
            String error = status >= 200 && status < 300 ? null : "HTTP " + status;
            return new Outcome(status, error, retryAfter);
        }
        return new Outcome(null, describe(result.getFailure(), requestTimeout), -1);
    }

    private long retryAfterMillis(String header) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        String v = header.trim();
        try {
            return Math.max(0, Long.parseLong(v)) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, at.toInstant().toEpochMilli() - clock.millis());
            } catch (DateTimeParseException notDate) {
                return -1;
            }
        }
    }

    private static String describe(Throwable failure, Duration requestTimeout) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof GuardedResolver.RefusedTargetException) {
                return t.getMessage();
            }
            if (t instanceof TimeoutException) {
                return "timed out after " + requestTimeout.toMillis() + " ms";
            }
            if (t instanceof ConnectException) {
                return "connection failed: " + t.getMessage();
            }
            if (t instanceof UnknownHostException) {
                return "unknown host: " + t.getMessage();
            }
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
