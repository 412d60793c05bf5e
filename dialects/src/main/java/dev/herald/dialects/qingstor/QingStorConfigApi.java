package dev.herald.dialects.qingstor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.BucketAddress;
import dev.herald.dialects.BucketNames;
import dev.herald.dialects.ConfigContext;
import dev.herald.dialects.Credential;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.StoreUnavailableException;
import dev.herald.dialects.VendorConfigApi;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.herald.dialects.qingstor.QingStorErrorCode.BUCKET_NOT_EXISTS;
import static dev.herald.dialects.qingstor.QingStorErrorCode.ENTITY_TOO_LARGE;
import static dev.herald.dialects.qingstor.QingStorErrorCode.INTERNAL_ERROR;
import static dev.herald.dialects.qingstor.QingStorErrorCode.INVALID_BUCKET_NAME;
import static dev.herald.dialects.qingstor.QingStorErrorCode.INVALID_ARGUMENT;
import static dev.herald.dialects.qingstor.QingStorErrorCode.METHOD_NOT_ALLOWED;
import static dev.herald.dialects.qingstor.QingStorErrorCode.PERMISSION_DENIED;
import static dev.herald.dialects.qingstor.QingStorErrorCode.SERVICE_UNAVAILABLE;

/**
 * The QingStor bucket notification API for one bucket (docs/qingstor.md, "Routes"): {@code PUT ?notification}
 * validates the body ({@link QingStorRuleValidator}) and replaces the bucket's whole QingStor rule
 * set (200, empty body; an empty list leaves none); {@code GET} answers the stored document exactly
 * as it was put, or {@code {"notifications":[]}} without rules (200, {@code application/json});
 * {@code DELETE} removes them (204, also when there were none).
 *
 * <p>Every request must be signed ({@link QingStorAuth}) by a credential allowed on the bucket
 * ({@code permission_denied}), and the bucket must exist on the backend ({@code bucket_not_exists},
 * checked only after authentication so that strangers learn nothing). An {@code image} rule's
 * {@code save_bucket} other than the bucket itself must also be allowed to the signer
 * ({@code permission_denied}: Herald writes results with its own backend credentials) and exist
 * ({@code invalid_argument}). Every answer carries {@code x-qs-request-id}; errors are QingStor's
 * JSON {@code {"code","message","request_id","url"}}.
 */
public final class QingStorConfigApi implements VendorConfigApi {
    private static final String REQUEST_ID_HEADER = "x-qs-request-id";
    /** Where QingStor's error bodies point; Herald's codes are QingStor's, so the page still explains them. */
    static final String ERROR_DOC_URL = "https://docs.qingcloud.com/qingstor/api/error_code.html";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final QingStorRuleValidator validator;
    private final String hostSuffix;

    /** @param hostSuffix virtual-host addressing: requests to {@code {bucket}.{hostSuffix}}, or {@code null} */
    public QingStorConfigApi(QingStorSettings settings, String hostSuffix) {
        this.validator = new QingStorRuleValidator(settings);
        this.hostSuffix = hostSuffix;
    }

    /** {@code ?notification} on {@code {bucket}.{hostSuffix}}, or on {@code /{bucket}} signed {@code QS} (or a signed query). */
    @Override
    public Optional<Claim> claim(HttpRequestView request) {
        return BucketAddress.notification(request, hostSuffix, QingStorAuth.claims(request));
    }

    @Override
    public HttpReply handle(HttpRequestView request, Claim claim, ConfigContext ctx) {
        return handle(request, claim.bucket(), claim.virtualHost(), ctx);
    }

