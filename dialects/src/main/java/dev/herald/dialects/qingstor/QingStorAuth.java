package dev.herald.dialects.qingstor;

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
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static dev.herald.dialects.qingstor.QingStorErrorCode.BAD_DIGEST;
import static dev.herald.dialects.qingstor.QingStorErrorCode.INVALID_ACCESS_KEY_ID;
import static dev.herald.dialects.qingstor.QingStorErrorCode.INVALID_REQUEST;
import static dev.herald.dialects.qingstor.QingStorErrorCode.PERMISSION_DENIED;
import static dev.herald.dialects.qingstor.QingStorErrorCode.REQUEST_EXPIRED;
import static dev.herald.dialects.qingstor.QingStorErrorCode.SIGNATURE_NOT_MATCHED;

/**
 * Verifies QingStor request signatures (docs/qingstor.md, "Signing"; QingStor's {@code api/practices/signature.md}):
 * <pre>
 * string_to_sign = Verb \n Content-MD5 \n Content-Type \n Date \n [x-qs-* headers, each + \n] CanonicalizedResource
 * Authorization: QS &lt;access_key_id&gt;:base64(HMAC-SHA256(secret, string_to_sign))
 * </pre>
 * <ul>
 *   <li>With an {@code X-QS-Date} header the Date line is empty (the header is signed among the
 *       {@code x-qs-*} ones) and it is the request's time; otherwise {@code Date} is.</li>
 *   <li>CanonicalizedResource: the path as sent (path style, {@code /bucket?notification}), or
 *       {@code /<bucket>} + path (virtual-host style); then {@code ?} and the signed sub-resources
 *       present, sorted, {@code key} or {@code key=value}, joined by {@code &}.</li>
 *   <li>Query-string signing: {@code access_key_id}, {@code expires} (Unix seconds) and
 *       {@code signature}; {@code expires} takes the Date line's place.</li>
 * </ul>
 *
 * <p>Two readings are accepted where QingStor's clients differ, each a full signature check:
 * for the virtual-host root path {@code /} both {@code /bucket} (QingStor's JavaScript example,
 * docs/qingstor.md) and {@code /bucket/} (go-qs v4's {@code CanonicalReqByVhost}); and both the path as
 * sent and go-qs's re-escaping of the decoded path, when they differ.
 *
 * <p>Refusals: no signature at all, or a scheme other than {@code QS} → {@code permission_denied};
 * a {@code QS} header without {@code ak:signature}, or {@code expires} that is not a number →
 * {@code invalid_request}; a signed request without a readable {@code Date}/{@code X-QS-Date} →
 * {@code permission_denied}; unknown access key → {@code invalid_access_key_id}; request time more
 * than the clock skew (15 minutes by default) from Herald's clock (either way), or an {@code expires}
 * already past or further ahead than {@link SignatureLimits#maxPresignedValidity} (7 days by default:
 * QingStor sets no limit, but a leaked URL must stop working) → {@code request_expired}; wrong
 * signature → {@code signature_not_matched}, whose message quotes the string to sign Herald computed
 * so that client authors can compare; a signed {@code Content-MD5} that is not the body's →
 * {@code bad_digest}.
 */
public final class QingStorAuth {
    private static final String SCHEME = "QS ";
    private static final String HEADER_PREFIX = "x-qs-";
    private static final String QS_DATE = "x-qs-date";

    /**
     * Query parameters that are part of the signed resource: QingStor's documented list, go-qs's
     * versioning additions, and the {@code response-*} overrides.
     */
    private static final Set<String> SIGNED_SUB_RESOURCES = Set.of(
            "acl", "append", "cors", "cname", "delete", "image", "logging", "lifecycle", "mirror", "notification",
            "policy", "position", "part_number", "replication", "stats", "uploads", "upload_id",
            "versioning", "version_id", "versions",
            "response-expires", "response-cache-control", "response-content-type", "response-content-language",
            "response-content-encoding", "response-content-disposition");

    private QingStorAuth() {
    }

    /**
     * True when the request carries a QingStor signature: {@code Authorization: QS ...}, or the
     * query-string form's {@code access_key_id} and {@code signature}. The sidecar routes path-style
     * {@code /{bucket}?notification} to QingStor by this.
     */
    public static boolean claims(HttpRequestView request) {
        String authorization = request.header("Authorization");
        if (authorization != null) {
            return authorization.startsWith(SCHEME);
        }
        return request.hasQueryParam("access_key_id") && request.hasQueryParam("signature");
    }

