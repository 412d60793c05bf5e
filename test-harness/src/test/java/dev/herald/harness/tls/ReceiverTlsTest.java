package dev.herald.harness.tls;

import dev.herald.harness.HeraldExtension;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.RecordingReceiver;
import dev.herald.harness.e2e.BosSdk;
import dev.herald.sidecar.storage.DeadLetterStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Herald pushing to an HTTPS receiver whose certificate is self-signed: refused as a TLS failure,
 * retried and dead-lettered, without {@code delivery.tls.caFile}; delivered with it, while the
 * JDK's public CAs stay trusted beside it.
 */
class ReceiverTlsTest {
    private static final TestCertificates.Issued RECEIVER_CERT;
    private static final Path CA_FILE;
    private static final RecordingReceiver RECEIVER;

    static {
        try {
            RECEIVER_CERT = TestCertificates.selfSigned("EC");
            CA_FILE = Files.createTempFile("receiver-ca-", ".pem");
            Files.writeString(CA_FILE, TestCertificates.pem(RECEIVER_CERT.certificate()));
            RECEIVER = RecordingReceiver.startTls(RECEIVER_CERT.jettyServerTls());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String SHORT_RETRIES = HeraldExtension.DEFAULT_YAML
            .replace("  retrySchedule: [0s, 200ms, 500ms, 1s, 2s]", "  retrySchedule: [0s, 100ms]");

    @RegisterExtension
    static HeraldExtension withoutCa = HeraldExtension.withConfig(SHORT_RETRIES);

    @RegisterExtension
    static HeraldExtension withCa = HeraldExtension.withConfig(SHORT_RETRIES
            + "  tls: { caFile: \"" + CA_FILE + "\" }\n");

    @AfterAll
    static void stopReceiver() throws IOException {
        RECEIVER.close();
        Files.deleteIfExists(CA_FILE);
    }

    @Test
    void aSelfSignedReceiverIsRefusedRetriedAndDeadLetteredWithoutItsCa() {
        BosSdk.putRules(withoutCa.baseUri(), ACCESS_KEY, SECRET_KEY, "photos", List.of(BosSdk.rule("tls",
                RECEIVER.url("/untrusted").toString(), null, List.of("/"), List.of("PutObject"))));
        withoutCa.minio(ObjectOperation.put("photos", "a.jpg").size(1).eTag("e1"));

        DeadLetterStore dead = withoutCa.server().storage().deadLetters();
        await().atMost(Duration.ofSeconds(10)).until(() -> dead.count() == 1);
        DeadLetterStore.DeadLetter letter = dead.list(10, Long.MAX_VALUE).getFirst();
        assertThat(letter.attempts()).as("the retry schedule's two attempts").isEqualTo(2);
        assertThat(letter.lastStatus()).isNull();
        assertThat(letter.lastError()).startsWith("TLS failed: ").contains("PKIX path building failed");
        assertThat(dead.attempts(letter.id())).extracting(DeadLetterStore.LoggedAttempt::error)
                .allSatisfy(e -> assertThat(e).startsWith("TLS failed: "));
        assertThat(RECEIVER.requests()).extracting(RecordedRequest::path).doesNotContain("/untrusted");
    }

    @Test
    void theSameReceiverGetsThePushOnceItsCaIsConfigured() {
        BosSdk.putRules(withCa.baseUri(), ACCESS_KEY, SECRET_KEY, "photos", List.of(BosSdk.rule("tls",
                RECEIVER.url("/trusted").toString(), null, List.of("/"), List.of("PutObject"))));
        withCa.minio(ObjectOperation.put("photos", "b.jpg").size(1).eTag("e2"));

        await().atMost(Duration.ofSeconds(10)).until(() -> RECEIVER.requests().stream()
                .anyMatch(r -> r.path().equals("/trusted")));
        RecordedRequest push = RECEIVER.requests().stream().filter(r -> r.path().equals("/trusted")).findFirst().orElseThrow();
        assertThat(push.bodyText()).contains("\"object\":\"b.jpg\"");
        assertThat(withCa.server().storage().deadLetters().count()).isZero();
    }
}
