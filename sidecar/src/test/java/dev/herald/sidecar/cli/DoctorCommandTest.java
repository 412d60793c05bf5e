package dev.herald.sidecar.cli;

import dev.herald.sidecar.HeraldVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code herald doctor} against a running Herald, and against configs that each break one check. */
class DoctorCommandTest {
    @TempDir
    static Path dir;
    static TestHerald herald;
    static TargetStub target;

    @BeforeAll
    static void start() throws Exception {
        herald = TestHerald.start(dir);
        target = new TargetStub();
        Path rules = Files.writeString(dir.resolve("rules.json"), """
                {"notifications":[{"id":"r1","appId":"a","status":"enabled","resources":["/"],"events":["PutObject"],
                "apps":[{"id":"a","eventUrl":"%s"}]}]}""".formatted(target.url("/hook")));
        assertThat(herald.cli("rules", "put", "--dialect", "bos", "--bucket", "photos", "--file", rules.toString()).exitCode()).isZero();
    }

    @AfterAll
    static void stop() {
        herald.close();
        target.close();
    }

    @Test
    void aHealthyHeraldPassesEveryCheck() {
        Cli.Run run = herald.cli("doctor");
        assertThat(run.out()).as(run.err()).containsPattern("""
                ✔ config \\S+herald.yaml is valid
                ✔ no secret is a shipped placeholder
                ✔ data directory .+ is writable, [0-9.]+ GiB free
                ✔ port \\d+ is held by Herald %s
                - backend: not checked, backend.endpoint is not set
                - bucket wiring: not checked, backend.kind is not set, so Herald wires no bucket
                ✔ destination %s \\(bucket photos, bos\\) resolves to 127.0.0.1 and is allowed
                all checks passed
                """.formatted(java.util.regex.Pattern.quote(HeraldVersion.current()), java.util.regex.Pattern.quote(target.url("/hook"))));
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void aDestinationTheGuardNowRefusesFails() throws IOException {
        // The same Herald, checked with a config whose SSRF guard no longer lets loopback through.
        Path strict = Files.writeString(dir.resolve("strict.yaml"),
                Files.readString(herald.config()).replace("allowPrivateTargets: true", "allowPrivateTargets: false"));
        Cli.Run run = Cli.run("doctor", "--config", strict.toString());
        assertThat(run.out()).contains("✘ destination " + target.url("/hook") + " (bucket photos, bos) is refused by the SSRF guard: "
                        + "127.0.0.1 resolves to 127.0.0.1, a loopback address",
                "    fix: point the rule at a public receiver, or list this one in delivery.allowTargets\n")
                .endsWith("1 check failed\n");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void theShippedLaptopConfigHasPlaceholderSecretsAndNoRunningHerald() throws IOException {
        int port = freePort();
        Path laptop = Files.writeString(dir.resolve("laptop.yaml"), Files.readString(Path.of("../herald.yaml"))
                .replace("port: 9100", "port: " + port).replace("path: ./data", "path: " + dir.resolve("laptop-data")));
        Cli.Run run = Cli.run("doctor", "--config", laptop.toString());
        assertThat(run.out()).contains(
                "✘ placeholder secrets in credentials[0].secretKey, ingest.minio.token, ingest.ceph.token, admin.token\n"
                        + "    fix: set secrets of your own, in the config or as HERALD_... variables (e.g. HERALD_CREDENTIALS_0_SECRETKEY)\n",
                "(created on start) is writable",
                "✔ port " + port + " on 0.0.0.0 is free\n",
                "- rules: not checked, Herald is not running on port " + port + "\n");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void aPortHeldByAnotherProgramFails() throws IOException {
        try (ServerSocket other = new ServerSocket(0)) {
            Path config = Files.writeString(dir.resolve("taken.yaml"), "server: { host: 127.0.0.1, port: " + other.getLocalPort()
                    + " }\nstore: { path: " + dir.resolve("taken-data") + " }\n");
            Cli.Run run = Cli.run("doctor", "--config", config.toString());
            assertThat(run.out()).contains("✘ port " + other.getLocalPort() + " is taken by a program that is not Herald\n"
                    + "    fix: stop that program, or give Herald another port (server.port, HERALD_SERVER_PORT)\n");
            assertThat(run.exitCode()).isEqualTo(1);
        }
    }

    @Test
    void anInvalidConfigFailsFirst() throws IOException {
        Path config = Files.writeString(dir.resolve("invalid.yaml"), "server: { prot: 9100 }\n");
        Cli.Run run = Cli.run("doctor", "--config", config.toString());
        assertThat(run.out()).startsWith("✘ config " + config + ": unknown config key 'prot' at server.prot")
                .contains("    fix: correct the config (docs/configuration.md)\n");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void aBackendThatRefusesTheKeyAndRunsLateFailsBothChecks() throws IOException {
        String late = ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(5).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        S3Refusing s3 = new S3Refusing(late);
        try {
            String endpoint = "http://127.0.0.1:" + s3.port();
            Path config = Files.writeString(dir.resolve("backend.yaml"), "server: { port: " + freePort() + " }\nstore: { path: "
                    + dir.resolve("backend-data") + " }\nbackend: { endpoint: \"" + endpoint + "\", accessKey: wrong, secretKey: wrong-sk }\n");
            Cli.Run run = Cli.run("doctor", "--config", config.toString());
            assertThat(run.out()).containsPattern("✘ backend: ListBuckets on " + endpoint + " failed \\(HTTP 403\\): .*\n"
                            + "    fix: set backend.accessKey and backend.secretKey \\(HERALD_BACKEND_SECRETKEY\\) to a key the backend knows\n")
                    .containsPattern("✘ clock skew against the backend: -30[0-9] s\n"
                            + "    fix: synchronise this machine's and the backend's clocks \\(NTP\\): at most 30 s apart\n")
                    .endsWith("2 checks failed\n");
            assertThat(run.exitCode()).isEqualTo(1);
        } finally {
            s3.close();
        }
    }

    /**
     * An S3 server that refuses every key and whose clock is late: a raw socket, because the JDK's
     * HttpServer writes its own Date header.
     */
    private static final class S3Refusing implements AutoCloseable {
        private final ServerSocket socket;

        S3Refusing(String date) throws IOException {
            socket = new ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (java.net.Socket c = socket.accept()) {
                        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(c.getInputStream(),
                                java.nio.charset.StandardCharsets.ISO_8859_1));
                        String requestLine = in.readLine();
                        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                            // headers: a GET or HEAD has no body to read
                        }
                        String body = "<Error><Code>InvalidAccessKeyId</Code><Message>no such key</Message></Error>";
                        String head = "HTTP/1.1 403 Forbidden\r\nDate: " + date + "\r\nContent-Type: application/xml\r\n"
                                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n";
                        boolean isHead = requestLine != null && requestLine.startsWith("HEAD ");
                        c.getOutputStream().write((head + (isHead ? "" : body)).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    } catch (IOException closed) {
                        // the test is over, or the client hung up
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
