package dev.herald.dialects;

import java.util.Optional;

/**
 * A vendor's bucket configuration API ({@code ?notification} and its neighbours). The sidecar
 * asks each in turn whether it claims a request; virtual-host claims ({@code Host:
 * {bucket}.{hostSuffix}}) win over path-style ones, which are told apart by path and by the
 * Authorization scheme.
 */
public interface VendorConfigApi {
    /**
     * Herald's cap on a rule PUT's body, below {@code server.maxBodyBytes}: a rule set is small, and every
     * stored byte is read again for each event on the bucket (docs/bos.md, "Limits").
     */
    int MAX_RULES_BODY_BYTES = 64 * 1024;

    /** The bucket this API would serve {@code request} for; empty when the request is not for this API. */
    Optional<Claim> claim(HttpRequestView request);

    /** Answers a request this API claimed; never throws. */
    HttpReply handle(HttpRequestView request, Claim claim, ConfigContext ctx);

    /** @param virtualHost whether the bucket came from the Host header rather than the path (it changes what is signed) */
    record Claim(String bucket, boolean virtualHost) {
    }
}
