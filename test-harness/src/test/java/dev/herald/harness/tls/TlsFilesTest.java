package dev.herald.harness.tls;

import dev.herald.sidecar.tls.PemFiles;
import dev.herald.sidecar.tls.ReceiverTrust;
import dev.herald.sidecar.tls.TlsFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PEM files as openssl and cert-manager write them, read by Herald's {@link PemFiles}; the receivers' trust. */
class TlsFilesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} key, {1}")
    @CsvSource({"RSA, PKCS8", "RSA, TRADITIONAL", "EC, PKCS8", "EC, TRADITIONAL"})
    void keysAreReadInEveryForm(String algorithm, TestCertificates.KeyForm form) throws Exception {
        TestCertificates.Issued issued = TestCertificates.ca("ca", "RSA").issueServer(algorithm);
        issued.write(dir.resolve("cert.pem"), dir.resolve("key.pem"), form, true);
        String pem = Files.readString(dir.resolve("key.pem"));
        assertThat(pem).startsWith(form == TestCertificates.KeyForm.PKCS8 ? "-----BEGIN PRIVATE KEY-----"
                : "-----BEGIN " + algorithm + " PRIVATE KEY-----");

        PrivateKey read = PemFiles.privateKey(dir.resolve("key.pem"));
        if (read instanceof ECPrivateKey ec) { // SEC1 carries the public key too, so compare the secret and the curve
            ECPrivateKey original = (ECPrivateKey) issued.keys().getPrivate();
            assertThat(ec.getS()).isEqualTo(original.getS());
            assertThat(ec.getParams().getOrder()).isEqualTo(original.getParams().getOrder());
        } else {
            assertThat(read.getEncoded()).isEqualTo(issued.keys().getPrivate().getEncoded());
        }
        assertThat(PemFiles.certificates(dir.resolve("cert.pem"))).containsExactly(issued.certificate(), issued.issuer());
    }

    @Test
    void anEncryptedKeyIsRefusedWithTheWayOut() throws Exception {
        Files.writeString(dir.resolve("key.pem"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.privateKey(dir.resolve("key.pem"))).isInstanceOf(TlsFileException.class)
                .hasMessageContaining("encrypted").hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void aCertificateWhereAKeyIsExpectedIsNamed() throws Exception {
        TestCertificates.ca("ca", "EC").writeCertificate(dir.resolve("key.pem"));
        assertThatThrownBy(() -> PemFiles.privateKey(dir.resolve("key.pem")))
                .hasMessageContaining("expected a private key, found a PEM CERTIFICATE");
        Files.writeString(dir.resolve("empty.pem"), "");
        assertThatThrownBy(() -> PemFiles.certificates(dir.resolve("empty.pem"))).hasMessageContaining("no PEM certificate");
    }

    @Test
    void thePrivateCaIsTrustedBesideTheJdksDefaults() throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca("private-ca", "EC");
        ca.writeCertificate(dir.resolve("ca.pem"));
        KeyStore trust = ReceiverTrust.forReceivers(dir.resolve("ca.pem")).getTrustStore();
        assertThat(trust.getCertificateAlias(ca.certificate())).isNotNull();
        assertThat(Collections.list(trust.aliases())).as("the JDK's cacerts as well").hasSizeGreaterThan(50);
        assertThat(ReceiverTrust.forReceivers(null).getTrustStore()).as("the JDK's own store, untouched").isNull();
    }
}
