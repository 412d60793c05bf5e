package dev.herald.sidecar.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's first hour with the CLI alone: {@code herald receive} listens, {@code rules put}
 * points a signed BOS rule at it, {@code rules get} shows it, {@code events send} fakes MinIO and
 * Ceph, and the receiver prints the BOS pushes with their signature checked.
 */
class CliRoundTripTest {
    private static final String KEY = "0123456789abcdef0123456789abcdef";

    @TempDir
    static Path dir;
    static TestHerald herald;

    @BeforeAll
    static void start() {
        herald = TestHerald.start(dir);
    }

    @AfterAll
    static void stop() {
        herald.close();
    }

    @Test
    void aRuleSentEventsAndTheSignedPushesTheReceiverPrints() throws Exception {
        try (Cli.Background receiver = Cli.background("receive", "--port", "0", "--verify-bos-key", KEY)) {
            int port = receiver.port();
            assertThat(receiver.out()).isEqualTo("listening on http://127.0.0.1:" + port
                    + ", answering 200, checking BOS push signatures; Ctrl-C stops\n");
            Path rules = Files.writeString(dir.resolve("rules.json"), """
                    {"notifications":[{"id":"r1","appId":"a","status":"enabled","encryption":{"key":"%s"},
                    "resources":["/images/"],"events":["PutObject"],"apps":[{"id":"a","eventUrl":"http://127.0.0.1:%d/bos?src=cli"}]}]}"""
                    .formatted(KEY, port));
            assertThat(herald.cli("rules", "put", "--dialect", "bos", "--bucket", "photos", "--file", rules.toString()).exitCode()).isZero();
            assertThat(herald.cli("rules", "get", "--dialect", "bos", "--bucket", "photos").out())
                    .contains("\"eventUrl\": \"http://127.0.0.1:" + port + "/bos?src=cli\"").contains("\"key\": \"" + KEY + "\"");

            assertThat(herald.cli("events", "send", "--producer", "minio", "--bucket", "photos", "--key", "images/a b.jpg",
                    "--size", "10", "--content-type", "image/jpeg").out()).endsWith("1 event accepted, 1 delivery scheduled\n");
            String printed = receiver.awaitOutput("\"object\": \"images/a b.jpg\"", Duration.ofSeconds(20));

            String push = printed.substring(printed.indexOf("POST /bos?src=cli\n"));
            assertThat(push).containsPattern("""
                    POST /bos\\?src=cli
                      Content-Type: application/json; charset=utf-8
                      x-bce-date: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ
                      Authorization: bce-auth-v1/r1/[^/]+/1800/content-length;host;x-bce-date/[0-9a-f]{64}
                      X-Herald-Delivery-Id: [0-9a-f-]{36}
                      X-Herald-Attempt: 1
                      signature: valid
                    \\{
                      "events": \\[
                        \\{
                          "version": "1.0",""");
            assertThat(push).contains("\"eventType\": \"PutObject\"", "\"bucket\": \"photos\"", "\"contentType\": \"image/jpeg\"",
                    "\"filesize\": 10");

            // Ceph keys are raw: a key that form decoding would mangle arrives as it is.
            assertThat(herald.cli("events", "send", "--producer", "ceph", "--bucket", "photos", "--key", "images/c+d 100%.jpg")
                    .exitCode()).isZero();
            assertThat(receiver.awaitOutput("\"object\": \"images/c+d 100%.jpg\"", Duration.ofSeconds(20)))
                    .doesNotContain("INVALID");
        }
    }

    @Test
    void aReceiverWithAnotherKeySaysWhyTheSignatureIsInvalid() throws Exception {
        try (Cli.Background receiver = Cli.background("receive", "--port", "0", "--verify-bos-key", "another-key",
                "--status", "200")) {
            int port = receiver.port();
            Path rules = Files.writeString(dir.resolve("other.json"), """
                    {"notifications":[{"id":"r2","appId":"a","status":"enabled","encryption":{"key":"%s"},
                    "resources":["/"],"events":["PutObject"],"apps":[{"id":"a","eventUrl":"http://127.0.0.1:%d/bos"}]}]}"""
                    .formatted(KEY, port));
            assertThat(herald.cli("rules", "put", "--dialect", "bos", "--bucket", "other", "--file", rules.toString()).exitCode()).isZero();
            assertThat(herald.cli("events", "send", "--producer", "minio", "--bucket", "other", "--key", "x.txt").exitCode()).isZero();

            assertThat(receiver.awaitOutput("  signature: ", Duration.ofSeconds(20)))
                    .contains("  signature: INVALID (SignatureDoesNotMatch: the request signature does not match");
            assertThat(receiver.stop()).isZero();
        }
    }

    @Test
    void aPortInUseIsRefusedAtOnce() throws Exception {
        try (Cli.Background first = Cli.background("receive", "--port", "0")) {
            int port = first.port();
            assertThat(Cli.run("receive", "--port", Integer.toString(port)))
                    .isEqualTo(new Cli.Run(1, "", "herald: cannot listen on 127.0.0.1:" + port + ": address already in use\n"));
        }
    }
}
