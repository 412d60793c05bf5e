package dev.herald.dialects.ks3;

import java.util.Locale;
import java.util.Optional;

/**
 * The four Authorization forms KS3 clients send (docs/ks3.md, "Signing"). The KS3 Java SDK signs with
 * the {@code KSS} names and {@code x-kss-*} headers; the KS3 Go SDK (a fork of aws-sdk-go) signs
 * the same algorithms under the AWS names and {@code x-amz-*} headers.
 */
enum Ks3AuthScheme {
    /** {@code KSS ak:sig}, HMAC-SHA1 (KS3 Java SDK, signer V2). */
    KSS("KSS", "x-kss-"),
    /** {@code AWS ak:sig}, HMAC-SHA1 (KS3 Go SDK, signer v2). */
    AWS("AWS", "x-amz-"),
    /** {@code KSS4-HMAC-SHA256 Credential=ak/date/region/ks3/kss4_request, ...} (KS3 Java SDK, signer V4). */
    KSS4("KSS4-HMAC-SHA256", "x-kss-"),
    /** {@code AWS4-HMAC-SHA256 Credential=ak/date/region/s3/aws4_request, ...}: standard SigV4 (KS3 Go SDK, signer v4). */
    AWS4("AWS4-HMAC-SHA256", "x-amz-");

    /** The Authorization header's first word. */
    final String algorithm;
    /** Prefix of the vendor headers: signed as a group in V2, and naming the date and payload-hash headers. */
    final String headerPrefix;

    Ks3AuthScheme(String algorithm, String headerPrefix) {
        this.algorithm = algorithm;
        this.headerPrefix = headerPrefix;
    }

    /** The scheme of an Authorization header value: its first word followed by a space, case-sensitive. */
    static Optional<Ks3AuthScheme> of(String authorization) {
        for (Ks3AuthScheme scheme : values()) {
            if (authorization.startsWith(scheme.algorithm + " ")) {
                return Optional.of(scheme);
            }
        }
        return Optional.empty();
    }

    boolean isV4() {
        return this == KSS4 || this == AWS4;
    }

    /** {@code x-kss-date} / {@code x-amz-date}. */
    String dateHeader() {
        return headerPrefix + "date";
    }

    /** {@code x-kss-content-sha256} / {@code x-amz-content-sha256} (V4 only). */
    String contentSha256Header() {
        return headerPrefix + "content-sha256";
    }

    /** What V4 prepends to the secret for the first key-derivation step: {@code KSS4} / {@code AWS4}. */
    String secretPrefix() {
        return algorithm.substring(0, 4);
    }

    /** The last element of a V4 credential scope: {@code kss4_request} / {@code aws4_request}. */
    String scopeTerminator() {
        return secretPrefix().toLowerCase(Locale.ROOT) + "_request";
    }

    /**
     * Whether V4 canonical header values have runs of spaces collapsed to one: SigV4 says so, but
     * the KS3 Java SDK's {@code Ks3V4Signer} only trims, so KSS4 values keep inner spaces as sent.
     */
    boolean collapsesHeaderSpaces() {
        return this == AWS4;
    }
}