    /**
     * Answers one request for {@code bucket}; never throws.
     *
     * @param virtualHost whether the bucket came from the Host header rather than the path (it changes what is signed)
     */
    public HttpReply handle(HttpRequestView request, String bucket, boolean virtualHost, ConfigContext ctx) {
        String requestId = ctx.ids().get();
        try {
            Credential credential = QingStorAuth.verify(request, bucket, virtualHost, ctx.credentials(), ctx.clock(),
                    ctx.signatures());
            BucketNames.QINGSTOR.problem(bucket).ifPresent(problem -> {
                throw new QingStorException(INVALID_BUCKET_NAME, problem);
            });
            if (!credential.allows(bucket)) {
                throw new QingStorException(PERMISSION_DENIED,
                        "access key '" + credential.accessKey() + "' may not manage bucket '" + bucket + "'");
            }
            if (!ctx.buckets().exists(bucket)) {
                throw new QingStorException(BUCKET_NOT_EXISTS, "the bucket '" + bucket + "' does not exist");
            }
            if (!request.hasQueryParam("notification")) {
                throw notServed(request);
            }
            Map<String, String> idHeader = Map.of(REQUEST_ID_HEADER, requestId);
            return switch (request.method()) {
                case "PUT" -> put(request, bucket, credential, ctx, idHeader);
                case "GET" -> new HttpReply(200, Map.of(REQUEST_ID_HEADER, requestId, "Content-Type", "application/json"),
                        ctx.rules().load(bucket, QingStorDialect.ID).orElse(QingStorNotifications.NONE_JSON)
                                .getBytes(StandardCharsets.UTF_8));
                case "DELETE" -> {
                    ctx.rules().delete(bucket, QingStorDialect.ID);
                    yield HttpReply.empty(204, idHeader);
                }
                default -> throw notServed(request);
            };
        } catch (QingStorException e) {
            return error(e.error(), e.getMessage(), requestId);
        } catch (StoreUnavailableException e) {
            return error(SERVICE_UNAVAILABLE, "Herald cannot reach its store or the backend right now (" + e.getMessage()
                    + "); retry later", requestId);
        } catch (RuntimeException e) {
            // Not the exception's own text: it may describe Herald's internals.
            return error(INTERNAL_ERROR, "Herald could not answer this request; retry later, and quote request id "
                    + requestId + " when reporting it", requestId);
        }
    }

    private HttpReply put(HttpRequestView request, String bucket, Credential credential, ConfigContext ctx,
                          Map<String, String> idHeader) {
        if (request.body().length > MAX_RULES_BODY_BYTES) {
            throw new QingStorException(ENTITY_TOO_LARGE, "the rules are " + request.body().length
                    + " bytes long; Herald accepts at most " + MAX_RULES_BODY_BYTES + " per PUT Bucket Notification");
        }
        QingStorNotifications rules = validator.validate(request.body(), bucket, ctx.targets());
        checkSaveBuckets(rules.rules(), bucket, credential, ctx);
        if (rules.rules().isEmpty()) {
            ctx.rules().delete(bucket, QingStorDialect.ID);
        } else {
            ctx.rules().save(bucket, QingStorDialect.ID, rules.json());
        }
        return HttpReply.empty(200, idHeader);
    }

    private static void checkSaveBuckets(List<QingStorNotifications.Rule> rules, String bucket, Credential credential,
                                         ConfigContext ctx) {
        for (int i = 0; i < rules.size(); i++) {
            QingStorNotifications.ImageArgs image = rules.get(i).image();
            if (image == null || image.saveBucket() == null || image.saveBucket().equals(bucket)) {
                continue;
            }
            String field = "notifications[" + i + "].cloudfunc_args.save_bucket '" + image.saveBucket() + "'";
            if (!credential.allows(image.saveBucket())) {
                throw new QingStorException(PERMISSION_DENIED, field + ": access key '" + credential.accessKey()
                        + "' may not write to that bucket");
            }
            if (!ctx.buckets().exists(image.saveBucket())) {
                throw new QingStorException(INVALID_ARGUMENT, field + " does not exist");
            }
        }
    }

    private static QingStorException notServed(HttpRequestView request) {
        String operation = request.method() + (request.hasQueryParam("notification") ? " ?notification" : "");
        return new QingStorException(METHOD_NOT_ALLOWED, operation
                + " is not a QingStor operation Herald serves; it serves PUT, GET and DELETE ?notification");
    }

    private static HttpReply error(QingStorErrorCode error, String message, String requestId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("code", error.code());
        body.put("message", message);
        body.put("request_id", requestId);
        body.put("url", ERROR_DOC_URL);
        return new HttpReply(error.httpStatus(), Map.of(REQUEST_ID_HEADER, requestId, "Content-Type", "application/json"),
                body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
