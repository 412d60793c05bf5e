package dev.herald.dialects.bos;

/** The BCE error codes Herald's BOS API answers with, each with its HTTP status (docs/bos.md, "Errors"). */
public enum BosErrorCode {
    ACCESS_DENIED("AccessDenied", 403),
    NO_SUCH_BUCKET("NoSuchBucket", 404),
    INVALID_ACCESS_KEY_ID("InvalidAccessKeyId", 403),
    INVALID_HTTP_AUTH_HEADER("InvalidHTTPAuthHeader", 400),
    REQUEST_EXPIRED("RequestExpired", 400),
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 400),
    MALFORMED_JSON("MalformedJSON", 400),
    INAPPROPRIATE_JSON("InappropriateJSON", 400),
    INVALID_ARGUMENT("InvalidArgument", 400),
    INVALID_BUCKET_NAME("InvalidBucketName", 400),
    BAD_DIGEST("BadDigest", 400),
    ENTITY_TOO_LARGE("EntityTooLarge", 400),
    TOO_MANY_RULES("TooManyRules", 400),
    METHOD_NOT_ALLOWED("MethodNotAllowed", 405),
    INTERNAL_ERROR("InternalError", 500),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503);

    private final String code;
    private final int httpStatus;

    BosErrorCode(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The code as it appears in the JSON {@code code} field. */
    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
