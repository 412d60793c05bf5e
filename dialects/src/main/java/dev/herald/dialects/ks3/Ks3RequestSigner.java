package dev.herald.dialects.ks3;

import dev.herald.dialects.HttpRequestView;

/**
 * Signs a request with KS3 signature V2 the way the KS3 Java SDK's {@code AuthUtils} does
 * (vendors.md §3.7), for clients of Herald's KS3 API: {@code Authorization: KSS <AccessKeyId>:<Signature>}.
 * The string to sign is {@link Ks3SignatureV2}'s first reading, the SDK's, so that what this signs
 * is exactly what Herald verifies.
 */
public final class Ks3RequestSigner {
    private Ks3RequestSigner() {
    }

    /**
     * The Authorization header value for {@code request}, which must carry its {@code Date} and
     * whatever else it sends that is signed: {@code Content-MD5}, {@code Content-Type} and the
     * {@code x-kss-*} headers.
     *
     * @param bucket the bucket the request addresses: V2 signs {@code /bucket/key}
     * @throws IllegalArgumentException when the request has no {@code Date}
     */
    public static String authorization(HttpRequestView request, String bucket, String accessKey, String secretKey) {
        if (request.header("Date") == null) {
            throw new IllegalArgumentException("a KS3 V2 request is signed with its Date header; it has none");
        }
        String stringToSign = Ks3SignatureV2.stringsToSign(request, bucket, Ks3AuthScheme.KSS).getFirst();
        return Ks3AuthScheme.KSS.algorithm + " " + accessKey + ":" + Ks3SignatureV2.sign(secretKey, stringToSign);
    }
}
