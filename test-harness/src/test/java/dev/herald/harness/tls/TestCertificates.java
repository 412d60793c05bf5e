package dev.herald.harness.tls;

import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made for one test with BouncyCastle: a CA, and server or client certificates it
 * issues for 127.0.0.1 and localhost, written as the PEM files operators get from openssl or
 * cert-manager (the key as PKCS#8 or in its traditional PKCS#1/SEC1 form).
 */
public final class TestCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] PASSWORD = "test".toCharArray();

    /** Code that may throw. */
    public interface Work {
        void run() throws Exception;
    }

    /** How a private key file is written. */
    public enum KeyForm { PKCS8, TRADITIONAL }

    /** A certificate with its key, and the chain up to (not including) the root. */
    public record Issued(X509Certificate certificate, KeyPair keys, X509Certificate issuer) {
        /** Writes the certificate (followed by its issuer when {@code withChain}) and the key. */
        public void write(Path certFile, Path keyFile, KeyForm form, boolean withChain) throws IOException {
            Files.writeString(certFile, withChain ? pem(certificate) + pem(issuer) : pem(certificate));
            Files.writeString(keyFile, privateKeyPem(keys, form));
        }

        /** An SSL context presenting this certificate and trusting {@code trusted}. */
        public SSLContext clientContext(X509Certificate trusted) throws Exception {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity(), PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), trustManagers(trusted).getTrustManagers(), RANDOM);
            return context;
        }

        /** A Jetty server-side TLS configuration presenting this certificate (a test receiver's). */
        public SslContextFactory.Server jettyServerTls() throws Exception {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStore(identity());
            tls.setKeyStorePassword(new String(PASSWORD));
            return tls;
        }

        private KeyStore identity() throws Exception {
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            Certificate[] chain = issuer.equals(certificate) ? new Certificate[] {certificate}
                    : new Certificate[] {certificate, issuer};
            identity.setKeyEntry("me", keys.getPrivate(), PASSWORD, chain);
            return identity;
        }
    }

    /** A self-signed CA. */
    public record Ca(X509Certificate certificate, KeyPair keys) {
        public Issued issueServer(String algorithm) throws Exception {
            return issue(algorithm, "herald-test-server", true);
        }

        public Issued issueClient(String algorithm) throws Exception {
            return issue(algorithm, "herald-test-client", false);
        }

        private Issued issue(String algorithm, String commonName, boolean server) throws Exception {
            KeyPair leaf = keyPair(algorithm);
            JcaX509v3CertificateBuilder b = builder(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), new X500Name("CN=" + commonName), leaf);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            if (server) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.dNSName, "localhost")}));
            }
            return new Issued(sign(b, keys), leaf, certificate);
        }

        /** An SSL context trusting this CA alone. */
        public SSLContext trustingContext() throws Exception {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(certificate).getTrustManagers(), RANDOM);
            return context;
        }

        /**
         * Runs {@code work} with the JVM's default SSL context trusting this CA alone, for clients
         * that take no context of their own (the BOS SDK's HTTP client), and restores it after.
         */
        public void whileDefault(Work work) throws Exception {
            SSLContext before = SSLContext.getDefault();
            SSLContext.setDefault(trustingContext());
            try {
                work.run();
            } finally {
                SSLContext.setDefault(before);
            }
        }

        public void writeCertificate(Path file) throws IOException {
            Files.writeString(file, pem(certificate));
        }
    }

    private TestCertificates() {
    }

    /** @param algorithm {@code RSA} or {@code EC} */
    public static Ca ca(String name, String algorithm) throws Exception {
        KeyPair keys = keyPair(algorithm);
        X500Name subject = new X500Name("CN=" + name);
        JcaX509v3CertificateBuilder b = builder(subject, subject, keys);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Ca(sign(b, keys), keys);
    }

    /** A server certificate signed by itself, as a receiver without a CA would have. */
    public static Issued selfSigned(String algorithm) throws Exception {
        Ca self = ca("self-signed-receiver", algorithm);
        JcaX509v3CertificateBuilder b = builder(new X500Name("CN=self-signed-receiver"),
                new X500Name("CN=self-signed-receiver"), self.keys());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509Certificate cert = sign(b, self.keys());
        return new Issued(cert, self.keys(), cert);
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).abs(),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, KeyPair issuerKeys) throws Exception {
        String algorithm = issuerKeys.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate())));
    }

    private static KeyPair keyPair(String algorithm) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("EC")) {
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        } else {
            g.initialize(2048, RANDOM);
        }
        return g.generateKeyPair();
    }

    private static TrustManagerFactory trustManagers(X509Certificate trusted) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", trusted);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf;
    }

    static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(object);
        }
        return out.toString();
    }

    /**
     * PKCS#8 ({@code PRIVATE KEY}), or as openssl writes the traditional forms: {@code RSA PRIVATE KEY}
     * (PKCS#1) and {@code EC PRIVATE KEY} (SEC1 naming its curve and carrying the public key).
     */
    static String privateKeyPem(KeyPair keys, KeyForm form) throws IOException {
        if (form == KeyForm.PKCS8) {
            return pem(new JcaPKCS8Generator(keys.getPrivate(), null));
        }
        if (keys.getPrivate() instanceof java.security.interfaces.ECPrivateKey ec) {
            ASN1BitString publicKey = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData();
            ECPrivateKey sec1 = new ECPrivateKey(256, ec.getS(), publicKey, new X962Parameters(SECObjectIdentifiers.secp256r1));
            return pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        }
        return pem(keys.getPrivate()); // BouncyCastle writes an RSA key as PKCS#1
    }
}