    /**
     * Checks the request's signature against the secret of the access key it names.
     *
     * @param bucket      the bucket the request addresses; signed only in virtual-host style
     * @param virtualHost whether the bucket came from the Host header ({@code bucket.suffix}) rather than the path
     * @return the signing credential; whether it may manage {@code bucket} is the caller's check
     * @throws QingStorException with the codes listed on the class
     */
    public static Credential verify(HttpRequestView request, String bucket, boolean virtualHost,
                                    CredentialLookup credentials, Clock clock, SignatureLimits limits) {
        String authorization = request.header("Authorization");
        Credential credential;
        if (authorization != null && authorization.startsWith(SCHEME)) {
            credential = verifyHeader(request, authorization, bucket, virtualHost, credentials, clock.instant(), limits);
        } else if (authorization == null && claims(request)) {
            credential = verifyQuery(request, bucket, virtualHost, credentials, clock.instant(), limits);
        } else {
            throw new QingStorException(PERMISSION_DENIED, authorization == null
                    ? "the request is not signed: send 'Authorization: QS <access_key_id>:<signature>' or the query "
                    + "parameters access_key_id, expires and signature"
                    : "the Authorization header must be 'QS <access_key_id>:<signature>'; Herald's QingStor API accepts "
                    + "no other scheme");
        }
        checkContentMd5(request);
        return credential;
    }

    /** Content-MD5 is always in the string to sign: a signed request whose body is not the one hashed was altered. */
    private static void checkContentMd5(HttpRequestView request) {
        if (!ContentDigests.md5HeaderFits(request.header("Content-MD5"), request.body())) {
            throw new QingStorException(BAD_DIGEST, "the request body does not match its signed Content-MD5 header");
        }
    }

    private static Credential verifyHeader(HttpRequestView request, String authorization, String bucket,
                                           boolean virtualHost, CredentialLookup credentials, Instant now,
                                           SignatureLimits limits) {
        String keyAndSignature = authorization.substring(SCHEME.length()).trim();
        int colon = keyAndSignature.indexOf(':');
        if (colon <= 0 || colon == keyAndSignature.length() - 1) {
            throw new QingStorException(INVALID_REQUEST, "the Authorization header must be "
                    + "'QS <access_key_id>:<signature>', not '" + authorization + "'");
        }
        Credential credential = credential(credentials, keyAndSignature.substring(0, colon));
        String qsDate = request.header(QS_DATE);
        String date = request.header("Date");
        String timeHeader = qsDate != null ? "X-QS-Date" : "Date";
        String time = qsDate != null ? qsDate : date;
        if (time == null || time.isBlank()) {
            throw new QingStorException(PERMISSION_DENIED,
                    "a signed request needs a Date or X-QS-Date header: the signature is only valid for 15 minutes");
        }
        Instant signedAt = httpDate(time, timeHeader);
        limits.datedProblem(signedAt, now).ifPresent(problem -> {
            throw new QingStorException(REQUEST_EXPIRED, "the request time " + time + " (" + timeHeader + ") " + problem);
        });
        // The signed Date line is empty when X-QS-Date stands in for it.
        String dateLine = qsDate != null ? "" : date;
        checkSignature(request, dateLine, bucket, virtualHost, credential, keyAndSignature.substring(colon + 1));
        return credential;
    }

