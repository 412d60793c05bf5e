package dev.herald.dialects.bos;

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
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.herald.dialects.bos.BosErrorCode.ACCESS_DENIED;
import static dev.herald.dialects.bos.BosErrorCode.BAD_DIGEST;
import static dev.herald.dialects.bos.BosErrorCode.INVALID_ACCESS_KEY_ID;
import static dev.herald.dialects.bos.BosErrorCode.INVALID_HTTP_AUTH_HEADER;
import static dev.herald.dialects.bos.BosErrorCode.REQUEST_EXPIRED;
import static dev.herald.dialects.bos.BosErrorCode.SIGNATURE_DOES_NOT_MATCH;

/**
 * The BCE request signature {@code bce-auth-v1} (docs/bos.md, "The bce-auth-v1 signature"): signs requests (Herald's
 * pushes) and verifies them (the BOS SDKs' config calls, and pushes on the receiving side).
 *
 * <p>{@code signingKey = hex(HMAC-SHA256(secretKey, "bce-auth-v1/{ak}/{timestamp}/{expiration}"))},
 * {@code signature = hex(HMAC-SHA256(signingKey as text, canonicalRequest))}. The body itself is
 * not signed, only the headers chosen (normally including {@code content-length}); when they
 * include {@code content-md5} or {@code x-bce-content-sha256}, Herald checks that hash against the
 * body, so that a captured request cannot carry another body. {@code host} must be signed, so that
 * a signature is only good for the server it was made for.
 */
public final class BceAuthV1 {
    public static final int DEFAULT_EXPIRATION_SECONDS = 1800;
    private static final String HOST = "host";
    private static final String CONTENT_MD5 = "content-md5";
    private static final String CONTENT_SHA256 = "x-bce-content-sha256";
    /** Macs to reuse ({@code Mac.getInstance} looks the provider up each time); as many as were in use at once. */
    private static final Queue<Mac> MACS = new ConcurrentLinkedQueue<>();
    /** Signing keys by (secret key, auth string prefix). */
    private static final Map<List<String>, String> SIGNING_KEYS = new ConcurrentHashMap<>();
    private static final int MAX_SIGNING_KEYS = 1024;

    private BceAuthV1() {
    }

    /**
     * The Authorization header value for {@code request}.
     *
     * @param signedHeaders header names to sign; empty signs the default set ({@code host},
     *                      {@code content-length}, {@code content-type}, {@code content-md5} and
     *                      every {@code x-bce-*} header) and leaves the auth string's list empty,
     *                      as the BOS Java SDK does
     */
    public static String sign(HttpRequestView request, String accessKey, String secretKey, Instant timestamp,
                              int expirationSeconds, List<String> signedHeaders) {
        BceAuthString unsigned = new BceAuthString(accessKey, BosTime.format(timestamp), expirationSeconds,
                BceCanonicalRequest.normalizeNames(signedHeaders), "");
        return unsigned.withSignature(signature(request, unsigned, secretKey)).header();
    }

    /**
     * Checks the request's Authorization header against the secret of the access key it names.
     *
     * @return the credential the request is signed with
     * @param limits caps on the declared {@code expirationPeriodInSeconds} and the clock skew
     * @throws BosException {@code AccessDenied} (no header), {@code InvalidHTTPAuthHeader} (also when
     *                      {@code host} is not signed), {@code InvalidAccessKeyId}, {@code RequestExpired}
     *                      (expired, past {@code limits}, or ahead by more than the skew),
     *                      {@code SignatureDoesNotMatch}, or {@code BadDigest} (a signed content hash
     *                      that is not the body's)
     */
    public static Credential verify(HttpRequestView request, CredentialLookup credentials, Clock clock,
                                    SignatureLimits limits) {
        String header = request.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new BosException(ACCESS_DENIED, "missing Authorization header");
        }
        BceAuthString auth = BceAuthString.parse(header);
        Credential credential = credentials.find(auth.accessKey()).orElseThrow(() ->
                new BosException(INVALID_ACCESS_KEY_ID, "the access key '" + auth.accessKey() + "' is not known to Herald"));
        Instant now = clock.instant();
        limits.headerProblem(auth.signedAt(), Duration.ofSeconds(auth.expirationSeconds()), now).ifPresent(problem -> {
            throw new BosException(REQUEST_EXPIRED, "the request signed at " + auth.timestamp() + " " + problem);
        });
        List<String> signed = BceCanonicalRequest.signedNames(request, auth.signedHeaders());
        if (!signed.contains(HOST) || request.header(HOST) == null || request.header(HOST).isBlank()) {
            throw new BosException(INVALID_HTTP_AUTH_HEADER, "the signed headers must include host, so that the "
                    + "signature is only valid for this server; this request signs " + String.join(";", signed));
        }
        byte[] expected = signature(request, auth, credential.secretKey()).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, auth.signature().getBytes(StandardCharsets.UTF_8))) {
            throw new BosException(SIGNATURE_DOES_NOT_MATCH, "the request signature does not match the signature "
                    + "Herald calculated; check the secret key and the bce-auth-v1 signing of method, path, query and headers");
        }
        checkSignedHashes(request, signed);
        return credential;
    }

    private static void checkSignedHashes(HttpRequestView request, List<String> signed) {
        if (signed.contains(CONTENT_MD5) && !ContentDigests.md5HeaderFits(request.header(CONTENT_MD5), request.body())) {
            throw new BosException(BAD_DIGEST, "the request body does not match its signed Content-MD5 header");
        }
        String sha256 = request.header(CONTENT_SHA256);
        if (signed.contains(CONTENT_SHA256) && sha256 != null && !sha256.isBlank()
                && !sha256.trim().equalsIgnoreCase(ContentDigests.sha256Hex(request.body()))) {
            throw new BosException(BAD_DIGEST, "the request body does not match its signed x-bce-content-sha256 header");
        }
    }

    private static String signature(HttpRequestView request, BceAuthString auth, String secretKey) {
        String signingKey = signingKey(secretKey, auth.prefix());
        return hmacSha256Hex(signingKey, BceCanonicalRequest.of(request, auth.signedHeaders()));
    }

    /**
     * The signing key changes once a second per access key (the prefix carries the timestamp), and
     * every push of a rule in that second shares it; the map is emptied before it grows large.
     */
    private static String signingKey(String secretKey, String prefix) {
        if (SIGNING_KEYS.size() > MAX_SIGNING_KEYS) {
            SIGNING_KEYS.clear();
        }
        return SIGNING_KEYS.computeIfAbsent(List.of(secretKey, prefix), k -> hmacSha256Hex(secretKey, prefix));
    }

    private static String hmacSha256Hex(String key, String message) {
        Mac mac = MACS.poll();
        try {
            mac = mac != null ? mac : Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String hex = HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
            MACS.offer(mac);
            return hex;
        } catch (GeneralSecurityException e) {
            // Every Java runtime ships HmacSHA256.
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
