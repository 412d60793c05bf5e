package dev.herald.sidecar.http;

import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Adapts Jetty to the {@link RouteTable}: reads the whole body (bounded), builds the request view,
 * writes the reply. Runs on virtual threads, so routes may block on the store. A body over
 * {@code server.maxBodyBytes} is answered 413 and, on an ingest route, counted against its producer.
 */
public final class HeraldHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(HeraldHandler.class);

    private final RouteTable routes;
    private final int maxBodyBytes;
    private final Consumer<String> tooLarge;

    /** @param tooLarge told the producer of an ingest route that got a body over the limit */
    public HeraldHandler(RouteTable routes, int maxBodyBytes, Consumer<String> tooLarge) {
        this.routes = routes;
        this.maxBodyBytes = maxBodyBytes;
        this.tooLarge = tooLarge;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long received = System.nanoTime();
        HttpReply reply;
        try {
            byte[] body = readBody(request);
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
        } catch (IOException e) {
            reply = JsonReply.error(400, "bad_request", "could not read the request body: " + e.getMessage());
        } catch (RuntimeException e) {
            String requestId = UUID.randomUUID().toString();
            LOG.error("unexpected error answering {} {} (request id {})", request.getMethod(), request.getHttpURI().getPath(),
                    requestId, e);
            reply = JsonReply.of(500, "error", "internal_error", "reason", "Herald failed to answer this request; its log "
                    + "has the cause under this request id", "requestId", requestId);
        }
        response.setStatus(reply.status());
        reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        response.getHeaders().put("Content-Length", reply.body().length);
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
        return true;
    }

    /** The body, or {@code null} if it is larger than allowed. */
    private byte[] readBody(Request request) throws IOException {
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            return null;
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            return body.length > maxBodyBytes ? null : body;
        }
    }
}
