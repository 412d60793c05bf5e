package dev.herald.dialects.bos;

import java.util.Map;

/**
 * Operator settings of the BOS dialect ({@code dialects.bos} in the config file).
 *
 * @param domain     {@code content.domain} in pushes, or {@code null} to leave it out
 * @param appUrls    where Herald delivers {@code brn:} (CFC function) and {@code app:} (official app)
 *                   eventUrls, keyed by the exact eventUrl; values are absolute http(s) URLs
 * @param hostSuffix virtual-host addressing: requests to {@code {bucket}.{hostSuffix}}, or {@code null}
 * @throws IllegalArgumentException when an appUrls entry maps something else than a
 *                                  {@code brn:}/{@code app:} URL, or maps to a non-http(s) URL
 */
public record BosSettings(String domain, Map<String, String> appUrls, String hostSuffix) {

    public BosSettings {
        appUrls = appUrls == null ? Map.of() : Map.copyOf(appUrls);
        appUrls.forEach((eventUrl, target) -> {
            String where = "dialects.bos.appUrls['" + eventUrl + "']";
            if (!EventUrlResolver.isPlatformUrl(eventUrl)) {
                throw new IllegalArgumentException(where + ": only brn: and app: eventUrls need a mapping");
            }
            try {
                EventUrlResolver.httpUri(target);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " maps to '" + target + "', which " + e.getMessage(), e);
            }
        });
    }
}
