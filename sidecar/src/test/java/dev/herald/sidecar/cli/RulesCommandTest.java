package dev.herald.sidecar.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code herald rules ...} against a running Herald: each vendor's API, signed as its SDK signs. */
class RulesCommandTest {
    private static final String BOS_RULES = """
            {"notifications":[{"id":"r1","name":"images","appId":"app","status":"enabled","resources":["/images/"],
            "events":["PutObject"],"apps":[{"id":"app","eventUrl":"http://127.0.0.1:9/bos"}]}]}""";

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
    void bosPutThenGetReturnsTheRules() throws IOException {
        Cli.Run put = herald.cli("rules", "put", "--dialect", "bos", "--bucket", "bos-photos", "--file", file("bos.json", BOS_RULES));
        assertThat(put).isEqualTo(new Cli.Run(0, "bos notification rules of bucket bos-photos replaced\n", ""));

        Cli.Run get = herald.cli("rules", "get", "--dialect", "bos", "--bucket", "bos-photos");
        assertThat(get.exitCode()).isZero();
        assertThat(get.out()).isEqualTo("""
                {
                  "notifications": [
                    {
                      "id": "r1",
                      "name": "images",
                      "appId": "app",
                      "status": "enabled",
                      "resources": [
                        "/images/"
                      ],
                      "events": [
                        "PutObject"
                      ],
                      "apps": [
                        {
                          "id": "app",
                          "eventUrl": "http://127.0.0.1:9/bos"
                        }
                      ]
                    }
                  ]
                }
                """);

        assertThat(herald.cli("rules", "delete", "--dialect", "bos", "--bucket", "bos-photos").out())
                .isEqualTo("bos notification rules of bucket bos-photos deleted\n");
        assertThat(herald.cli("rules", "get", "--dialect", "bos", "--bucket", "bos-photos").out()).isEqualTo("""
                {
                  "notifications": [ ]
                }
                """);
    }

    @Test
    void qingStorRulesRoundTrip() throws IOException {
        String document = "{\"notifications\":[{\"id\":\"n1\",\"event_types\":[\"create_object\"],\"object_filters\":[\"*.jpg\"],"
                + "\"cloudfunc\":\"notifier\",\"notify_url\":\"http://127.0.0.1:9/qs\"}]}";
        assertThat(herald.cli("rules", "put", "--dialect", "qingstor", "--bucket", "qs-photos", "--file", file("qs.json", document)).out())
                .isEqualTo("qingstor notification rules of bucket qs-photos replaced\n");
        assertThat(herald.cli("rules", "get", "--dialect", "qingstor", "--bucket", "qs-photos").out()).isEqualTo("""
                {
                  "notifications": [
                    {
                      "id": "n1",
                      "event_types": [
                        "create_object"
                      ],
                      "object_filters": [
                        "*.jpg"
                      ],
                      "cloudfunc": "notifier",
                      "notify_url": "http://127.0.0.1:9/qs"
                    }
                  ]
                }
                """);
        assertThat(herald.cli("rules", "delete", "--dialect", "qingstor", "--bucket", "qs-photos").exitCode()).isZero();
    }

    /** KS3 answers a bucket without rules with its XML error: the CLI prints its code and message. */
    @Test
    void ks3RulesRoundTripAndTheXmlRefusalOfAnEmptyBucket() throws IOException {
        String document = "{\"Notifications\":[{\"RuleId\":\"images\",\"Events\":[\"ks3:ObjectCreated:PutObject\"],"
                + "\"Destinations\":[{\"DestType\":\"Endpoint\",\"CallbackUrl\":\"http://127.0.0.1:9/ks3\"}]}]}";
        assertThat(herald.cli("rules", "put", "--dialect", "ks3", "--bucket", "ks3-photos", "--file", file("ks3.json", document)).exitCode())
                .isZero();
        assertThat(herald.cli("rules", "get", "--dialect", "ks3", "--bucket", "ks3-photos").out()).contains("\"RuleId\": \"images\"");
        assertThat(herald.cli("rules", "delete", "--dialect", "ks3", "--bucket", "ks3-photos").exitCode()).isZero();

        assertThat(herald.cli("rules", "get", "--dialect", "ks3", "--bucket", "ks3-photos")).isEqualTo(new Cli.Run(1, "",
                "herald: refused by Herald: 404 NoSuchBucketNotification: the bucket 'ks3-photos' has no notification rules\n"));
    }

