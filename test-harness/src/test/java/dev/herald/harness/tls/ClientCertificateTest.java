package dev.herald.harness.tls;

import dev.herald.harness.HeraldExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code server.tls.clientAuth: need}: only clients with a certificate from {@code clientCaFile} are served. */
class ClientCertificateTest {
    private static final Path DIR;
    private static final TestCertificates.Ca SERVER_CA;
    private static final TestCertificates.Ca CLIENT_CA;

    static {
        try {
            DIR = Files.createTempDirectory("herald-mtls-");
            SERVER_CA = TestCertificates.ca("herald-server-ca", "EC");
            CLIENT_CA = TestCertificates.ca("herald-client-ca", "RSA");
            // The EC key in its traditional SEC1 form ("EC PRIVATE KEY"), as openssl ecparam -genkey writes it.
            SERVER_CA.issueServer("EC").write(DIR.resolve("cert.pem"), DIR.resolve("key.pem"),
                    TestCertificates.KeyForm.TRADITIONAL, false);
            CLIENT_CA.writeCertificate(DIR.resolve("clients.pem"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.withConfig(HeraldExtension.DEFAULT_YAML + """
            server:
              tls: { certFile: "%s", keyFile: "%s", clientCaFile: "%s", clientAuth: need }
            """.formatted(DIR.resolve("cert.pem"), DIR.resolve("key.pem"), DIR.resolve("clients.pem")));

    @AfterAll
    static void removeFiles() throws IOException {
        for (String f : new String[] {"cert.pem", "key.pem", "clients.pem"}) {
            Files.delete(DIR.resolve(f));
        }
        Files.delete(DIR);
    }

    @Test
    void aClientWithACertificateFromTheClientCaIsServed() throws Exception {
        assertThat(healthz(CLIENT_CA.issueClient("EC").clientContext(SERVER_CA.certificate())).statusCode()).isEqualTo(200);
    }

    @Test
    void aClientWithoutACertificateIsRefused() {
        assertThatThrownBy(() -> healthz(SERVER_CA.trustingContext())).isInstanceOf(IOException.class);
    }

    @Test
    void aClientWithACertificateFromAnotherCaIsRefused() throws Exception {
        SSLContext stranger = TestCertificates.ca("someone-else", "RSA").issueClient("RSA")
                .clientContext(SERVER_CA.certificate());
        assertThatThrownBy(() -> healthz(stranger)).isInstanceOf(IOException.class);
    }

    private static HttpResponse<String> healthz(SSLContext context) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(context).build();
        return client.send(HttpRequest.newBuilder(herald.baseUri().resolve("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
