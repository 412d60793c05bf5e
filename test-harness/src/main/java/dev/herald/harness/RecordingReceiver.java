package dev.herald.harness;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A scripted HTTP receiver standing in for the user's URL: records every request byte for byte
 * and answers with a status chosen per request (200 by default). Runs on 127.0.0.1 on a free
 * port; can be stopped and started again on the same port to simulate an outage.
 */
public final class RecordingReceiver implements AutoCloseable {
    /** How to answer one request: status, headers and body. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public static Answer status(int status) {
            return new Answer(status, Map.of(), "");
        }
    }

    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> scripted = new ConcurrentLinkedQueue<>();
    private volatile Function<RecordedRequest, Answer> answerer = r -> Answer.status(200);
    private volatile Duration delay = Duration.ZERO;
    private final SslContextFactory.Server tls;
    private Server server;
    private int port;

    private RecordingReceiver(SslContextFactory.Server tls) {
        this.tls = tls;
    }

    /** Starts a receiver on a free loopback port. */
    public static RecordingReceiver start() {
        RecordingReceiver r = new RecordingReceiver(null);
        r.listen(0);
        return r;
    }

    /** Starts an HTTPS receiver on a free loopback port, presenting {@code tls}'s certificate. */
    public static RecordingReceiver startTls(SslContextFactory.Server tls) {
        RecordingReceiver r = new RecordingReceiver(tls);
        r.listen(0);
        return r;
    }

    /** Starts a receiver on this loopback port (0: a free one); see {@link Ports#freePort()}. */
    public static RecordingReceiver start(int port) {
        RecordingReceiver r = new RecordingReceiver(null);
        r.listen(port);
        return r;
    }

    private void listen(int onPort) {
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        // Record header values byte for byte: Jetty's header cache would otherwise substitute its
        // own spelling of common values ("charset=UTF-8" for "charset=utf-8").
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector = tls == null ? new ServerConnector(server, new HttpConnectionFactory(http))
                : new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(onPort);
        connector.setReuseAddress(true);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Map<String, List<String>> headers = new LinkedHashMap<>();
                for (HttpField f : request.getHeaders()) {
                    headers.computeIfAbsent(f.getName(), k -> new ArrayList<>()).add(f.getValue());
                }
                byte[] body;
                try (InputStream in = Content.Source.asInputStream(request)) {
                    body = in.readAllBytes();
                }
                RecordedRequest rec = new RecordedRequest(request.getMethod(), request.getHttpURI().getPath(),
                        request.getHttpURI().getQuery(), headers, body, System.currentTimeMillis());
                Answer a = scripted.poll();
                if (a == null) {
                    a = answerer.apply(rec);
                }
                if (!delay.isZero()) {
                    Thread.sleep(delay.toMillis());
                }
                requests.add(rec);
                response.setStatus(a.status());
                a.headers().forEach((k, v) -> response.getHeaders().put(k, v));
                response.write(true, ByteBuffer.wrap(a.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start receiver on port " + onPort, e);
        }
        port = connector.getLocalPort();
    }

    /** {@code http://127.0.0.1:port} (https with TLS) + {@code path}. */
    public URI url(String path) {
        return URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + port + path);
    }

    public int port() {
        return port;
    }

    /** Answers the next requests with these statuses, in order, then falls back to the answerer. */
    public RecordingReceiver enqueue(Answer... answers) {
        scripted.addAll(List.of(answers));
        return this;
    }

    /** How to answer requests that no enqueued answer covers. */
    public RecordingReceiver answerWith(Function<RecordedRequest, Answer> answerer) {
        this.answerer = answerer;
        return this;
    }

    /** Delays every answer (a slow receiver). */
    public RecordingReceiver delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** Every request received so far, in order of completion. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Waits until at least {@code n} requests have been received and returns them all. */
    public List<RecordedRequest> awaitRequests(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (requests.size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " requests within " + timeout + ", got " + requests.size());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return requests();
    }

    public void clear() {
        requests.clear();
        scripted.clear();
    }

    /** Stops listening (connections are refused) until {@link #resume()}. */
    public void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Listens again on the same port. */
    public void resume() {
        listen(port);
    }

    @Override
    public void close() {
        stop();
    }
}
