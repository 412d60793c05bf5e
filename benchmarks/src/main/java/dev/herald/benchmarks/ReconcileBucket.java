package dev.herald.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.harness.ceph.CephRgw;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import static dev.herald.benchmarks.Format.mb;
import static dev.herald.benchmarks.Format.rate;
import static dev.herald.benchmarks.Rig.HERALD;

/**
 * The reconciliation of a bucket ({@code ./herald bench --reconcile N}): a real Ceph RGW (the
 * test harness's launcher; radosgw must be installed) holds N objects Herald never got an event
 * for; {@code POST /admin/reconcile} with a {@code since} before them lists the bucket and emits N
 * creates, which must each reach the sink once; a second run, with every object now indexed,
 * emits nothing. Herald's resident set is sampled through both.
 */
final class ReconcileBucket {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_TOKEN = "bench-admin";
    private static final int UPLOADERS = 16;

    private ReconcileBucket() {
    }

    static Report run(BenchmarkOptions o) throws Exception {
        if (!CephRgw.available()) {
            throw new IllegalStateException("--reconcile needs radosgw (apt-get install radosgw ceph-mon ceph-osd uuid-runtime)");
        }
        int n = o.reconcile();
        Path cephDir = Files.createTempDirectory("herald-bench-ceph-");
        try (CephRgw rgw = CephRgw.start(cephDir); S3Client s3 = rgw.s3Client()) {
            s3.createBucket(b -> b.bucket(EventBodies.BUCKET));
            Instant before = Instant.now().minusSeconds(60);
            long uploadNanos = upload(s3, n);
            String backend = """
                    admin: { token: %s }
                    backend:
                      endpoint: %s
                      accessKey: %s
                      secretKey: %s
                      enrich: false
                      reconcile: { grace: 0s, rateLimit: 100000 }
                    """.formatted(ADMIN_TOKEN, rgw.endpoint(), rgw.accessKey(), rgw.secretKey());
            try (Rig rig = Rig.start(o, sink -> BenchmarkConfig.yaml(List.of("0s", "1s", "2s"), null, sink) + backend)) {
                rig.log(String.format(Locale.ROOT, "%,d objects uploaded to Ceph in %.1f s", n, uploadNanos / 1e9));
                BenchmarkConfig.putBosRule(rig.herald.baseUri(), rig.sink.url());
                rig.sink.expect(n);

                rig.phase("reconcile");
                long t0 = System.nanoTime();
                JsonNode first = reconcile(rig.herald.baseUri(), before);
                long reconciled = System.nanoTime() - t0;
                rig.traffic.awaitArrivals("reconciled creates", n, Duration.ofSeconds(Math.max(300, n / 50)));
                long delivered = System.nanoTime() - t0;
                rig.log(String.format(Locale.ROOT, "reconciled in %.1f s, all delivered after %.1f s: %s", reconciled / 1e9,
                        delivered / 1e9, first));

                rig.phase("reconcile again");
                long t1 = System.nanoTime();
                JsonNode second = reconcile(rig.herald.baseUri(), before);
                long again = System.nanoTime() - t1;
                Thread.sleep(2_000); // a duplicate would arrive now

                List<Report.Figure> figures = new ArrayList<>();
                figures.add(new Report.Figure(String.format(Locale.ROOT, "reconcile %,d objects, none indexed", n),
                        String.format(Locale.ROOT, "%.1f s (%s objects/s); all delivered after %.1f s", reconciled / 1e9,
                                rate(n / (reconciled / 1e9)), delivered / 1e9), "-", "-", "-"));
                figures.add(new Report.Figure("listed / creates / deletes emitted", counts(first), "-", "-",
                        n + " / " + n + " / 0"));
                figures.add(new Report.Figure("delivered exactly once", String.format(Locale.ROOT,
                        "%,d of %,d; %d duplicates", rig.sink.distinct(), n, rig.sink.duplicates()), "-", "-", "every event once"));
                figures.add(new Report.Figure(String.format(Locale.ROOT, "reconcile again, all %,d indexed", n),
                        String.format(Locale.ROOT, "%.1f s; %s", again / 1e9, counts(second)), "-", "-", n + " / 0 / 0"));
                figures.add(new Report.Figure("resident set size, peak while reconciling and delivering",
                        mb(rig.rss.peakKb(HERALD, "reconcile")), "-", "-", "bounded"));
                figures.add(new Report.Figure("resident set size, peak while reconciling again",
                        mb(rig.rss.peakKb(HERALD, "reconcile again")) + " (VmHWM " + mb(rig.rss.hwmKb(HERALD)) + ")", "-", "-",
                        "bounded"));
                List<String> notes = List.of(
                        "The bucket is on a real Ceph RGW (radosgw 16, one OSD in a temporary directory) on the same machine; "
                                + "its objects were uploaded before the bucket had rules, so the run asks for them with `since`.",
                        "Each missing create costs one HeadObject (content type, version id); listing pages hold 1000 keys; "
                                + "`backend.reconcile.rateLimit` is set out of the way (100000/s) to measure Herald, not the limit.",
                        "Herald's deliveries go to the benchmark's sink, BOS-signed, as in the other figures.");
                return rig.report(o, String.format(Locale.ROOT, "the reconciliation of a %,d-object bucket", n), figures, notes);
            }
        } finally {
            deleteRecursively(cephDir);
        }
    }

    /** Uploads {@code rc/ev<i>.jpg}, {@value UPLOADERS} at a time; the nanoseconds it took. */
    private static long upload(S3Client s3, int n) throws Exception {
        long t0 = System.nanoTime();
        Semaphore inFlight = new Semaphore(UPLOADERS);
        List<Future<?>> puts = new ArrayList<>(n);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                String key = "rc/ev" + i + ".jpg";
                inFlight.acquire();
                puts.add(pool.submit(() -> {
                    try {
                        s3.putObject(b -> b.bucket(EventBodies.BUCKET).key(key), RequestBody.fromString(key));
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            for (Future<?> f : puts) {
                f.get();
            }
        }
        return System.nanoTime() - t0;
    }

    private static JsonNode reconcile(URI herald, Instant since) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(herald.resolve("/admin/reconcile?bucket="
                            + EventBodies.BUCKET + "&since=" + since)).header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("POST /admin/reconcile answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        }
    }

    private static String counts(JsonNode summary) {
        return summary.path("listed").asLong() + " / " + summary.path("createsEmitted").asLong() + " / "
                + summary.path("deletesEmitted").asLong();
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
