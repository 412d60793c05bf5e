package dev.herald.sidecar.http;

import dev.herald.dialects.ConfigContext;
import dev.herald.dialects.HttpReply;
import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.bos.BosConfigApi;
import dev.herald.dialects.ks3.Ks3Auth;
import dev.herald.dialects.ks3.Ks3ConfigApi;
import dev.herald.dialects.qingstor.QingStorAuth;
import dev.herald.dialects.qingstor.QingStorConfigApi;

import java.util.Locale;

/**
 * Which vendor API a {@code ?notification} / {@code ?event} request is for, and which bucket it
 * addresses.
 *
 * <ul>
 *   <li>Virtual-host style: {@code Host: {bucket}.{hostSuffix}} with path {@code /}; the configured
 *       suffix names the vendor ({@code dialects.bos.hostSuffix}, {@code dialects.ks3.hostSuffix}).</li>
 *   <li>Path style: BOS uses {@code /v1/{bucket}}; KS3 and QingStor use {@code /{bucket}} and are
 *       told apart by the Authorization scheme (KS3: {@code KSS}, {@code KSS4-HMAC-SHA256}, or the
 *       {@code AWS} forms the KS3 Go SDK sends; QingStor: {@code QS}, or its signed query).</li>
 * </ul>
 */
public final class VendorApis {
    private static final String BOS_PATH_PREFIX = "/v1/";

    private final BosConfigApi bos;
    private final String bosHostSuffix;
    private final Ks3ConfigApi ks3;
    private final String ks3HostSuffix;
    private final QingStorConfigApi qingstor;
    private final String qingstorHostSuffix;
    private final ConfigContext context;

    public VendorApis(BosConfigApi bos, String bosHostSuffix, Ks3ConfigApi ks3, String ks3HostSuffix,
                      QingStorConfigApi qingstor, String qingstorHostSuffix, ConfigContext context) {
        this.bos = bos;
        this.bosHostSuffix = dotted(bosHostSuffix);
        this.ks3 = ks3;
        this.ks3HostSuffix = dotted(ks3HostSuffix);
        this.qingstor = qingstor;
        this.qingstorHostSuffix = dotted(qingstorHostSuffix);
        this.context = context;
    }

    /** The vendor API's answer, or {@code null} when the request is not for a vendor API. */
    public HttpReply route(HttpRequestView request) {
        boolean notification = request.hasQueryParam("notification");
        if (!notification && !request.hasQueryParam("event")) {
            return null;
        }
        String path = request.rawPath();
        String host = hostWithoutPort(request.header("Host"));
        String bucket = bucketOf(host, bosHostSuffix);
        if (bucket != null) {
            return path.equals("/") ? bos.handle(request, bucket, context) : null;
        }
        bucket = bucketOf(host, ks3HostSuffix);
        if (bucket != null) {
            return path.equals("/") && notification ? ks3.handle(request, bucket, context) : null;
        }
        bucket = bucketOf(host, qingstorHostSuffix);
        if (bucket != null) {
            return path.equals("/") && notification ? qingstor.handle(request, bucket, true, context) : null;
        }
        if (path.startsWith(BOS_PATH_PREFIX)) {
            bucket = singleSegment(path.substring(BOS_PATH_PREFIX.length()));
            return bucket == null ? null : bos.handle(request, bucket, context);
        }
        if (notification && Ks3Auth.claims(request)) {
            bucket = singleSegment(path.substring(1));
            return bucket == null ? null : ks3.handle(request, bucket, context);
        }
        if (notification && QingStorAuth.claims(request)) {
            bucket = singleSegment(path.substring(1));
            return bucket == null ? null : qingstor.handle(request, bucket, false, context);
        }
        return null;
    }

    /** {@code bucket} or {@code bucket/}, percent-decoded; {@code null} for anything deeper or empty. */
    private static String singleSegment(String rest) {
        String segment = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
        return segment.isEmpty() || segment.indexOf('/') >= 0 ? null : HttpRequestView.percentDecode(segment);
    }

    private static String bucketOf(String host, String dottedSuffix) {
        if (host == null || dottedSuffix == null) {
            return null;
        }
        return host.endsWith(dottedSuffix) && host.length() > dottedSuffix.length()
                ? host.substring(0, host.length() - dottedSuffix.length()) : null;
    }

    private static String hostWithoutPort(String host) {
        if (host == null) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        return colon > 0 && h.indexOf(']') < colon ? h.substring(0, colon) : h;
    }

    private static String dotted(String suffix) {
        return suffix == null ? null : "." + suffix.toLowerCase(Locale.ROOT);
    }
}
