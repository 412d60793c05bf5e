package dev.herald.sidecar.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** In-memory key stores built from PEM files, as Jetty's {@code SslContextFactory} takes them. */
final class KeyStores {
    /** Protects entries of stores that never leave memory; not a secret. */
    static final String PASSWORD = "herald-in-memory";
    private static final byte[] PROBE = "herald: does this key belong to this certificate?".getBytes();

    private KeyStores() {
    }

    /** The certificate chain with its key, after checking that the key is the certificate's. */
    static KeyStore identity(Path certFile, Path keyFile) {
        List<X509Certificate> chain = PemFiles.certificates(certFile);
        PrivateKey key = PemFiles.privateKey(keyFile);
        if (!belongsTo(key, chain.getFirst())) {
            throw new TlsFileException(keyFile + " is not the private key of the first certificate in " + certFile
                    + " (a renewal half written?)");
        }
        try {
            KeyStore store = empty();
            store.setKeyEntry("herald", key, PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(certFile + " and " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /** The certificates as trust anchors. */
    static KeyStore trusting(List<X509Certificate> certificates) {
        try {
            KeyStore store = empty();
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            return store;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK's default trust anchors ({@code cacerts}). */
    static List<X509Certificate> defaultAnchors() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (var manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return List.of(x509.getAcceptedIssuers());
                }
            }
            return List.of();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the JDK's default trust store", e);
        }
    }

    private static boolean belongsTo(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyStore empty() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return store;
    }
}
