package dev.herald.dialects.ks3;

import dev.herald.dialects.Credential;
import dev.herald.dialects.CredentialLookup;
import dev.herald.dialects.HttpRequestView;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * KS3 signature V4, which KS3 calls "compatible with AWS Signature Version 4":
 * <pre>
 * Authorization: KSS4-HMAC-SHA256 Credential=ak/yyyymmdd/region/ks3/kss4_request, SignedHeaders=h1;h2, Signature=hex
 * </pre>
 * with {@code X-Kss-Date} ({@code 20261122T134858Z}) and {@code X-Kss-Content-Sha256} (hex SHA-256 of
 * the body, or {@code UNSIGNED-PAYLOAD}); the signing key is derived like SigV4's but from
 * {@code "KSS4" + secret} and ends with {@code kss4_request}. The KS3 Go SDK sends plain SigV4
 * ({@code AWS4-HMAC-SHA256}, {@code aws4_request}, {@code X-Amz-Date}, {@code X-Amz-Content-Sha256}).
 *
 * <p>Canonical request: method, the URI-encoded decoded path ({@code /} kept, encoded once, as
 * S3 does), the query parameters sorted and each {@code enc(name)=enc(value)} (so
 * {@code notification=}), the signed headers in the order listed, each {@code name:value} with the
 * value trimmed (and inner runs of spaces collapsed for AWS4 only, see
 * {@link Ks3AuthScheme#collapsesHeaderSpaces}), the signed-header list and the payload hash.
 *
 * <p>Any region and service in the scope are accepted (Herald is not regional); the terminator must
 * fit the algorithm and the scope date must be the date of the date header. A payload hash other
 * than {@code UNSIGNED-PAYLOAD} must be the body's, otherwise {@code SignatureDoesNotMatch}: the
 * body is what the signature vouches for. Without a payload-hash header the body's hash is signed.
 */
final class Ks3SignatureV4 {
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final DateTimeFormatter ISO_BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT);
    private static final Pattern SCOPE_DATE = Pattern.compile("\\d{8}");
    private static final Pattern HEX_SIGNATURE = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SPACES = Pattern.compile(" {2,}");

    private Ks3SignatureV4() {
    }

    /** The parsed Authorization header. */
    record Authorization(String accessKey, String date, String region, String service, String terminator,
                         List<String> signedHeaders, String signature) {

        String scope() {
            return date + "/" + region + "/" + service + "/" + terminator;
        }

        static Authorization parse(Ks3AuthScheme scheme, String header) {
            String credential = null;
            String signedHeaders = null;
            String signature = null;
            for (String part : header.substring(scheme.algorithm.length() + 1).split(",")) {
                String p = part.trim();
                if (p.startsWith("Credential=")) {
                    credential = p.substring("Credential=".length());
                } else if (p.startsWith("SignedHeaders=")) {
                    signedHeaders = p.substring("SignedHeaders=".length());
                } else if (p.startsWith("Signature=")) {
                    signature = p.substring("Signature=".length());
                }
            }
            String form = "'" + scheme.algorithm + " Credential=<AccessKeyId>/<yyyymmdd>/<region>/<service>/"
                    + scheme.scopeTerminator() + ", SignedHeaders=<h1;h2;...>, Signature=<64 hex digits>'";
            if (credential == null || signedHeaders == null || signature == null
                    || signedHeaders.isEmpty() || !HEX_SIGNATURE.matcher(signature).matches()) {
                throw Ks3Auth.malformed("the Authorization header must be " + form);
            }
            String[] scope = credential.split("/", -1);
            if (scope.length != 5 || List.of(scope).contains("") || !SCOPE_DATE.matcher(scope[1]).matches()) {
                throw Ks3Auth.malformed("the credential '" + credential + "' must be <AccessKeyId>/<yyyymmdd>/<region>/<service>/"
                        + scheme.scopeTerminator());
            }
            if (!scope[4].equals(scheme.scopeTerminator())) {
                throw Ks3Auth.malformed("a " + scheme.algorithm + " credential scope ends with " + scheme.scopeTerminator()
                        + ", not " + scope[4]);
            }
            return new Authorization(scope[0], scope[1], scope[2], scope[3], scope[4],
                    List.of(signedHeaders.toLowerCase(Locale.ROOT).split(";")), signature);
        }
    }

    static Credential verify(HttpRequestView request, Ks3AuthScheme scheme, String header,
                             CredentialLookup credentials, Ks3Auth.SigningWindow window) {
        Authorization auth = Authorization.parse(scheme, header);
        Credential credential = Ks3Auth.credential(credentials, auth.accessKey());

        String requestTime = request.header(scheme.dateHeader());
        if (requestTime == null) {
            throw Ks3Auth.missingTime("a " + scheme.algorithm + "-signed request needs an " + scheme.dateHeader() + " header");
        }
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(requestTime, ISO_BASIC).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw Ks3Auth.missingTime("the " + scheme.dateHeader() + " header '" + requestTime
                    + "' is not a time like 20261122T134858Z");
        }
        if (!requestTime.startsWith(auth.date())) {
            throw Ks3Auth.malformed("the credential scope date " + auth.date() + " is not the date of "
                    + scheme.dateHeader() + " " + requestTime);
        }
        window.check(signedAt, scheme.dateHeader(), requestTime);

        String payloadHash = payloadHash(request, scheme);
        String expected = signature(credential.secretKey(), scheme, auth, requestTime,
                canonicalRequest(request, scheme, auth.signedHeaders(), payloadHash));
        if (!Ks3Auth.sameSignature(expected, auth.signature())) {
            throw Ks3Auth.signatureMismatch(scheme, "method, path, query, the headers "
                    + String.join(";", auth.signedHeaders()) + " and the credential scope " + auth.scope());
        }
        return credential;
    }

    /** The payload hash to sign: as sent when it is UNSIGNED-PAYLOAD or the body's, the body's when none is sent. */
    private static String payloadHash(HttpRequestView request, Ks3AuthScheme scheme) {
        String sent = request.header(scheme.contentSha256Header());
        if (UNSIGNED_PAYLOAD.equals(sent)) {
            return sent;
        }
        String actual = HexFormat.of().formatHex(sha256(request.body()));
        if (sent != null && !sent.trim().equalsIgnoreCase(actual)) {
            throw new Ks3Exception(Ks3ErrorCode.SignatureDoesNotMatch, "the request body does not match its "
                    + scheme.contentSha256Header() + " header: the body's SHA-256 is " + actual);
        }
        return sent != null ? sent.trim() : actual;
    }

    static String canonicalRequest(HttpRequestView request, Ks3AuthScheme scheme, List<String> signedHeaders,
                                   String payloadHash) {
        String path = request.decodedPath();
        String uri = path.isEmpty() ? "/" : Ks3Auth.uriEncode(path, true);
        String query = request.queryParams().stream()
                .map(p -> Map.entry(Ks3Auth.uriEncode(p.getKey(), false), Ks3Auth.uriEncode(p.getValue(), false)))
                .sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
                .map(p -> p.getKey() + "=" + p.getValue())
                .collect(Collectors.joining("&"));
        StringBuilder headers = new StringBuilder();
        for (String name : signedHeaders) {
            headers.append(name).append(':').append(headerValue(request, name, scheme)).append('\n');
        }
        return request.method() + "\n" + uri + "\n" + query + "\n" + headers + "\n"
                + String.join(";", signedHeaders) + "\n" + payloadHash;
    }

    private static String headerValue(HttpRequestView request, String name, Ks3AuthScheme scheme) {
        List<String> values = request.headers().getOrDefault(name, List.of());
        return values.stream()
                .map(String::trim)
                .map(v -> scheme.collapsesHeaderSpaces() ? SPACES.matcher(v).replaceAll(" ") : v)
                .collect(Collectors.joining(","));
    }

    /** hex(HMAC-SHA256(signingKey, StringToSign)), the key derived from the scope. */
    static String signature(String secretKey, Ks3AuthScheme scheme, Authorization auth, String requestTime,
                            String canonicalRequest) {
        String stringToSign = scheme.algorithm + "\n" + requestTime + "\n" + auth.scope() + "\n"
                + HexFormat.of().formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = (scheme.secretPrefix() + secretKey).getBytes(StandardCharsets.UTF_8);
        for (String step : List.of(auth.date(), auth.region(), auth.service(), auth.terminator())) {
            key = Ks3Auth.hmac("HmacSHA256", key, step);
        }
        return HexFormat.of().formatHex(Ks3Auth.hmac("HmacSHA256", key, stringToSign));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
