package dev.herald.dialects.ks3;

/**
 * The error codes Herald's KS3 API answers with, each with its HTTP status. Each constant is named
 * exactly as the code appears on the wire ({@code <Error><Code>AccessDenied</Code>}). KS3 documents
 * only {@code NoSuchBucketNotification}, {@code AccessDenied} and {@code NoSuchBucket} (docs/ks3.md,
 * "Errors"); the others are the S3 codes for the same situations, which KS3's S3-style API shares.
 */
public enum Ks3ErrorCode {
    AccessDenied(403),
    InvalidAccessKeyId(403),
    SignatureDoesNotMatch(403),
    RequestTimeTooSkewed(403),
    AuthorizationHeaderMalformed(400),
    MalformedJSON(400),
    InvalidArgument(400),
    InvalidBucketName(400),
    BadDigest(400),
    EntityTooLarge(400),
    TooManyRules(400),
    NoSuchBucket(404),
    NoSuchBucketNotification(404),
    MethodNotAllowed(405),
    InternalError(500),
    ServiceUnavailable(503);

    private final int httpStatus;

    Ks3ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The code as it appears in {@code <Error><Code>}: the constant's own name. */
    public String code() {
        return name();
    }

    public int httpStatus() {
        return httpStatus;
    }
}
