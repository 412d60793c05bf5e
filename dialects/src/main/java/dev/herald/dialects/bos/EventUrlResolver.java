package dev.herald.dialects.bos;

import dev.herald.dialects.TargetPolicy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a rule's {@code eventUrl} into the http(s) URL Herald delivers to. Custom apps
 * ({@code http}/{@code https}) are delivered as they are; BOS platform targets ({@code brn:} CFC
 * functions, {@code app:} official apps) only if the operator maps them to an http(s) URL in
 * {@link BosSettings#appUrls()}. Either way the delivery URL must pass the {@link TargetPolicy}.
 */
final class EventUrlResolver {
    private final Map<String, String> appUrls;

    EventUrlResolver(Map<String, String> appUrls) {
        this.appUrls = appUrls;
    }

    /**
     * @throws IllegalArgumentException with a reason that starts with the quoted eventUrl
     */
    String deliveryUrl(String eventUrl, TargetPolicy targets) {
        String quoted = "'" + eventUrl + "'";
        String scheme = scheme(eventUrl);
        String target = switch (scheme) {
            case "http", "https" -> eventUrl;
            case "brn", "app" -> {
                String mapped = appUrls.get(eventUrl);
                if (mapped == null) {
                    throw new IllegalArgumentException(quoted + " is a BOS " + (scheme.equals("brn")
                            ? "CFC function" : "official app") + "; Herald can only deliver it if "
                            + "dialects.bos.appUrls maps it to an http(s) URL");
                }
                yield mapped;
            }
            default -> throw new IllegalArgumentException(quoted + " must be an http or https URL "
                    + "(or a brn:/app: URL mapped by dialects.bos.appUrls)");
        };
        URI uri;
        try {
            uri = httpUri(target);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(quoted + " " + e.getMessage(), e);
        }
        targets.refusal(uri).ifPresent(reason -> {
            throw new IllegalArgumentException(quoted + " is refused as a delivery target"
                    + (target.equals(eventUrl) ? "" : " (mapped to '" + target + "')") + ": " + reason);
        });
        return target;
    }

    /** True for eventUrls that name a BOS platform target rather than a URL. */
    static boolean isPlatformUrl(String eventUrl) {
        String scheme = scheme(eventUrl);
        return scheme.equals("brn") || scheme.equals("app");
    }

    /**
     * @throws IllegalArgumentException unless {@code url} is an absolute http(s) URL with a host
     */
    static URI httpUri(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("is not an absolute http(s) URL with a host");
        }
        return uri;
    }

    private static String scheme(String url) {
        int colon = url.indexOf(':');
        return colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
    }
}
