package dev.herald.sidecar.delivery;

import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import dev.herald.sidecar.net.GuardedResolver;
import dev.herald.sidecar.net.ParsedUrls;
import dev.herald.sidecar.net.TargetGuard;

import java.net.ConnectException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link Transport} on Jetty's HTTP client, behind the SSRF guard at connect time. Redirects
 * are not followed (a 3xx is an answer, and following it would let a receiver steer Herald
 * elsewhere); the response body is read and discarded.
 */
public final class JettyTransport implements Transport {
    private static final byte[] NO_BODY = new byte[0];

    private final HttpClient client;
    private final Duration requestTimeout;
    private final Clock clock;

    private JettyTransport(HttpClient client, Duration requestTimeout, Clock clock) {
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    /** @param tls how receivers' certificates are checked ({@code ReceiverTrust}) */
    public static JettyTransport start(TargetGuard guard, SslContextFactory.Client tls, Duration connectTimeout,
                                       Duration requestTimeout, int maxConnectionsPerDestination, String userAgent,
                                       Clock clock) {
        HttpClient client = new HttpClient();
        client.setSslContextFactory(tls);
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
        return new JettyTransport(client, requestTimeout, clock);
    }

    @Override
    public Response send(PushRequest push) {
        Duration timeout = push.timeout() != null ? push.timeout() : requestTimeout;
        Request request = client.newRequest(ParsedUrls.of(push.url()))
                .method(push.method())
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .body(new BytesRequestContent(push.body()));
        // The header, not the content's type: Jetty rewrites a content type's charset
        // ("utf-8" -> "UTF-8"), and a vendor signature may cover the exact header value.
        request.headers(h -> {
            h.put(HttpHeader.CONTENT_TYPE, push.contentType());
            push.headers().forEach(h::put);
        });
        CompletableFuture<Result> done = new CompletableFuture<>();
        BufferingResponseListener kept = push.maxResponseBytes() > 0 ? new BufferingResponseListener(push.maxResponseBytes()) {
            @Override
            public void onComplete(Result result) {
                done.complete(result);
            }
        } : null;
        if (kept != null) {
            request.send(kept);
        } else {
            request.send(done::complete);
        }
        Result result;
        try {
            result = done.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abort(e);
            return Response.notSent("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            request.abort(e);
            return Response.notSent("no result within " + timeout.toSeconds() + " s");
        }
        if (result.getResponse() != null && result.getResponse().getStatus() > 0 && result.getResponseFailure() == null) {
            int status = result.getResponse().getStatus();
            long retryAfter = retryAfterMillis(result.getResponse().getHeaders().get(HttpHeader.RETRY_AFTER));
            String error = status >= 200 && status < 300 ? null : "HTTP " + status;
            return new Response(status, error, retryAfter, kept == null ? NO_BODY : kept.getContent());
        }
        return Response.notSent(describe(result.getFailure(), timeout));
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
            if (t instanceof SSLException) {
                return "TLS failed: " + t.getMessage();
            }
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the delivery HTTP client failed: " + e.getMessage(), e);
        }
    }
}