    private static Credential verifyQuery(HttpRequestView request, String bucket, boolean virtualHost,
                                          CredentialLookup credentials, Instant now, SignatureLimits limits) {
        Map<String, String> query = new TreeMap<>();
        request.queryParams().forEach(p -> query.putIfAbsent(p.getKey(), p.getValue()));
        Credential credential = credential(credentials, query.get("access_key_id"));
        String expires = query.get("expires");
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expires == null ? "" : expires.trim());
        } catch (NumberFormatException e) {
            throw new QingStorException(INVALID_REQUEST, "the query parameter expires must be the signature's expiry "
                    + "in Unix seconds, not '" + (expires == null ? "" : expires) + "'");
        }
        // Clamped so that any number is an instant; the limits refuse both ends.
        Instant expiry = Instant.ofEpochSecond(Math.clamp(expiresAt, Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()));
        limits.presignedProblem(expiry, now).ifPresent(problem -> {
            throw new QingStorException(REQUEST_EXPIRED, "the query signature (expires=" + expires + ") " + problem);
        });
        // Form decoding turned an unescaped '+' of the base64 signature into a space: base64 has no spaces.
        String signature = query.get("signature").replace(' ', '+');
        checkSignature(request, expires.trim(), bucket, virtualHost, credential, signature);
        return credential;
    }

    private static Credential credential(CredentialLookup credentials, String accessKey) {
        if (accessKey == null || accessKey.isBlank()) {
            throw new QingStorException(INVALID_ACCESS_KEY_ID, "the request names no access key id");
        }
        return credentials.find(accessKey).orElseThrow(() -> new QingStorException(INVALID_ACCESS_KEY_ID,
                "the access key id '" + accessKey + "' is not known to Herald"));
    }

    private static void checkSignature(HttpRequestView request, String dateLine, String bucket, boolean virtualHost,
                                       Credential credential, String sent) {
        List<String> candidates = canonicalResources(request, bucket, virtualHost).stream()
                .map(resource -> stringToSign(request, dateLine, resource))
                .toList();
        for (String stringToSign : candidates) {
            if (MessageDigest.isEqual(sign(credential.secretKey(), stringToSign).getBytes(StandardCharsets.UTF_8),
                    sent.trim().getBytes(StandardCharsets.UTF_8))) {
                return;
            }
        }
        throw new QingStorException(SIGNATURE_NOT_MATCHED, "the signature does not match the one Herald calculated "
                + "with the access key's secret over the string to sign '"
                + candidates.getFirst().replace("\n", "\\n") + "'");
    }

    /** {@code base64(HMAC-SHA256(secret, stringToSign))}: the part after {@code QS ak:}. */
    static String sign(String secretKey, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            // Every Java runtime ships HmacSHA256.
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    static String stringToSign(HttpRequestView request, String dateLine, String canonicalResource) {
        StringBuilder s = new StringBuilder()
                .append(request.method()).append('\n')
                .append(Optional.ofNullable(request.header("Content-MD5")).orElse("")).append('\n')
                .append(Optional.ofNullable(request.header("Content-Type")).orElse("")).append('\n')
                .append(dateLine).append('\n');
        request.headers().entrySet().stream()
                .map(h -> Map.entry(h.getKey().toLowerCase(Locale.ROOT).trim(), h.getValue()))
                .filter(h -> h.getKey().startsWith(HEADER_PREFIX))
                .sorted(Map.Entry.comparingByKey())
                .forEach(h -> s.append(h.getKey()).append(':').append(h.getValue().getFirst().trim()).append('\n'));
        return s.append(canonicalResource).toString();
    }

    /** The canonical resources a correct client may have signed, the documented reading first. */
    static List<String> canonicalResources(HttpRequestView request, String bucket, boolean virtualHost) {
        String asSent = request.rawPath() == null || request.rawPath().isEmpty() ? "/" : request.rawPath();
        Set<String> paths = new LinkedHashSet<>();
        paths.add(asSent);
        paths.add(goQsEscape(request.decodedPath().isEmpty() ? "/" : request.decodedPath()));
        String subResources = request.queryParams().stream()
                .filter(p -> SIGNED_SUB_RESOURCES.contains(p.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .map(p -> p.getValue().isBlank() ? p.getKey() : p.getKey() + "=" + p.getValue().trim())
                .collect(Collectors.joining("&"));
        String query = subResources.isEmpty() ? "" : "?" + subResources;
        List<String> resources = new ArrayList<>();
        for (String path : paths) {
            if (!virtualHost) {
                resources.add(path + query);
            } else if (path.equals("/")) {
                resources.add("/" + bucket + query);
                resources.add("/" + bucket + "/" + query);
            } else {
                resources.add("/" + bucket + path + query);
            }
        }
        return List.copyOf(new LinkedHashSet<>(resources));
    }

    /**
     * go-qs's {@code utils.URLQueryEscape}: Go's {@code url.QueryEscape} of the UTF-8 bytes, then
     * {@code %2F} back to {@code /}, {@code %3D} back to {@code =} and {@code +} (a space) to
     * {@code %20}. In one pass: letters, digits, {@code -_.~/=} stay, every other byte is
     * {@code %XX} with upper-case hex.
     */
    private static String goQsEscape(String path) {
        StringBuilder out = new StringBuilder(path.length() + 8);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == '/' || c == '=') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }

    private static Instant httpDate(String value, String header) {
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new QingStorException(PERMISSION_DENIED, "the " + header + " header '" + value
                    + "' is not an HTTP date like 'Sun, 22 Nov 2026 13:49:08 GMT'");
        }
    }
}
