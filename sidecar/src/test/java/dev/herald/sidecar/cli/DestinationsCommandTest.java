package dev.herald.sidecar.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code herald destinations list|enable}: a target that answered 410 Gone is shown disabled, then enabled again. */
class DestinationsCommandTest {
    @TempDir
    static Path dir;
    static TestHerald herald;
    static TargetStub target;

    @BeforeAll
    static void start() throws Exception {
        herald = TestHerald.start(dir);
        target = new TargetStub();
        target.answer(410);
        Path rules = Files.writeString(dir.resolve("rules.json"), """
                {"notifications":[{"id":"r1","appId":"a","status":"enabled","resources":["/"],"events":["PutObject"],
                "apps":[{"id":"a","eventUrl":"%s"}]}]}""".formatted(target.url("/gone")));
        assertThat(herald.cli("rules", "put", "--dialect", "bos", "--bucket", "photos", "--file", rules.toString()).exitCode()).isZero();
        assertThat(herald.cli("events", "send", "--producer", "minio", "--bucket", "photos", "--key", "a.jpg").exitCode()).isZero();
    }

    @AfterAll
    static void stop() {
        herald.close();
        target.close();
    }

    @Test
    void aGoneTargetIsListedDisabledAndCanBeEnabled() throws Exception {
        // The target is disabled a moment before its delivery leaves memory (HELD 1 meanwhile): wait for both.
        awaitList(java.util.regex.Pattern.compile("""
                DESTINATION +CIRCUIT +OPENED +HELD +IN STORE +READY +SENDING
                http://127\\.0\\.0\\.1:\\d+ +closed +0 +0 +0 +0 +0

                DISABLED TARGET +SINCE +REASON
                """ + java.util.regex.Pattern.quote(target.url("/gone")) + " +\\S+Z +.*410.*\n$"));
        assertThat(herald.cli("destinations", "list", "--json").out()).contains("\"disabled\": [", "\"url\": \"" + target.url("/gone") + "\"");

        assertThat(herald.cli("destinations", "enable", target.url("/gone"))).isEqualTo(new Cli.Run(0,
                "enabled " + target.url("/gone") + ": Herald delivers to it again\n", ""));
        assertThat(herald.cli("destinations", "list").out()).endsWith("\nno disabled targets\n");
        assertThat(herald.cli("destinations", "enable", target.url("/gone"))).isEqualTo(new Cli.Run(1, "",
                "herald: refused by Herald: 404 not_disabled: " + target.url("/gone") + " is not disabled\n"));
    }

    @Test
    void withoutAnAdminTokenTheCommandSaysWhereToPutOne() throws Exception {
        Path noToken = Files.writeString(dir.resolve("no-token.yaml"), "server: { port: 9100 }\n");
        assertThat(Cli.run("destinations", "list", "--config", noToken.toString())).isEqualTo(new Cli.Run(2, "",
                "herald: no admin token: pass --admin-token, or set admin.token in " + noToken + "\n"));
    }

    private static void awaitList(java.util.regex.Pattern expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        String out;
        while (!expected.matcher(out = herald.cli("destinations", "list").out()).find()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no match of\n" + expected + "\nin:\n" + out);
            }
            Thread.sleep(100);
        }
    }
}
