package dev.herald.dialects.bos;

import dev.herald.dialects.BucketAddress;
import dev.herald.dialects.BucketNames;
import dev.herald.dialects.ConfigContext;
import dev.herald.dialects.Credential;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.StoreUnavailableException;
import dev.herald.dialects.VendorConfigApi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.herald.dialects.bos.BosErrorCode.ACCESS_DENIED;
import static dev.herald.dialects.bos.BosErrorCode.ENTITY_TOO_LARGE;
import static dev.herald.dialects.bos.BosErrorCode.INTERNAL_ERROR;
import static dev.herald.dialects.bos.BosErrorCode.INVALID_BUCKET_NAME;
import static dev.herald.dialects.bos.BosErrorCode.METHOD_NOT_ALLOWED;
import static dev.herald.dialects.bos.BosErrorCode.NO_SUCH_BUCKET;
import static dev.herald.dialects.bos.BosErrorCode.SERVICE_UNAVAILABLE;

/**
 * The BOS bucket APIs Herald serves, for one bucket: {@code PUT/GET/DELETE ?notification}
 * (PutNotification replaces the bucket's whole BOS rule set; GET without rules answers
 * {@code {"notifications":[]}}) and {@code POST ?event} (PostEvent: inject events, answered with
 * {@code {}} and the number of deliveries created in {@code x-herald-deliveries}).
 *
 * <p>Every request must carry a valid {@code bce-auth-v1} signature by a credential allowed on the
 * bucket. Every answer carries {@code x-bce-request-id}; errors are BCE JSON
 * {@code {"code","message","requestId"}} with the same id.
 */
public final class BosConfigApi implements VendorConfigApi {
    private static final String REQUEST_ID_HEADER = BceErrorReply.REQUEST_ID_HEADER;
    private static final String DELIVERIES_HEADER = "x-herald-deliveries";

    private static final String PATH_PREFIX = "/v1/";

    private final BosRuleValidator validator;
    private final String hostSuffix;

    public BosConfigApi(BosSettings settings) {
        this.validator = new BosRuleValidator(settings);
        this.hostSuffix = settings.hostSuffix();
    }

    /**
     * {@code /?notification} or {@code /?event} on {@code {bucket}.{hostSuffix}}, and every request
     * to {@code /v1/{bucket}}: a sub-resource BOS has but Herald does not serve is answered
     * {@code MethodNotAllowed}, not left to other routes.
     */
    @Override
    public Optional<Claim> claim(HttpRequestView request) {
        Optional<Claim> virtualHost = BucketAddress.virtualHost(request, hostSuffix)
                .filter(c -> request.hasQueryParam("notification") || request.hasQueryParam("event"));
        return virtualHost.isPresent() ? virtualHost : BucketAddress.path(request, PATH_PREFIX);
    }

    @Override
    public HttpReply handle(HttpRequestView request, Claim claim, ConfigContext ctx) {
        return handle(request, claim.bucket(), ctx);
    }

    /** Answers one request for {@code bucket}; never throws. */
    public HttpReply handle(HttpRequestView request, String bucket, ConfigContext ctx) {
        String requestId = ctx.ids().get();
        try {
            Credential credential = BceAuthV1.verify(request, ctx.credentials(), ctx.clock(), ctx.signatures());
            BucketNames.BOS.problem(bucket).ifPresent(problem -> {
                throw new BosException(INVALID_BUCKET_NAME, problem);
            });
            if (!credential.allows(bucket)) {
                throw new BosException(ACCESS_DENIED,
                        "access key '" + credential.accessKey() + "' may not manage bucket '" + bucket + "'");
            }
            if (!ctx.buckets().exists(bucket)) {
                throw new BosException(NO_SUCH_BUCKET, "bucket '" + bucket + "' does not exist on the storage backend");
            }
            return dispatch(request, bucket, ctx, requestId);
        } catch (BosException e) {
            return BceErrorReply.of(e.error(), e.getMessage(), requestId);
        } catch (StoreUnavailableException e) {
            // Store and backend failures say what failed (a disk, a backend refusing the wiring), never a secret.
            return BceErrorReply.of(SERVICE_UNAVAILABLE, "Herald could not carry out the request (" + e.getMessage()
                    + "); retry later", requestId);
        } catch (RuntimeException e) {
            // The cause stays out of the answer: it may describe Herald's internals.
            return BceErrorReply.of(INTERNAL_ERROR, "Herald failed to handle the request; retry later, or report request id "
                    + requestId + " if it persists", requestId);
        }
    }

    private HttpReply dispatch(HttpRequestView request, String bucket, ConfigContext ctx, String requestId) {
        Map<String, String> idHeader = Map.of(REQUEST_ID_HEADER, requestId);
        if (request.hasQueryParam("notification")) {
            switch (request.method()) {
                case "PUT" -> {
                    if (request.body().length > MAX_RULES_BODY_BYTES) {
                        throw new BosException(ENTITY_TOO_LARGE, "the rules are " + request.body().length
                                + " bytes long; Herald accepts at most " + MAX_RULES_BODY_BYTES + " per PutNotification");
                    }
                    BosNotifications rules = validator.validate(bucket, request.body(), ctx.targets());
                    ctx.rules().save(bucket, BosDialect.ID, rules.toStoredJson());
                    return HttpReply.empty(200, idHeader);
                }
                case "GET" -> {
                    BosNotifications rules = ctx.rules().load(bucket, BosDialect.ID)
                            .map(BosNotifications::fromStoredJson).orElse(BosNotifications.EMPTY);
                    return HttpReply.json(200, rules.toApiJson(), idHeader);
                }
                case "DELETE" -> {
                    ctx.rules().delete(bucket, BosDialect.ID);
                    return HttpReply.empty(200, idHeader);
                }
                default -> {
                }
            }
        } else if (request.hasQueryParam("event") && request.method().equals("POST")) {
            List<ObjectEvent> events = new BosPostEventReader(ctx.clock(), ctx.ids()).read(request.body(), bucket, requestId);
            int deliveries = ctx.publisher().publish(events, BosDialect.ID);
            return HttpReply.json(200, "{}", Map.of(REQUEST_ID_HEADER, requestId, DELIVERIES_HEADER, Integer.toString(deliveries)));
        }
        throw new BosException(METHOD_NOT_ALLOWED, request.method() + " is not a BOS operation Herald serves here; "
                + "it serves PUT, GET and DELETE ?notification and POST ?event");
    }
}
