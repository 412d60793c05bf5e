package dev.herald.harness.image;

import dev.herald.harness.HeraldProcess;
import dev.herald.harness.MinioWebhook;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.Ports;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.RecordingReceiver;
import dev.herald.harness.e2e.BosSdk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ./herald image}'s build script, end to end: the archive is unpacked with skopeo and umoci
 * (tools that did not write it), and its entrypoint runs as the image's user in the image's root
 * filesystem with a mounted config and a secret given as an environment variable, as the
 * Kubernetes manifests do. Herald must become ready, deliver an ingested event to a receiver on
 * 127.0.0.1, and exit 0 on SIGTERM. Needs root, debootstrap (its base is cached under
 * sidecar/target/image-cache, so only the first run downloads it), skopeo, umoci and unshare.
 */
class ContainerImageTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String MINIO_TOKEN = "image-test-minio-token";

    @TempDir
    static Path work;
    static UnpackedImage image;
    static Path archive;

    @BeforeAll
    static void buildAndUnpack() throws Exception {
        assumeTrue("0".equals(UnpackedImage.run(Duration.ofSeconds(5), "id", "-u").trim()), "building the image needs root");
        for (String tool : List.of("debootstrap", "skopeo", "umoci", "unshare")) {
            assumeTrue(onPath(tool), tool + " is not installed (.ci/run installs it)");
        }
        Path jar = HeraldProcess.jar();
        Path repo = jar.getParent().getParent().getParent();
        archive = work.resolve("herald-image.tar");
        UnpackedImage.run(Duration.ofMinutes(10), repo.resolve("deploy/image/build.sh").toString(), "--jar", jar.toString(),
                "--out", archive.toString(), "--cache", repo.resolve("sidecar/target/image-cache").toString());
        String version = UnpackedImage.run(Duration.ofSeconds(30), ProcessHandle.current().info().command().orElse("java"),
                "-jar", jar.toString(), "--version").trim().replace("Herald ", "");
        image = UnpackedImage.unpack(archive, version, work);
    }

    @AfterAll
    static void removeRootfs() throws IOException, InterruptedException {
        if (image != null) { // owned by uid 10001 in part: @TempDir could not always remove it
            UnpackedImage.run(Duration.ofMinutes(1), "rm", "-rf", work.resolve("bundle").toString());
        }
    }

    @Test
    void imageRunsAsHeraldUserWithDataVolumeAndPort9100() throws IOException {
        assertThat(image.imageConfig().path("User").asText()).isEqualTo("10001:10001");
        assertThat(image.imageConfig().path("ExposedPorts").has("9100/tcp")).isTrue();
        assertThat(image.imageConfig().path("Volumes").has("/data")).isTrue();
        assertThat(image.process().path("user").path("uid").asInt()).isEqualTo(10001);
        assertThat(image.process().path("args")).extracting(Object::toString).containsExactly("\"/opt/java/bin/java\"",
                "\"@/opt/herald/jvm.options\"", "\"-jar\"", "\"/opt/herald/herald.jar\"", "\"serve\"", "\"--config\"",
                "\"/etc/herald/herald.yaml\"");
        assertThat(Files.readAllLines(image.rootfs().resolve("opt/herald/jvm.options"))).contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(Files.getAttribute(image.rootfs().resolve("data"), "unix:uid")).isEqualTo(10001);
        assertThat(Files.readString(image.rootfs().resolve("etc/herald/herald.yaml"))).contains("path: /data/herald")
                .doesNotContain("secretKey", "token:");
        assertThat(Files.exists(image.rootfs().resolve("usr/bin/sh"))).as("no shell in the image").isFalse();
    }

    @Test
    void entrypointServesDeliversAndShutsDownOnSigterm() throws Exception {
        Files.writeString(image.rootfs().resolve("etc/herald/herald.yaml"), """
                server: { host: 127.0.0.1 }
                store: { path: /data/herald }
                credentials:
                  - { accessKey: image-ak, secretKey: image-sk, buckets: ["*"] }
                delivery: { allowPrivateTargets: true }
                """);
        int port = Ports.freePort();
        Path log = work.resolve("herald.log");
        try (RecordingReceiver receiver = RecordingReceiver.start()) {
            Process herald = image.start(Map.of("HERALD_SERVER_PORT", Integer.toString(port),
                    "HERALD_INGEST_MINIO_TOKEN", MINIO_TOKEN), log);
            try {
                URI base = URI.create("http://127.0.0.1:" + port);
                awaitReady(base, herald, log);
                BosSdk.putRules(base, "image-ak", "image-sk", "photos", List.of(BosSdk.rule("image", receiver.url("/hook").toString(),
                        "image-signing-key", List.of("/"), List.of("PutObject"))));
                HttpResponse<String> ingest = HTTP.send(HttpRequest.newBuilder(base.resolve("/ingest/minio"))
                        .header("Authorization", "Bearer " + MINIO_TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(MinioWebhook.body(ObjectOperation.put("photos", "cat.jpg")
                                .size(3).eTag("e1").contentType("image/jpeg")))).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);

                List<RecordedRequest> pushes = receiver.awaitRequests(1, Duration.ofSeconds(20));
                assertThat(pushes).hasSize(1);
                assertThat(pushes.getFirst().path()).isEqualTo("/hook");
                assertThat(pushes.getFirst().bodyText()).contains("\"photos\"", "cat.jpg", "PutObject");

                // herald doctor in the image: the jlink'd runtime has every module it needs, and it sees this Herald.
                Path doctorLog = work.resolve("doctor.log");
                Process doctor = image.startWithCmd(List.of("doctor", "--config", "/etc/herald/herald.yaml"),
                        Map.of("HERALD_SERVER_PORT", Integer.toString(port), "HERALD_INGEST_MINIO_TOKEN", MINIO_TOKEN), doctorLog);
                assertThat(doctor.waitFor(60, TimeUnit.SECONDS)).as("doctor finished").isTrue();
                assertThat(Files.readString(doctorLog)).contains("✔ data directory /data/herald is writable",
                        "✔ port " + port + " is held by Herald ", "all checks passed");
                assertThat(doctor.exitValue()).as(Files.readString(doctorLog)).isZero();

                ProcessHandle java = herald.descendants().filter(p -> p.info().command().orElse("").endsWith("/java"))
                        .findFirst().orElseThrow(() -> new AssertionError("no java process under " + herald.info()));
                assertThat(java.destroy()).as("SIGTERM sent").isTrue();
                assertThat(herald.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
                // The exec chain reached the JVM: SIGTERM is Herald's graceful shutdown, which stops the server and
                // exits 0 (docs/operations.md).
                assertThat(herald.exitValue()).as(Files.readString(log)).isZero();
                assertThat(Files.readString(log)).contains("Stopped oejs.ServerConnector");
                Path db = image.rootfs().resolve("data/herald/herald.db");
                assertThat(Files.getAttribute(db, "unix:uid")).as("written by the herald user").isEqualTo(10001);
                assertThat(receiver.requests()).as("delivered once").hasSize(1);
            } finally {
                herald.destroyForcibly();
            }
        }
    }

    private static void awaitReady(URI base, Process herald, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(herald.isAlive()).as("Herald exited:\n%s", Files.readString(log)).isTrue();
            try {
                if (HTTP.send(HttpRequest.newBuilder(base.resolve("/readyz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready within 60 s:\n" + Files.readString(log));
    }

    private static boolean onPath(String tool) {
        return List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin").stream().anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
