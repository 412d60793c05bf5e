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

/**
 * Adapts Jetty to {@link HeraldRoutes}: reads the whole body (bounded), builds the request view,
 * writes the reply. Runs on virtual threads, so routes may block on the store.
 */
public final class HeraldHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(HeraldHandler.class);

    private final HeraldRoutes routes;
    private final int maxBodyBytes;

    public HeraldHandler(HeraldRoutes routes, int maxBodyBytes) {
        this.routes = routes;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long received = System.nanoTime();
        HttpReply reply;
        try {
            byte[] body = readBody(request);
            if (body == null) {
                reply = routes.tooLarge(request.getHttpURI().getPath(), maxBodyBytes);
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
            LOG.error("unexpected error answering {} {}", request.getMethod(), request.getHttpURI().getPath(), e);
            reply = JsonReply.error(500, "internal_error", "Herald failed to answer this request; see its log");
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
