package dev.herald.dialects.qingstor;

import java.util.Locale;

/**
 * The QingStor error codes Herald answers with (docs/qingstor.md, "Errors"; QingStor's {@code error_code.md}),
 * each with the HTTP status QingStor gives it; a constant's name, lower-cased, is the code on the
 * wire. QingStor documents no notification-specific code.
 */
public enum QingStorErrorCode {
    INVALID_ACCESS_KEY_ID(401),
    SIGNATURE_NOT_MATCHED(401),
    REQUEST_EXPIRED(403),
    PERMISSION_DENIED(403),
    INVALID_JSON(400),
    INVALID_REQUEST(400),
    INVALID_ARGUMENT(400),
    INVALID_BUCKET_NAME(400),
    BAD_DIGEST(400),
    ENTITY_TOO_LARGE(400),
    TOO_MANY_RULES(400),
    BUCKET_NOT_EXISTS(404),
    METHOD_NOT_ALLOWED(405),
    INTERNAL_ERROR(500),
    SERVICE_UNAVAILABLE(503);

    private final int httpStatus;

    QingStorErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The code as QingStor writes it in the error body's {@code code} field ({@code invalid_access_key_id}). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int httpStatus() {
        return httpStatus;
    }
}
