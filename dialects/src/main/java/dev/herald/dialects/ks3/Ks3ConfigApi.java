package dev.herald.dialects.ks3;

import dev.herald.dialects.BucketAddress;
import dev.herald.dialects.BucketNames;
import dev.herald.dialects.ConfigContext;
import dev.herald.dialects.Credential;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.StoreUnavailableException;
import dev.herald.dialects.VendorConfigApi;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static dev.herald.dialects.ks3.Ks3ErrorCode.AccessDenied;
import static dev.herald.dialects.ks3.Ks3ErrorCode.EntityTooLarge;
import static dev.herald.dialects.ks3.Ks3ErrorCode.InvalidBucketName;
import static dev.herald.dialects.ks3.Ks3ErrorCode.MethodNotAllowed;
import static dev.herald.dialects.ks3.Ks3ErrorCode.NoSuchBucket;
import static dev.herald.dialects.ks3.Ks3ErrorCode.NoSuchBucketNotification;
import static dev.herald.dialects.ks3.Ks3ErrorCode.ServiceUnavailable;

/**
 * The KS3 bucket notification API for one bucket (docs/ks3.md, "Routes"): {@code PUT ?notification}
 * validates the body and replaces the bucket's whole KS3 rule set (200, empty body; an empty
 * {@code Notifications} list removes them all); {@code GET} answers the stored document exactly
 * as it was put (200, {@code application/json}), or 404 {@code NoSuchBucketNotification} without
 * rules; {@code DELETE} removes them (204, also when there were none).
 *
 * <p>Every request must be signed ({@link Ks3Auth}) by a credential allowed on the bucket, and the
 * bucket must exist on the backend ({@code NoSuchBucket}). Every answer carries
 * {@code x-kss-request-id}; errors are S3-style XML with the same id:
 * {@code <Error><Code/><Message/><Resource>/bucket</Resource><RequestId/></Error>}.
 */
public final class Ks3ConfigApi implements VendorConfigApi {
    private static final String REQUEST_ID_HEADER = "x-kss-request-id";

    private final Ks3RuleValidator validator = new Ks3RuleValidator();
    private final String hostSuffix;

    /** @param hostSuffix virtual-host addressing: requests to {@code {bucket}.{hostSuffix}}, or {@code null} */
    public Ks3ConfigApi(String hostSuffix) {
        this.hostSuffix = hostSuffix;
    }

    /** {@code ?notification} on {@code {bucket}.{hostSuffix}}, or on {@code /{bucket}} signed with a KS3 scheme. */
    @Override
    public Optional<Claim> claim(HttpRequestView request) {
        return BucketAddress.notification(request, hostSuffix, Ks3Auth.claims(request));
    }

    @Override
    public HttpReply handle(HttpRequestView request, Claim claim, ConfigContext ctx) {
        return handle(request, claim.bucket(), ctx);
    }

    /** Answers one request for {@code bucket}; never throws. */
    public HttpReply handle(HttpRequestView request, String bucket, ConfigContext ctx) {
        String requestId = ctx.ids().get();
        try {
            Credential credential = Ks3Auth.verify(request, bucket, ctx.credentials(), ctx.clock(), ctx.signatures());
            BucketNames.KS3.problem(bucket).ifPresent(problem -> {
                throw new Ks3Exception(InvalidBucketName, problem);
            });
            if (!credential.allows(bucket)) {
                throw new Ks3Exception(AccessDenied,
                        "access key '" + credential.accessKey() + "' may not manage bucket '" + bucket + "'");
            }
            // Only after authentication: strangers must not learn which buckets exist.
            if (!ctx.buckets().exists(bucket)) {
                throw new Ks3Exception(NoSuchBucket, "the bucket '" + bucket + "' does not exist");
            }
            if (!request.hasQueryParam("notification")) {
                throw notServed(request);
            }
            Map<String, String> idHeader = Map.of(REQUEST_ID_HEADER, requestId);
            return switch (request.method()) {
                case "PUT" -> put(request, bucket, ctx, idHeader);
                case "GET" -> get(bucket, ctx, requestId);
                case "DELETE" -> {
                    ctx.rules().delete(bucket, Ks3Dialect.ID);
                    yield HttpReply.empty(204, idHeader);
                }
                default -> throw notServed(request);
            };
        } catch (Ks3Exception e) {
            return error(e.error(), e.getMessage(), bucket, requestId);
        } catch (StoreUnavailableException e) {
            return error(ServiceUnavailable, "Herald cannot reach its store or the backend right now (" + e.getMessage()
                    + "); retry later", bucket, requestId);
        } catch (RuntimeException e) {
            // Never the exception's text: it may describe Herald's internals (paths, SQL).
            return error(Ks3ErrorCode.InternalError, "Herald could not answer this request; retry later, and quote "
                    + "request id " + requestId + " when reporting it", bucket, requestId);
        }
    }

    /** Replaces the bucket's KS3 rules with the body's; an empty list leaves none. */
    private HttpReply put(HttpRequestView request, String bucket, ConfigContext ctx, Map<String, String> idHeader) {
        if (request.body().length > MAX_RULES_BODY_BYTES) {
            throw new Ks3Exception(EntityTooLarge, "the rules are " + request.body().length
                    + " bytes long; Herald accepts at most " + MAX_RULES_BODY_BYTES + " per PUT Bucket Notification");
        }
        Ks3Notifications rules = validator.validate(request.body(), ctx.targets());
        if (rules.rules().isEmpty()) {
            ctx.rules().delete(bucket, Ks3Dialect.ID);
        } else {
            ctx.rules().save(bucket, Ks3Dialect.ID, rules.json());
        }
        return HttpReply.empty(200, idHeader);
    }

    /** The stored document as it was put; KS3 answers 404 rather than an empty list. */
    private static HttpReply get(String bucket, ConfigContext ctx, String requestId) {
        Ks3Notifications stored = ctx.rules().load(bucket, Ks3Dialect.ID)
                .map(Ks3Notifications::fromStoredJson)
                .filter(rules -> !rules.rules().isEmpty())
                .orElseThrow(() -> new Ks3Exception(NoSuchBucketNotification,
                        "the bucket '" + bucket + "' has no notification rules"));
        return new HttpReply(200, Map.of(REQUEST_ID_HEADER, requestId, "Content-Type", "application/json"),
                stored.json().getBytes(StandardCharsets.UTF_8));
    }

    private static Ks3Exception notServed(HttpRequestView request) {
        String operation = request.method() + (request.hasQueryParam("notification") ? " ?notification" : "");
        return new Ks3Exception(MethodNotAllowed, operation
                + " is not a KS3 operation Herald serves; it serves PUT, GET and DELETE ?notification");
    }

    private static HttpReply error(Ks3ErrorCode error, String message, String bucket, String requestId) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + error.code() + "</Code><Message>"
                + xmlText(message) + "</Message><Resource>/" + xmlText(bucket == null ? "" : bucket)
                + "</Resource><RequestId>" + xmlText(requestId) + "</RequestId></Error>";
        return new HttpReply(error.httpStatus(), Map.of(REQUEST_ID_HEADER, requestId, "Content-Type", "application/xml"),
                xml.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Escapes XML's five special characters; characters XML 1.0 cannot carry at all (control
     * characters, unpaired surrogates, U+FFFE/U+FFFF), which a message may quote from a request,
     * become U+FFFD so that the answer stays well-formed.
     */
    static String xmlText(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.appendCodePoint(isXmlChar(c) ? c : 0xFFFD);
            }
        }
        return out.toString();
    }

    private static boolean isXmlChar(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                || c >= 0x10000 && c <= 0x10FFFF;
    }
}
