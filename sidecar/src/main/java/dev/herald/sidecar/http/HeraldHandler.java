package dev.herald.sidecar.http;

import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.sidecar.config.HeraldConfig;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Adapts Jetty to the {@link RouteTable}: reads the whole body (bounded), builds the request view,
 * writes the reply. Runs on virtual threads, so routes may block on the store. A body over
 * {@code server.maxBodyBytes} is answered 413 and, on an ingest route, counted against its producer;
 * a body slower than {@code server.minBodyRate} (after {@code server.headerTimeout} of grace) is
 * answered 408. Once Herald is stopping, every request but {@code /healthz} and {@code /readyz} is
 * answered 503, and the connection closed.
 */
public final class HeraldHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(HeraldHandler.class);

    private final RouteTable routes;
    private final int maxBodyBytes;
    private final long minBodyRate;
    private final long graceNanos;
    private final Consumer<String> tooLarge;
    private final BooleanSupplier stopping;

    /**
     * @param tooLarge told the producer of an ingest route that got a body over the limit
     * @param stopping whether Herald is shutting down
     */
    public HeraldHandler(RouteTable routes, HeraldConfig.Server server, Consumer<String> tooLarge, BooleanSupplier stopping) {
        this.routes = routes;
        this.maxBodyBytes = server.maxBodyBytes();
        this.minBodyRate = server.minBodyRate();
        this.graceNanos = server.headerTimeout().toNanos();
        this.tooLarge = tooLarge;
        this.stopping = stopping;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long received = System.nanoTime();
        HttpReply reply;
        String path = request.getHttpURI().getPath();
        if (stopping.getAsBoolean() && !path.equals("/healthz") && !path.equals("/readyz")) {
            response.getHeaders().put("Connection", "close");
            return write(JsonReply.error(503, "shutting_down", "Herald is stopping; send this request to another "
                    + "instance or retry"), response, callback);
        }
        try {
            byte[] body = readBody(request, received);
            if (body == null) {
                String producer = routes.producerOf(request.getHttpURI().getPath());
                if (producer != null) {
                    tooLarge.accept(producer);
                }
                reply = JsonReply.error(413, "too_large", "request body exceeds server.maxBodyBytes (" + maxBodyBytes
                        + " bytes)");
            } else {
                Map<String, List<String>> headers = new LinkedHashMap<>();
                for (HttpField f : request.getHeaders()) {
                    headers.computeIfAbsent(f.getName(), k -> new ArrayList<>()).add(f.getValue());
                }
                HttpRequestView view = new HttpRequestView(request.getMethod(), request.getHttpURI().getPath(),
                        request.getHttpURI().getQuery(), headers, body);
                reply = routes.route(view, received);
            }
        } catch (SlowBody e) {
            response.getHeaders().put("Connection", "close");
            reply = JsonReply.error(408, "request_timeout", "the request body arrived slower than server.minBodyRate ("
                    + minBodyRate + " bytes/s)");
        } catch (IOException e) {
            reply = JsonReply.error(400, "bad_request", "could not read the request body: " + e.getMessage());
        } catch (RuntimeException e) {
            String requestId = UUID.randomUUID().toString();
            LOG.error("unexpected error answering {} {} (request id {})", request.getMethod(), request.getHttpURI().getPath(),
                    requestId, e);
            reply = JsonReply.of(500, "error", "internal_error", "reason", "Herald failed to answer this request; its log "
                    + "has the cause under this request id", "requestId", requestId);
        }
        return write(reply, response, callback);
    }

    private static boolean write(HttpReply reply, Response response, Callback callback) {
        response.setStatus(reply.status());
        reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        response.getHeaders().put("Content-Length", reply.body().length);
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
        return true;
    }

    /** A body slower than {@code server.minBodyRate}. */
    private static final class SlowBody extends IOException {
        SlowBody() {
            super("request body too slow");
        }
    }

    /** The body, or {@code null} if it is larger than allowed; checks the rate after every chunk that arrives. */
    private byte[] readBody(Request request, long started) throws IOException {
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            return null;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
        byte[] chunk = new byte[8192];
        try (InputStream in = Content.Source.asInputStream(request)) {
            for (int n; (n = in.read(chunk)) != -1; ) {
                body.write(chunk, 0, n);
                if (body.size() > maxBodyBytes) {
                    return null;
                }
                if (System.nanoTime() - started > graceNanos + body.size() * 1_000_000_000L / minBodyRate) {
                    throw new SlowBody();
                }
            }
        }
        return body.toByteArray();
    }
}
