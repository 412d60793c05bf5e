package dev.herald.dialects.qingstor;

import dev.herald.dialects.HttpRequestView;

/**
 * Signs a path-style request the way the QingStor SDKs do (vendors.md §2.5), for clients of
 * Herald's QingStor API: {@code Authorization: QS <access_key_id>:<signature>}. The string to sign
 * and the canonical resource are {@link QingStorAuth}'s, so that what this signs is exactly what
 * Herald verifies.
 */
public final class QingStorRequestSigner {
    private QingStorRequestSigner() {
    }

    /**
     * The Authorization header value for {@code request}, which must carry its time in {@code Date}
     * (or {@code X-QS-Date}, which then leaves the Date line empty) and whatever else it sends that
     * is signed: {@code Content-MD5}, {@code Content-Type} and the {@code x-qs-*} headers.
     *
     * @throws IllegalArgumentException when the request has neither {@code Date} nor {@code X-QS-Date}
     */
    public static String authorization(HttpRequestView request, String accessKey, String secretKey) {
        String dateLine;
        if (request.header("X-QS-Date") != null) {
            dateLine = "";
        } else if (request.header("Date") != null) {
            dateLine = request.header("Date");
        } else {
            throw new IllegalArgumentException("a QingStor request is signed with its Date or X-QS-Date header; it has neither");
        }
        // Path style: the bucket is in the path, which is signed as sent; the first reading is the documented one.
        String resource = QingStorAuth.canonicalResources(request, null, false).getFirst();
        return "QS " + accessKey + ":" + QingStorAuth.sign(secretKey, QingStorAuth.stringToSign(request, dateLine, resource));
    }
}
