package dev.herald.harness.e2e;

import com.baidubce.services.bos.BosClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.RecordedRequest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.MINIO_TOKEN;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Herald wires a real MinIO: its webhook target is MinIO server config (environment), the bucket's
 * {@code QueueConfiguration} is Herald's to add and remove. Runs only where a {@code minio} server
 * binary is on the PATH (CI has none: the Debian archive does not package MinIO); see the README.
 */
class MinioWiringTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOT_USER = "minioadmin";
    private static final String ROOT_PASSWORD = "minioadmin-secret";

    @TempDir
    static Path minioDir;
    static int minioPort;

    @BeforeAll
    static void needsMinio() throws IOException {
        Assumptions.assumeTrue(onPath("minio"), "no 'minio' server binary on the PATH: put one there to run this test "
                + "(https://min.io/download); it is skipped otherwise");
        try (ServerSocket s = new ServerSocket(0)) {
            minioPort = s.getLocalPort();
        }
    }

    @RegisterExtension
    HeraldExtension herald = HeraldExtension.withConfig(() -> HeraldExtension.DEFAULT_YAML + """
            backend:
              endpoint: http://127.0.0.1:%d
              accessKey: %s
              secretKey: %s
              kind: minio
              webhookArn: "arn:minio:sqs::HERALD:webhook"
            """.formatted(minioPort, ROOT_USER, ROOT_PASSWORD));

    @Test
    void aRuleWiresTheBucketAndTheLastRuleGoneUnwiresIt() throws Exception {
        Process minio = startMinio();
        BosClient bos = BosSdk.client(herald.baseUri(), ACCESS_KEY, SECRET_KEY);
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + minioPort))
                .region(Region.US_EAST_1).forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ROOT_USER, ROOT_PASSWORD)))
                .build()) {
            s3.createBucket(b -> b.bucket("wired"));
            bos.putNotification("wired", List.of(BosSdk.rule("all", herald.receiver().url("/bos").toString(), null,
                    List.of("/"), List.of("ObjectCreateGroup:*"))));
            assertThat(s3.getBucketNotificationConfiguration(b -> b.bucket("wired")).queueConfigurations())
                    .singleElement().satisfies(q -> assertThat(q.queueArn()).isEqualTo("arn:minio:sqs::HERALD:webhook"));

            s3.putObject(b -> b.bucket("wired").key("dir/a b+c.txt").contentType("text/plain"), RequestBody.fromString("hello"));
            RecordedRequest push = herald.receiver().awaitRequests(1, Duration.ofSeconds(30)).getFirst();
            JsonNode content = JSON.readTree(push.body()).get("events").get(0).get("content");
            assertThat(content.get("object").asText()).isEqualTo("dir/a b+c.txt");
            assertThat(content.get("contentType").asText()).isEqualTo("text/plain");

            bos.deleteNotification("wired");
            assertThat(s3.getBucketNotificationConfiguration(b -> b.bucket("wired")).queueConfigurations()).isEmpty();
        } finally {
            bos.shutdown();
            minio.destroy();
            minio.waitFor();
        }
    }

    /** MinIO checks its webhook target at start, so it starts after Herald is up. */
    private Process startMinio() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("minio", "server", minioDir.resolve("data").toString(),
                "--address", "127.0.0.1:" + minioPort, "--console-address", "127.0.0.1:0")
                .redirectErrorStream(true).redirectOutput(minioDir.resolve("minio.log").toFile());
        pb.environment().put("MINIO_ROOT_USER", ROOT_USER);
        pb.environment().put("MINIO_ROOT_PASSWORD", ROOT_PASSWORD);
        pb.environment().put("MINIO_NOTIFY_WEBHOOK_ENABLE_HERALD", "on");
        pb.environment().put("MINIO_NOTIFY_WEBHOOK_ENDPOINT_HERALD", herald.baseUri() + "/ingest/minio");
        pb.environment().put("MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_HERALD", MINIO_TOKEN);
        pb.environment().put("MINIO_NOTIFY_WEBHOOK_QUEUE_DIR_HERALD", minioDir.resolve("queue").toString());
        Process p = pb.start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + minioPort + "/minio/health/live")
                        .toURL().openConnection();
                if (c.getResponseCode() == 200) {
                    return p;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        p.destroy();
        throw new IllegalStateException("minio did not start:\n" + Files.readString(minioDir.resolve("minio.log")));
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
