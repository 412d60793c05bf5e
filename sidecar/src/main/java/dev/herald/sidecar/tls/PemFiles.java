package dev.herald.sidecar.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files as cert-manager, Let's Encrypt clients and {@code openssl} write them: certificate
 * chains, and unencrypted private keys in PKCS#8 ({@code PRIVATE KEY}) or the traditional forms
 * ({@code RSA PRIVATE KEY}, PKCS#1; {@code EC PRIVATE KEY}, SEC1), which the JDK cannot read by
 * itself and are wrapped into PKCS#8 here.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);

    private PemFiles() {
    }

    /** Every certificate in the file, in order (the leaf first in a chain). */
    public static List<X509Certificate> certificates(Path file) {
        byte[] bytes = read(file);
        try {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes)).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certs.isEmpty()) {
                throw new TlsFileException(file + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in it");
            }
            return certs;
        } catch (CertificateException e) {
            throw new TlsFileException(file + ": not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    /** The one private key in the file; {@code EC PARAMETERS} blocks beside it are skipped. */
    public static PrivateKey privateKey(Path file) {
        Matcher m = BLOCK.matcher(new String(read(file), StandardCharsets.US_ASCII));
        while (m.find()) {
            String type = m.group(1);
            String body = m.group(2);
            if (type.equals("EC PARAMETERS")) {
                continue;
            }
            if (type.equals("ENCRYPTED PRIVATE KEY") || body.contains("ENCRYPTED")) {
                throw new TlsFileException(file + ": the private key is encrypted; Herald reads unencrypted keys "
                        + "(openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem), kept readable by Herald alone");
            }
            byte[] der = decode(file, body);
            return switch (type) {
                case "PRIVATE KEY" -> pkcs8(file, der);
                case "RSA PRIVATE KEY" -> pkcs8(file, Der.pkcs8(Der.RSA_ALGORITHM, der));
                case "EC PRIVATE KEY" -> pkcs8(file, Der.pkcs8(Der.ecAlgorithm(Der.sec1Curve(der)), der));
                default -> throw new TlsFileException(file + ": expected a private key, found a PEM " + type);
            };
        }
        throw new TlsFileException(file + ": no PEM private key (-----BEGIN PRIVATE KEY-----) in it");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisOne) {
                // the PKCS#8 header names the algorithm; trying each is simpler than reading it
            }
        }
        throw new TlsFileException(file + ": the private key is neither RSA nor EC");
    }

    private static byte[] decode(Path file, String body) {
        try {
            return Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new TlsFileException(file + ": broken base64 in the PEM block: " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TlsFileException("cannot read " + file + ": " + e, e);
        }
    }
}
