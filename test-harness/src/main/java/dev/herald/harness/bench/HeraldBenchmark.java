package dev.herald.harness.bench;

import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.bos.BceAuthV1;
import dev.herald.harness.MinioWebhook;
import dev.herald.harness.ObjectOperation;
import dev.herald.sidecar.HeraldServer;
import dev.herald.sidecar.config.ConfigLoader;
import dev.herald.sidecar.config.HeraldConfig;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Herald's benchmark ({@code ./herald bench [events]}): every figure next to a baseline measured
 * in the same run on the same machine.
 *
 * <ul>
 *   <li>ingest-ack latency, one sequential sender (how MinIO's {@code queue_dir} mode sends), durability
 *       on — baseline: the same HTTP exchange with a server that acknowledges without storing;</li>
 *   <li>sustained ingest with 16 concurrent senders — same baseline;</li>
 *   <li>end to end into a fast local receiver with BOS rendering and signing — baseline: a bare
 *       pass-through relay (Jetty in, Jetty client out, no store, no translation);</li>
 *   <li>resident set size of the JVM after the runs.</li>
 * </ul>
 * Prints a Markdown table (what {@code docs/BENCHMARKS.md} holds).
 */
public final class HeraldBenchmark {
    private static final String TOKEN = "bench-token";
    private static final String AK = "bench-ak";
    private static final String SK = "bench-sk";

    public record Figure(String name, String herald, String baseline, String ratio, String target) {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        List<Figure> figures = run(events);
        System.out.println(markdown(figures, events));
    }

    public static List<Figure> run(int events) throws Exception {
        Path dir = Files.createTempDirectory("herald-bench-");
        List<Figure> figures = new ArrayList<>();
        try (AckServer ack = AckServer.start(); Sink sink = Sink.start(); Relay relay = Relay.start(sink.url())) {
            HeraldServer herald = HeraldServer.start(config(dir), Clock.systemUTC());
            try {
                URI heraldIngest = herald.baseUri().resolve("/ingest/minio");
                java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                        .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
                int sequential = Math.max(100, events / 4);
                send(http, ack.url(), "warm", 200, 1);
                send(http, heraldIngest, "warm", 200, 1);

                long[] base = send(http, ack.url(), "seq", sequential, 1);
                long[] herd = send(http, heraldIngest, "seq", sequential, 1);
                figures.add(new Figure("ingest ack p50, 1 sender", ms(pct(herd, 50)), ms(pct(base, 50)),
                        ratio(pct(base, 50), pct(herd, 50)), "<= 1 ms"));
                figures.add(new Figure("ingest ack p99, 1 sender", ms(pct(herd, 99)), ms(pct(base, 99)),
                        ratio(pct(base, 99), pct(herd, 99)), "<= 5 ms"));

                double baseRate = rate(http, ack.url(), "par-ack", events, 16);
                double heraldRate = rate(http, heraldIngest, "par", events, 16);
                figures.add(new Figure("ingest, 16 senders (events/s)", String.format(Locale.ROOT, "%,.0f", heraldRate),
                        String.format(Locale.ROOT, "%,.0f", baseRate), String.format(Locale.ROOT, "%.2f", heraldRate / baseRate),
                        ">= 15,000"));

                int e2e = Math.max(100, events / 2);
                putBosRule(herald.baseUri(), sink.url());
                double relayRate = endToEnd(http, relay.url(), sink, e2e, "relay");
                double heraldE2e = endToEnd(http, heraldIngest, sink, e2e, "e2e");
                figures.add(new Figure("end to end, BOS render+sign (events/s)", String.format(Locale.ROOT, "%,.0f", heraldE2e),
                        String.format(Locale.ROOT, "%,.0f", relayRate), String.format(Locale.ROOT, "%.2f", heraldE2e / relayRate),
                        "ratio >= 0.5"));
                figures.add(new Figure("resident set size after the runs", rssMb() + " MB", "-", "-", "<= 300 MB"));
            } finally {
                herald.close();
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return figures;
    }

    public static String markdown(List<Figure> figures, int events) {
        StringBuilder out = new StringBuilder();
        out.append("Run ").append(Instant.now()).append(" with ").append(events).append(" events; ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(Runtime.version()).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.arch")).append("\n\n");
        out.append("| figure | Herald | baseline | ratio (Herald/baseline speed) | target |\n|---|---|---|---|---|\n");
        figures.forEach(f -> out.append("| ").append(f.name()).append(" | ").append(f.herald()).append(" | ")
                .append(f.baseline()).append(" | ").append(f.ratio()).append(" | ").append(f.target()).append(" |\n"));
        return out.toString();
    }

    private static HeraldConfig config(Path dir) throws IOException {
        Path yaml = dir.resolve("bench.yaml");
        Files.writeString(yaml, """
                server: { port: 0 }
                store: { path: %s }
                credentials: [ { accessKey: %s, secretKey: %s, buckets: ["*"] } ]
                ingest: { minio: { token: %s } }
                delivery: { allowPrivateTargets: true, retrySchedule: [0s, 100ms, 1s], jitter: 0 }
                """.formatted(dir.resolve("data"), AK, SK, TOKEN));
        return ConfigLoader.load(yaml, Map.of());
    }

    /** Sends {@code n} distinct MinIO webhook bodies from {@code senders} threads; the latencies in nanoseconds. */
    private static long[] send(java.net.http.HttpClient http, URI url, String prefix, int n, int senders) throws Exception {
        long[] latencies = new long[n];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        List<Future<?>> futures = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    byte[] body = MinioWebhook.body(ObjectOperation.put("bench", prefix + "/" + i + ".jpg").size(i).eTag("e" + i))
                            .getBytes(StandardCharsets.UTF_8);
                    long t0 = System.nanoTime();
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).header("Authorization", "Bearer " + TOKEN)
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    latencies[i] = System.nanoTime() - t0;
                    if (r.statusCode() / 100 != 2) {
                        throw new IllegalStateException(url + " answered " + r.statusCode());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return latencies;
    }

    private static double rate(java.net.http.HttpClient http, URI url, String prefix, int n, int senders) throws Exception {
        long t0 = System.nanoTime();
        send(http, url, prefix, n, senders);
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /** Events per second from the first send until the sink has them all. */
    private static double endToEnd(java.net.http.HttpClient http, URI url, Sink sink, int n, String prefix) throws Exception {
        sink.expect(n);
        long t0 = System.nanoTime();
        send(http, url, prefix, n, 16);
        if (!sink.await(Duration.ofMinutes(5))) {
            throw new IllegalStateException("the receiver got " + sink.received() + " of " + n + " events");
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static void putBosRule(URI herald, URI sink) throws Exception {
        String rules = """
                {"notifications":[{"id":"bench","appId":"a","status":"enabled","resources":["/"],"events":["PutObject"],
                "encryption":{"key":"bench-signing-key"},"apps":[{"id":"a","eventUrl":"%s"}]}]}""".formatted(sink);
        byte[] body = rules.getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of(herald.getHost() + ":" + herald.getPort()));
        headers.put("Content-Type", List.of("application/json; charset=utf-8"));
        headers.put("Content-Length", List.of(Integer.toString(body.length)));
        HttpRequestView unsigned = new HttpRequestView("PUT", "/v1/bench", "notification", headers, body);
        String auth = BceAuthV1.sign(unsigned, AK, SK, Instant.now(), 1800, List.of());
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                herald.resolve("/v1/bench?notification")).header("Content-Type", "application/json; charset=utf-8")
                .header("Authorization", auth).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("rule not stored: " + r.body());
        }
    }

    private static long pct(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    /** How fast Herald is relative to the baseline (1.0 = as fast). */
    private static String ratio(long baselineNanos, long heraldNanos) {
        return String.format(Locale.ROOT, "%.2f", (double) baselineNanos / heraldNanos);
    }

    private static long rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    private static Server jetty(Handler handler) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        return server;
    }

    private static URI url(Server server, String path) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
    }

    private static void drain(Request request) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            in.readAllBytes();
        }
    }

    /** Reads the body and answers 200: an HTTP exchange with nothing behind it. */
    private record AckServer(Server server) implements AutoCloseable {
        static AckServer start() throws Exception {
            return new AckServer(jetty(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) throws Exception {
                    drain(request);
                    response.setStatus(200);
                    callback.succeeded();
                    return true;
                }
            }));
        }

        URI url() {
            return HeraldBenchmark.url(server, "/ack");
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }

    /** The fast receiver: counts what arrives. */
    private static final class Sink implements AutoCloseable {
        private final AtomicInteger received = new AtomicInteger();
        private volatile CountDownLatch done = new CountDownLatch(0);
        private Server server;

        static Sink start() throws Exception {
            Sink sink = new Sink();
            sink.server = jetty(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) throws Exception {
                    drain(request);
                    sink.received.incrementAndGet();
                    sink.done.countDown();
                    response.setStatus(200);
                    callback.succeeded();
                    return true;
                }
            });
            return sink;
        }

        void expect(int n) {
            received.set(0);
            done = new CountDownLatch(n);
        }

        boolean await(Duration timeout) throws InterruptedException {
            return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        int received() {
            return received.get();
        }

        URI url() {
            return HeraldBenchmark.url(server, "/sink");
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }

    /** The bare pass-through relay: Jetty in, Jetty client out, answered after the forward; no store, no translation. */
    private static final class Relay implements AutoCloseable {
        private final HttpClient client = new HttpClient();
        private Server server;

        static Relay start(URI target) throws Exception {
            Relay relay = new Relay();
            relay.client.setMaxConnectionsPerDestination(64);
            relay.client.start();
            relay.server = jetty(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) throws Exception {
                    byte[] body;
                    try (InputStream in = Content.Source.asInputStream(request)) {
                        body = in.readAllBytes();
                    }
                    relay.client.newRequest(target).method("POST").body(new BytesRequestContent("application/json", body))
                            .send(result -> {
                                response.setStatus(result.isSucceeded() ? 200 : 502);
                                callback.succeeded();
                            });
                    return true;
                }
            });
            return relay;
        }

        URI url() {
            return HeraldBenchmark.url(server, "/relay");
        }

        @Override
        public void close() throws Exception {
            server.stop();
            client.stop();
        }
    }
}
