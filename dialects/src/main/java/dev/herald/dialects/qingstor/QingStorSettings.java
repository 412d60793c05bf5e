package dev.herald.dialects.qingstor;

import java.net.URI;
import java.util.Locale;

/**
 * Operator settings of the QingStor dialect ({@code dialects.qingstor} in the config file).
 *
 * @param zoneId             the {@code zone_id} of every message (QingStor's zone, e.g. {@code pek3a});
 *                           {@link #DEFAULT_ZONE_ID} when {@code null} or blank
 * @param moderationEndpoint where the sidecar sends images of {@code tupu-porn} rules for a verdict,
 *                           or {@code null}: then {@code tupu-porn} rules are refused at PUT
 * @throws IllegalArgumentException when the moderation endpoint is not an absolute http(s) URL
 */
public record QingStorSettings(String zoneId, URI moderationEndpoint) {
    /** Herald is no QingStor zone; a fixed, recognisable name is more honest than a real zone's. */
    public static final String DEFAULT_ZONE_ID = "herald";

    public QingStorSettings {
        zoneId = zoneId == null || zoneId.isBlank() ? DEFAULT_ZONE_ID : zoneId.trim();
        if (moderationEndpoint != null) {
            String scheme = moderationEndpoint.getScheme() == null ? "" : moderationEndpoint.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || moderationEndpoint.getHost() == null) {
                throw new IllegalArgumentException("dialects.qingstor.moderationEndpoint must be an absolute http(s) URL, not '"
                        + moderationEndpoint + "'");
            }
        }
    }

    /** Default zone, no moderation service. */
    public static QingStorSettings defaults() {
        return new QingStorSettings(null, null);
    }
}
