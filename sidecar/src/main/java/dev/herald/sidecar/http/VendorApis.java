package dev.herald.sidecar.http;

import dev.herald.dialects.ConfigContext;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.bos.BosConfigApi;

import java.util.Locale;

/**
 * Finds the vendor API a request is for and which bucket it names, then hands it to that
 * dialect's config API. Only addressing lives here; every answer's format is the dialect's.
 */
public final class VendorApis {
    private static final String BOS_PATH_PREFIX = "/v1/";

    private final BosConfigApi bos;
    private final String bosHostSuffix;
    private final ConfigContext context;

    public VendorApis(BosConfigApi bos, String bosHostSuffix, ConfigContext context) {
        this.bos = bos;
        this.bosHostSuffix = bosHostSuffix == null ? null : "." + bosHostSuffix.toLowerCase(Locale.ROOT);
        this.context = context;
    }

    /** The vendor API's answer, or {@code null} when the request is not for a vendor API. */
    public HttpReply route(HttpRequestView request) {
        if (!request.hasQueryParam("notification") && !request.hasQueryParam("event")) {
            return null;
        }
        String path = request.rawPath();
        String bucket = virtualHostBucket(request.header("Host"));
        if (bucket != null) {
            return path.equals("/") ? bos.handle(request, bucket, context) : null;
        }
        if (path.startsWith(BOS_PATH_PREFIX)) {
            String rest = path.substring(BOS_PATH_PREFIX.length());
            if (rest.endsWith("/")) {
                rest = rest.substring(0, rest.length() - 1);
            }
            if (!rest.isEmpty() && rest.indexOf('/') < 0) {
                return bos.handle(request, HttpRequestView.percentDecode(rest), context);
            }
        }
        return null;
    }

    private String virtualHostBucket(String host) {
        if (host == null || bosHostSuffix == null) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon) {
            h = h.substring(0, colon);
        }
        if (h.endsWith(bosHostSuffix) && h.length() > bosHostSuffix.length()) {
            return h.substring(0, h.length() - bosHostSuffix.length());
        }
        return null;
    }
}
