package dev.herald.sidecar.http;

import dev.herald.dialects.ConfigContext;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.VendorConfigApi;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The vendor config APIs as the route table's fallback: each is asked whether it claims the
 * request; a virtual-host claim ({@code Host: {bucket}.{hostSuffix}}) wins over a path-style one,
 * and path-style ones go in the order given. A {@code ?notification} request for one bucket that no
 * API claims — unsigned, or signed with no scheme Herald knows — is refused 403 with a neutral
 * body, as S3-family servers refuse an unsigned request, rather than looking like a missing route.
 */
public final class VendorApis implements RouteTable.Fallback {
    private final List<VendorConfigApi> apis;
    private final Supplier<ConfigContext> contexts;

    /** @param contexts a context for each request (it may remember who signed it) */
    public VendorApis(List<VendorConfigApi> apis, Supplier<ConfigContext> contexts) {
        this.apis = List.copyOf(apis);
        this.contexts = contexts;
    }

    @Override
    public HttpReply answer(HttpRequestView request) {
        ConfigContext context = contexts.get();
        VendorConfigApi pathStyle = null;
        VendorConfigApi.Claim pathClaim = null;
        for (VendorConfigApi api : apis) {
            Optional<VendorConfigApi.Claim> claim = api.claim(request);
            if (claim.isPresent() && claim.get().virtualHost()) {
                return api.handle(request, claim.get(), context);
            }
            if (claim.isPresent() && pathStyle == null) {
                pathStyle = api;
                pathClaim = claim.get();
            }
        }
        if (pathStyle != null) {
            return pathStyle.handle(request, pathClaim, context);
        }
        if (request.hasQueryParam("notification") && isOneSegment(request.rawPath())) {
            return JsonReply.error(403, "access_denied", "sign the request with a vendor scheme Herald serves: "
                    + "bce-auth-v1 (BOS, at /v1/{bucket}), QS (QingStor) or KSS / KSS4-HMAC-SHA256 / AWS / AWS4-HMAC-SHA256 (KS3)");
        }
        return null;
    }

    private static boolean isOneSegment(String path) {
        if (path.length() <= 1) {
            return false;
        }
        String rest = path.endsWith("/") ? path.substring(1, path.length() - 1) : path.substring(1);
        return !rest.isEmpty() && rest.indexOf('/') < 0;
    }
}
