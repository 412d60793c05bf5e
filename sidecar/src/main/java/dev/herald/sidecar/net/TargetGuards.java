package dev.herald.sidecar.net;

import java.net.URI;
import java.util.List;

/** The SSRF guard as the config describes it: Herald builds it to deliver, {@code herald doctor} to check rules. */
public final class TargetGuards {
    private TargetGuards() {
    }

    /**
     * @param allowTargets       {@code delivery.allowTargets}
     * @param moderationEndpoint QingStor's moderation endpoint, which Herald itself calls; may be null
     * @throws IllegalArgumentException for an allowlist entry that is neither a CIDR nor host[:port]
     */
    public static TargetGuard of(boolean allowPrivateTargets, List<String> allowTargets, String moderationEndpoint) {
        TargetAllowlist allowlist = TargetAllowlist.parse(allowTargets);
        if (moderationEndpoint != null) {
            URI u = URI.create(moderationEndpoint);
            if (u.getHost() != null) {
                allowlist = allowlist.with(u.getHost(), u.getPort() != -1 ? u.getPort()
                        : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80);
            }
        }
        return new TargetGuard(allowPrivateTargets, allowlist);
    }
}
