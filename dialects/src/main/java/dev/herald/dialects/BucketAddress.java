package dev.herald.dialects;

import java.util.Locale;
import java.util.Optional;

/** Where a config request names its bucket: the Host header's first label or one path segment. */
public final class BucketAddress {
    private BucketAddress() {
    }

    /**
     * The bucket of a virtual-host-style request ({@code Host: {bucket}.{hostSuffix}}, path
     * {@code /}); empty without a suffix, for another host, or for any other path.
     */
    public static Optional<VendorConfigApi.Claim> virtualHost(HttpRequestView request, String hostSuffix) {
        if (hostSuffix == null || !request.rawPath().equals("/")) {
            return Optional.empty();
        }
        String host = hostWithoutPort(request.header("Host"));
        String dotted = "." + hostSuffix.toLowerCase(Locale.ROOT);
        if (host == null || !host.endsWith(dotted) || host.length() == dotted.length()) {
            return Optional.empty();
        }
        return Optional.of(new VendorConfigApi.Claim(host.substring(0, host.length() - dotted.length()), true));
    }

    /** The bucket of a path-style request {@code {prefix}{bucket}} or {@code {prefix}{bucket}/}, percent-decoded. */
    public static Optional<VendorConfigApi.Claim> path(HttpRequestView request, String prefix) {
        String path = request.rawPath();
        if (!path.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = path.substring(prefix.length());
        String segment = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
        return segment.isEmpty() || segment.indexOf('/') >= 0 ? Optional.empty()
                : Optional.of(new VendorConfigApi.Claim(HttpRequestView.percentDecode(segment), false));
    }

    /**
     * The bucket of an S3-style {@code ?notification} request: virtual-host style on the suffix, or
     * path style {@code /{bucket}} when {@code signedWithScheme} says the Authorization is the dialect's.
     */
    public static Optional<VendorConfigApi.Claim> notification(HttpRequestView request, String hostSuffix,
            boolean signedWithScheme) {
        if (!request.hasQueryParam("notification")) {
            return Optional.empty();
        }
        Optional<VendorConfigApi.Claim> virtualHost = virtualHost(request, hostSuffix);
        return virtualHost.isPresent() || !signedWithScheme ? virtualHost : path(request, "/");
    }

    private static String hostWithoutPort(String host) {
        if (host == null) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        return colon > 0 && h.indexOf(']') < colon ? h.substring(0, colon) : h;
    }
}
