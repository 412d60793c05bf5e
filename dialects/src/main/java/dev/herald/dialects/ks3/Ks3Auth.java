package dev.herald.dialects.ks3;

import dev.herald.dialects.ContentDigests;
import dev.herald.dialects.Credential;
import dev.herald.dialects.CredentialLookup;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.SignatureLimits;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;

import static dev.herald.dialects.ks3.Ks3ErrorCode.AccessDenied;
import static dev.herald.dialects.ks3.Ks3ErrorCode.AuthorizationHeaderMalformed;
import static dev.herald.dialects.ks3.Ks3ErrorCode.BadDigest;
import static dev.herald.dialects.ks3.Ks3ErrorCode.InvalidAccessKeyId;
import static dev.herald.dialects.ks3.Ks3ErrorCode.RequestTimeTooSkewed;
import static dev.herald.dialects.ks3.Ks3ErrorCode.SignatureDoesNotMatch;

/**
 * Verifies the request signatures KS3 clients send (docs/ks3.md, "Signing"): V2 ({@code KSS ak:sig} from
 * the KS3 Java SDK, {@code AWS ak:sig} from the KS3 Go SDK; see {@link Ks3SignatureV2}) and V4
 * ({@code KSS4-HMAC-SHA256} and {@code AWS4-HMAC-SHA256}; see {@link Ks3SignatureV4}).
 *
 * <p>Checks, in order: an Authorization header is present ({@code AccessDenied}) and parses
 * ({@code AuthorizationHeaderMalformed}); its access key is known ({@code InvalidAccessKeyId}); the
 * request has a readable signing time ({@code AccessDenied}) at most the clock skew (15 minutes by
 * default, {@link SignatureLimits}) from Herald's clock in either direction ({@code RequestTimeTooSkewed});
 * the signature is the one the secret gives ({@code SignatureDoesNotMatch}); a sent
 * {@code Content-MD5} is the body's ({@code BadDigest}, 400), and so is a V4 payload hash
 * ({@code SignatureDoesNotMatch}). The other refusals are 403, the malformed header 400.
 * Presigned URLs (signature in the query) are not accepted: KS3 SDKs never presign config calls.
 */
public final class Ks3Auth {
    private Ks3Auth() {
    }

    /**
     * True when the Authorization header has one of the KS3 schemes ({@code KSS }, {@code KSS4-HMAC-SHA256 },
     * {@code AWS }, {@code AWS4-HMAC-SHA256 }): the sidecar routes path-style {@code /{bucket}?notification}
     * to KS3 by this.
     */
    public static boolean claims(HttpRequestView request) {
        String authorization = request.header("Authorization");
        return authorization != null && Ks3AuthScheme.of(authorization).isPresent();
    }

    /**
     * Checks the request's signature against the secret of the access key it names.
     *
     * @param bucket the bucket the request addresses (from its path or its Host): V2 signs it
     * @return the credential the request is signed with; whether it may touch {@code bucket} is the caller's check
     * @throws Ks3Exception with the codes listed on the class
     */
    public static Credential verify(HttpRequestView request, String bucket, CredentialLookup credentials, Clock clock,
                                    SignatureLimits limits) {
        String authorization = request.header("Authorization");
        if (authorization == null || authorization.isBlank()) {
            throw new Ks3Exception(AccessDenied, "missing Authorization header: Herald only accepts signed KS3 requests");
        }
        Ks3AuthScheme scheme = Ks3AuthScheme.of(authorization).orElseThrow(() -> malformed(
                "the Authorization header must start with 'KSS ', 'KSS4-HMAC-SHA256 ', 'AWS ' or 'AWS4-HMAC-SHA256 '"));
        SigningWindow window = new SigningWindow(limits, clock.instant());
        Credential credential = scheme.isV4()
                ? Ks3SignatureV4.verify(request, scheme, authorization, credentials, window)
                : Ks3SignatureV2.verify(request, bucket, scheme, authorization, credentials, window);
        // V2 always signs the Content-MD5 line; whoever sent one vouches for the body with it.
        if (!ContentDigests.md5HeaderFits(request.header("Content-MD5"), request.body())) {
            throw new Ks3Exception(BadDigest, "the request body does not match its signed Content-MD5 header");
        }
        return credential;
    }

    /** Herald's time and the limits a signing time is checked against. */
    record SigningWindow(SignatureLimits limits, Instant now) {
        /** @param header the header the time came from, for the message */
        void check(Instant signedAt, String header, String asSent) {
            limits.datedProblem(signedAt, now).ifPresent(problem -> {
                throw new Ks3Exception(RequestTimeTooSkewed, "the request time " + asSent + " (" + header
                        + ") " + problem);
            });
        }
    }

    static Credential credential(CredentialLookup credentials, String accessKey) {
        return credentials.find(accessKey).orElseThrow(() -> new Ks3Exception(InvalidAccessKeyId,
                "the access key '" + accessKey + "' is not known to Herald"));
    }

    static Ks3Exception malformed(String reason) {
        return new Ks3Exception(AuthorizationHeaderMalformed, reason);
    }

    static Ks3Exception missingTime(String reason) {
        return new Ks3Exception(AccessDenied, reason);
    }

    static Ks3Exception signatureMismatch(Ks3AuthScheme scheme, String what) {
        return new Ks3Exception(SignatureDoesNotMatch, "the request signature does not match the " + scheme.algorithm
                + " signature Herald calculated; check the secret key and the signing of " + what);
    }

    /** Constant-time comparison, so that timing does not reveal how much of a guessed signature is right. */
    static boolean sameSignature(String expected, String sent) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmac(String algorithm, byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            // Every Java runtime ships HmacSHA1 and HmacSHA256.
            throw new IllegalStateException(algorithm + " is unavailable", e);
        }
    }

    /**
     * Percent-encodes UTF-8 bytes except the RFC 3986 unreserved characters ({@code A-Z a-z 0-9 - _ . ~})
     * and, when {@code keepSlash}, {@code /}: what both KS3 SDKs' {@code urlEncode} and SigV4 produce.
     */
    static String uriEncode(String s, boolean keepSlash) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == '/' && keepSlash) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
