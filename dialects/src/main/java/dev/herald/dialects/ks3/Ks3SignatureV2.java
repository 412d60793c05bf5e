package dev.herald.dialects.ks3;

import dev.herald.dialects.Credential;
import dev.herald.dialects.CredentialLookup;
import dev.herald.dialects.HttpRequestView;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * KS3 signature V2: {@code Authorization: KSS <ak>:<base64(HMAC-SHA1(secret, StringToSign))>}, or
 * {@code AWS <ak>:...} with {@code x-amz-*} headers as the KS3 Go SDK sends it.
 *
 * <pre>
 * StringToSign = Method \n Content-MD5 \n Content-Type \n DateLine \n [CanonicalizedHeaders \n] CanonicalizedResource
 * </pre>
 * <ul>
 *   <li>CanonicalizedHeaders: every {@code x-kss-*} (resp. {@code x-amz-*}) header, name lower-cased,
 *       sorted, {@code name:value} (several values joined by {@code ,}), one per line; the line is
 *       left out when there are none.</li>
 *   <li>CanonicalizedResource: {@code /bucket/} + the URI-encoded key ({@code /} kept, a {@code //}
 *       written {@code /%2F}), then {@code ?} and the signed sub-resources sorted by name, {@code name}
 *       or {@code name=value} (value as is), joined by {@code &}. A bucket-level request such as
 *       {@code PUT /my-bucket?notification} or {@code PUT /?notification} on {@code Host: my-bucket.…} is
 *       {@code /my-bucket/?notification} — exactly the KS3 Java SDK's {@code AuthUtils}.</li>
 *   <li>DateLine: the SDKs always send and sign {@code Date}; neither sends {@code x-kss-date} with
 *       V2. For other clients that send {@code x-kss-date} (resp. {@code x-amz-date}) Herald also
 *       accepts the two S3 conventions: an empty date line with the header signed among the
 *       vendor headers (AWS SDKs), and the header's value as the date line, not repeated among the
 *       headers (the S3 V2 documentation's example). The header then also gives the signing time
 *       that the 15-minute skew check uses.</li>
 * </ul>
 * The body is not signed by V2 (only its {@code Content-MD5} header, when sent).
 */
final class Ks3SignatureV2 {
    /**
     * Query parameters that are part of the resource: the KS3 Java SDK 1.0.7's {@code RequestUtils}
     * lists (sub-resources, then response overrides and {@code security-token}).
     */
    private static final Set<String> SUB_RESOURCES = Set.of("acl", "lifecycle", "location", "logging",
            "notification", "partNumber", "policy", "requestPayment", "torrent", "uploadId", "uploads", "versionId",
            "versioning", "versions", "website", "delete", "thumbnail", "cors", "crr", "pfop", "querypfop", "adp",
            "queryadp", "fetch", "restore", "transfer", "tagging", "mirror", "append", "position", "recover", "clear",
            "retention", "recycle", "x-kss-process");
    private static final Set<String> SIGNED_QUERY_PARAMS = Set.of("response-content-type", "response-content-language",
            "response-expires", "response-cache-control", "response-content-disposition", "response-content-encoding",
            "security-token");
    /** V2 date headers are HTTP dates; the ISO basic form ({@code 20261122T134858Z}) is accepted too. */
    private static final DateTimeFormatter ISO_BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT);

    private Ks3SignatureV2() {
    }

    static Credential verify(HttpRequestView request, String bucket, Ks3AuthScheme scheme, String authorization,
                             CredentialLookup credentials, Ks3Auth.SigningWindow window) {
        String value = authorization.substring(scheme.algorithm.length() + 1).trim();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw Ks3Auth.malformed("the Authorization header must be '" + scheme.algorithm + " <AccessKeyId>:<Signature>'");
        }
        String accessKey = value.substring(0, colon);
        String signature = value.substring(colon + 1);
        Credential credential = Ks3Auth.credential(credentials, accessKey);

        String vendorDate = request.header(scheme.dateHeader());
        String timeHeader = vendorDate != null ? scheme.dateHeader() : "Date";
        String time = vendorDate != null ? vendorDate : request.header("Date");
        if (time == null) {
            throw Ks3Auth.missingTime("a " + scheme.algorithm + "-signed request needs a Date or "
                    + scheme.dateHeader() + " header");
        }
        window.check(parseTime(time, timeHeader), timeHeader, time);

        for (String stringToSign : stringsToSign(request, bucket, scheme)) {
            if (Ks3Auth.sameSignature(sign(credential.secretKey(), stringToSign), signature)) {
                return credential;
            }
        }
        throw Ks3Auth.signatureMismatch(scheme, "method, Content-MD5, Content-Type, date, "
                + scheme.headerPrefix + "* headers and the resource /" + bucket + "/...");
    }

    /** base64(HMAC-SHA1(secret, stringToSign)). */
    static String sign(String secretKey, String stringToSign) {
        return Base64.getEncoder().encodeToString(
                Ks3Auth.hmac("HmacSHA1", secretKey.getBytes(StandardCharsets.UTF_8), stringToSign));
    }

    /** The strings Herald accepts as signed, the SDKs' form first (see the class comment). */
    static List<String> stringsToSign(HttpRequestView request, String bucket, Ks3AuthScheme scheme) {
        String date = request.header("Date");
        String vendorDate = request.header(scheme.dateHeader());
        String resource = canonicalResource(request, bucket);
        Set<String> candidates = new LinkedHashSet<>();
        candidates.add(stringToSign(request, date == null ? "" : date, vendorHeaders(request, scheme, true), resource));
        if (vendorDate != null) {
            candidates.add(stringToSign(request, "", vendorHeaders(request, scheme, true), resource));
            candidates.add(stringToSign(request, vendorDate, vendorHeaders(request, scheme, false), resource));
        }
        return List.copyOf(candidates);
    }

    private static String stringToSign(HttpRequestView request, String dateLine, String vendorHeaders, String resource) {
        List<String> lines = new ArrayList<>(List.of(request.method(), headerOrEmpty(request, "Content-MD5"),
                headerOrEmpty(request, "Content-Type"), dateLine));
        if (!vendorHeaders.isEmpty()) {
            lines.add(vendorHeaders);
        }
        lines.add(resource);
        return String.join("\n", lines);
    }

    private static String vendorHeaders(HttpRequestView request, Ks3AuthScheme scheme, boolean withDateHeader) {
        return request.headers().entrySet().stream()
                .map(e -> Map.entry(e.getKey().toLowerCase(Locale.ROOT), e.getValue()))
                .filter(e -> e.getKey().startsWith(scheme.headerPrefix))
                .filter(e -> withDateHeader || !e.getKey().equals(scheme.dateHeader()))
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + ":" + e.getValue().stream().map(String::trim).collect(Collectors.joining(",")))
                .collect(Collectors.joining("\n"));
    }

    /**
     * {@code /bucket/key?sub-resources}. The key is the decoded path after {@code /bucket/} (path
     * style) or after {@code /} (virtual-host style); Herald only serves bucket-level requests,
     * whose key is empty either way.
     */
    static String canonicalResource(HttpRequestView request, String bucket) {
        String path = request.decodedPath();
        String pathStyle = "/" + bucket;
        String key;
        if (path.equals(pathStyle)) {
            key = "";
        } else if (path.startsWith(pathStyle + "/")) {
            key = path.substring(pathStyle.length() + 1);
        } else {
            key = path.startsWith("/") ? path.substring(1) : path;
        }
        String resource = ("/" + bucket + "/" + Ks3Auth.uriEncode(key, true)).replace("//", "/%2F");
        String subResources = request.queryParams().stream()
                // A sub-resource is signed even without a value (?notification); an override only with one.
                .filter(p -> SUB_RESOURCES.contains(p.getKey())
                        || SIGNED_QUERY_PARAMS.contains(p.getKey()) && !p.getValue().isBlank())
                .sorted(Map.Entry.comparingByKey())
                .map(p -> p.getValue().isBlank() ? p.getKey() : p.getKey() + "=" + p.getValue())
                .collect(Collectors.joining("&"));
        return subResources.isEmpty() ? resource : resource + "?" + subResources;
    }

    private static Instant parseTime(String value, String header) {
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException notHttpDate) {
            try {
                return LocalDateTime.parse(value.trim(), ISO_BASIC).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notIsoBasic) {
                throw Ks3Auth.missingTime("the " + header + " header '" + value
                        + "' is not an HTTP date like 'Sun, 22 Nov 2026 13:48:58 GMT'");
            }
        }
    }

    private static String headerOrEmpty(HttpRequestView request, String name) {
        String value = request.header(name);
        return value == null ? "" : value;
    }
}
