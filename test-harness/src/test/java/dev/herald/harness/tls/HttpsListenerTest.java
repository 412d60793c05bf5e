package dev.herald.harness.tls;

import com.baidubce.services.bos.BosClient;
import com.baidubce.services.bos.model.Notification;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.e2e.BosSdk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Herald's port with {@code server.tls}: the official BOS SDK manages rules over https, plain HTTP
 * gets no answer, and renewed files are presented at the next handshake without a restart (a
 * half-written renewal is not).
 */
class HttpsListenerTest {
    private static final Path DIR;
    private static final TestCertificates.Ca CA;
    private static final TestCertificates.Issued FIRST;

    static {
        try {
            DIR = Files.createTempDirectory("herald-tls-");
            CA = TestCertificates.ca("herald-test-ca", "RSA");
            FIRST = CA.issueServer("RSA");
            // The traditional PKCS#1 key and a chain, as openssl and most CAs hand them out.
            FIRST.write(DIR.resolve("cert.pem"), DIR.resolve("key.pem"), TestCertificates.KeyForm.TRADITIONAL, true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.withConfig(HeraldExtension.DEFAULT_YAML + """
            server:
              tls: { certFile: "%s", keyFile: "%s", reloadInterval: 100ms }
            """.formatted(DIR.resolve("cert.pem"), DIR.resolve("key.pem")));

    @AfterAll
    static void removeFiles() throws IOException {
        try (var files = Files.list(DIR)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(DIR);
    }

    @Test
    void theBosSdkPutsAndGetsRulesOverHttps() throws Exception {
        assertThat(herald.baseUri().getScheme()).isEqualTo("https");
        CA.whileDefault(() -> {
            BosClient bos = BosSdk.client(herald.baseUri(), ACCESS_KEY, SECRET_KEY);
            try {
                bos.putNotification("tls-bucket", List.of(BosSdk.rule("over-tls", "https://127.0.0.1:9/hook", null,
                        List.of("/"), List.of("PutObject"))));
                assertThat(bos.getNotification("tls-bucket").getNotifications()).extracting(Notification::getId)
                        .containsExactly("over-tls");
            } finally {
                bos.shutdown();
            }
        });
    }

    @Test
    void plainHttpOnTheTlsPortGetsNoAnswer() {
        HttpClient plain = HttpClient.newHttpClient();
        URI healthz = URI.create("http://127.0.0.1:" + herald.server().port() + "/healthz");
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(healthz).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void tls12IsAcceptedAndAnswersOverTheCasChain() throws Exception {
        try (SSLSocket socket = (SSLSocket) CA.trustingContext().getSocketFactory().createSocket("127.0.0.1",
                herald.server().port())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(socket.getSession().getPeerCertificates()).hasSize(2);
        }
    }

    @Test
    void renewedFilesArePresentedAtTheNextHandshakeWithoutARestart() throws Exception {
        BigInteger before = presentedSerial();
        TestCertificates.Issued renewed = CA.issueServer("EC");
        // Half a renewal (the new certificate, the old key) is not taken: the old pair stays in use.
        Files.writeString(DIR.resolve("cert.pem.new"), TestCertificates.pem(renewed.certificate()));
        Files.move(DIR.resolve("cert.pem.new"), DIR.resolve("cert.pem"), StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(500);
        assertThat(presentedSerial()).isEqualTo(before);

        // The key arrives (an EC key in PKCS#8 this time): the next handshake presents the new certificate.
        Files.writeString(DIR.resolve("key.pem.new"), TestCertificates.privateKeyPem(renewed.keys(),
                TestCertificates.KeyForm.PKCS8));
        Files.move(DIR.resolve("key.pem.new"), DIR.resolve("key.pem"), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(HttpsListenerTest::presentedSerial, renewed.certificate().getSerialNumber()::equals);

        HttpClient client = HttpClient.newBuilder().sslContext(CA.trustingContext()).build();
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(herald.baseUri().resolve("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        FIRST.write(DIR.resolve("cert.pem"), DIR.resolve("key.pem"), TestCertificates.KeyForm.TRADITIONAL, true);
        await().atMost(Duration.ofSeconds(10)).until(HttpsListenerTest::presentedSerial, before::equals);
    }

    private static BigInteger presentedSerial() throws Exception {
        try (SSLSocket socket = (SSLSocket) CA.trustingContext().getSocketFactory().createSocket("127.0.0.1",
                herald.server().port())) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }
}
