package dev.herald.sidecar.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code herald events send}: MinIO- and Ceph-shaped events to the real ingest routes, with the config's tokens. */
class EventsSendCommandTest {
    @TempDir
    static Path dir;
    static TestHerald herald;

    @BeforeAll
    static void start() throws IOException {
        herald = TestHerald.start(dir);
        Path rules = Files.writeString(dir.resolve("rules.json"), """
                {"notifications":[{"id":"r1","appId":"a","status":"enabled","resources":["/images/"],"events":["PutObject"],
                "apps":[{"id":"a","eventUrl":"http://127.0.0.1:9/bos"}]}]}""");
        assertThat(herald.cli("rules", "put", "--dialect", "bos", "--bucket", "photos", "--file", rules.toString()).exitCode())
                .isZero();
    }

    @AfterAll
    static void stop() {
        herald.close();
    }

    @Test
    void aMinioPutThatARuleMatchesSchedulesADelivery() {
        assertThat(herald.cli("events", "send", "--producer", "minio", "--bucket", "photos", "--key", "images/a b.jpg", "--size", "10"))
                .isEqualTo(new Cli.Run(0, """
                        {"accepted":1,"duplicates":0,"deliveries":1}
                        1 event accepted, 1 delivery scheduled
                        """, ""));
    }

    @Test
    void aCephPutGoesToTheCephRouteWithThePathToken() {
        assertThat(herald.cli("events", "send", "--producer", "ceph", "--bucket", "photos", "--key", "images/100% +x.jpg"))
                .isEqualTo(new Cli.Run(0, """
                        {"accepted":1,"duplicates":0,"deliveries":1}
                        1 event accepted, 1 delivery scheduled
                        """, ""));
    }

    @Test
    void anEventNoRuleMatchesSaysSo() {
        assertThat(herald.cli("events", "send", "--producer", "minio", "--bucket", "photos", "--key", "docs/readme.txt", "--event", "delete"))
                .isEqualTo(new Cli.Run(0, """
                        {"accepted":1,"duplicates":0,"deliveries":0}
                        1 event accepted, 0 deliveries scheduled (no rule matched; see herald rules get --bucket photos --dialect ...)
                        """, ""));
    }

    @Test
    void aWrongTokenIsHeraldsRefusal() {
        assertThat(herald.cli("events", "send", "--producer", "minio", "--bucket", "photos", "--key", "k", "--token", "wrong")).isEqualTo(new Cli.Run(1,
                "", "herald: refused by Herald: 401 unauthorized: Authorization does not carry the configured ingest.minio.token\n"));
        assertThat(herald.cli("events", "send", "--producer", "ceph", "--bucket", "photos", "--key", "k", "--token", "wrong/token")).isEqualTo(new Cli.Run(1,
                "", "herald: refused by Herald: 401 unauthorized: the token in the path does not match ingest.ceph.token\n"));
    }

    @Test
    void aConfigWithoutTheTokenIsAUsageError() throws IOException {
        Path bare = Files.writeString(dir.resolve("bare.yaml"), "server: { port: 9100 }\n");
        assertThat(Cli.run("events", "send", "--producer", "ceph", "--bucket", "b", "--key", "k", "--config", bare.toString()))
                .isEqualTo(new Cli.Run(2, "", "herald: no ingest token: pass --token, or set ingest.ceph.token in " + bare + "\n"));
    }
}