    @Test
    void anInvalidRuleIsRefusedWithTheVendorsCodeAndMessage() throws IOException {
        Cli.Run put = herald.cli("rules", "put", "--dialect", "bos", "--bucket", "bos-photos", "--file",
                file("invalid.json", "{\"notifications\":[{\"id\":\"x\"}]}"));
        assertThat(put).isEqualTo(new Cli.Run(1, "",
                "herald: refused by Herald: 400 InappropriateJSON: notifications[0].appId is required\n"));
    }

    @Test
    void aWrongSecretIsRefusedByTheVendorsSignatureCheckAndNeverPrinted() {
        Cli.Run get = Cli.run("rules", "get", "--dialect", "bos", "--bucket", "b", "--config", herald.config().toString(),
                "--access-key", TestHerald.ACCESS_KEY, "--secret-key", "not-the-secret");
        assertThat(get.exitCode()).isEqualTo(1);
        assertThat(get.err()).startsWith("herald: refused by Herald: 400 SignatureDoesNotMatch: the request signature "
                + "does not match").doesNotContain("not-the-secret");
    }

    @Test
    void endpointAndCredentialsCanComeFromOptionsAlone() {
        Cli.Run get = Cli.run("rules", "get", "--dialect", "qingstor", "--bucket", "nothing-here",
                "--config", dir.resolve("absent.yaml").toString(), "--endpoint", herald.endpoint(),
                "--access-key", TestHerald.ACCESS_KEY, "--secret-key", TestHerald.SECRET_KEY);
        assertThat(get).isEqualTo(new Cli.Run(0, "{\n  \"notifications\": [ ]\n}\n", ""));
    }

    @Test
    void aMissingConfigIsAUsageError() {
        Path absent = dir.resolve("absent.yaml");
        assertThat(Cli.run("rules", "get", "--dialect", "bos", "--bucket", "b", "--config", absent.toString()))
                .isEqualTo(new Cli.Run(2, "", "herald: " + absent + " does not exist: pass --config FILE (or the values "
                        + "it would give as options)\n"));
    }

    @Test
    void aHeraldThatIsNotRunningIsNamed() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Cli.Run get = Cli.run("rules", "get", "--dialect", "bos", "--bucket", "b", "--endpoint", "http://127.0.0.1:" + closed,
                "--config", herald.config().toString());
        assertThat(get).isEqualTo(new Cli.Run(1, "", "herald: cannot reach Herald at http://127.0.0.1:" + closed
                + ": connection refused (is it running? check --endpoint or server.port)\n"));
    }

    @Test
    void anUnknownDialectABadBucketNameOrAnEndpointWithAPathAreUsageErrors() {
        Cli.Run run = herald.cli("rules", "get", "--dialect", "s3", "--bucket", "b");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Invalid value for option '--dialect': expected one of [bos, qingstor, ks3] "
                + "(case-sensitive) but was 's3'");
        assertThat(herald.cli("rules", "get", "--dialect", "bos", "--bucket", "a b")).isEqualTo(new Cli.Run(2, "",
                "herald: 'a b' is not a bucket name (letters, digits, '.', '-' and '_')\n"));
        assertThat(herald.cli("rules", "get", "--dialect", "bos", "--bucket", "b", "--endpoint", "http://127.0.0.1:9100/herald"))
                .isEqualTo(new Cli.Run(2, "", "herald: --endpoint must be Herald's base URL, like http://127.0.0.1:9100, "
                        + "not http://127.0.0.1:9100/herald\n"));
    }

    private static String file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content).toString();
    }
}
