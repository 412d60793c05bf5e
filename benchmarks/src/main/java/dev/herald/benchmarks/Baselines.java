package dev.herald.benchmarks;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The baselines, run in a JVM of their own with the same JVM options as Herald's (see
 * {@link HeraldBenchmark}), on the same Jetty as Herald (the classpath is {@code herald.jar}):
 *
 * <ul>
 *   <li><b>ack</b> ({@code POST /ack}): reads the body and answers 200 — an HTTP exchange with
 *       nothing behind it, the baseline of the ingest figures;</li>
 *   <li><b>relay</b> ({@code POST /relay}): Jetty in, Jetty client out — forwards the body as it is
 *       to the sink and answers 200 once the sink answered 200; no store, no translation. The
 *       baseline of the end-to-end figure.</li>
 * </ul>
 *
 * Both handlers are written like Herald's own: they run on a virtual thread, block on the work
 * (the relay on the forward, with a 30 s timeout; Herald on its store's commit) and complete
 * Jetty's callback on that thread before {@code handle} returns, failing it on any error so that
 * no request is left unanswered. (The earlier in-process relay completed the callback from the
 * Jetty client's completion listener, on another thread. Jetty 12.1 allows that, and 400,000
 * relayed requests with that pattern showed no error here, but a run once logged a
 * {@code NullPointerException} in {@code HttpChannelState.completeStream} and hung: a lost answer
 * blocked a sender without a timeout. Jetty's fix for a completeStream race, jetty/jetty.project
 * #14745, is in 12.1.x since mid-2026; the load generator now fails a phase that stalls.)
 *
 * <p>Usage: {@code Baselines <sink URL>}. Prints {@code ready ack=<port> relay=<port>} once both
 * listen; exits when its standard input closes (the benchmark ended or died).
 */
public final class Baselines {
    private Baselines() {
    }

    public static void main(String[] args) throws Exception {
        URI sink = URI.create(args[0]);
        HttpClient client = new HttpClient();
        QueuedThreadPool clientPool = new QueuedThreadPool();
        clientPool.setName("relay-client");
        clientPool.setDaemon(true);
        client.setExecutor(clientPool);
        client.setMaxConnectionsPerDestination(64);
        client.setFollowRedirects(false);
        client.start();
        List<Server> servers = new ArrayList<>();
        Server ack = jetty(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                drain(request);
                // Only its own path: a probe of another server's route that lands here by mistake must fail.
                response.setStatus("/ack".equals(Request.getPathInContext(request)) ? 200 : 404);
                callback.succeeded();
                return true;
            }
        });
        servers.add(ack);
        Server relay = jetty(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                try {
                    byte[] body = drain(request);
                    if (!"/relay".equals(Request.getPathInContext(request))) {
                        response.setStatus(404);
                        callback.succeeded();
                        return true;
                    }
                    ContentResponse forwarded = client.newRequest(sink).method(HttpMethod.POST)
                            .body(new BytesRequestContent("application/json", body))
                            .timeout(30, TimeUnit.SECONDS)
                            .send();
                    response.setStatus(forwarded.getStatus() == 200 ? 200 : 502);
                    callback.succeeded();
                } catch (Throwable e) {
                    callback.failed(e); // Jetty answers 500: the load generator fails the phase
                }
                return true;
            }
        });
        servers.add(relay);
        System.out.println("ready ack=" + port(ack) + " relay=" + port(relay) + " pid=" + ProcessHandle.current().pid());
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // the benchmark holds our stdin open while it runs
            }
        }
        for (Server s : servers) {
            s.stop();
        }
        client.stop();
        System.exit(0);
    }

    private static byte[] drain(Request request) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            return in.readAllBytes();
        }
    }

    /** A Jetty server set up as Herald's: virtual threads for handlers, no version header. */
    private static Server jetty(Handler handler) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("baseline-http");
        pool.setDaemon(true);
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        return server;
    }

    private static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }
}
