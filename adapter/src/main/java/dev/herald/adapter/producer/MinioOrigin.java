package dev.herald.adapter.producer;

import java.util.HexFormat;
import java.util.Locale;

/**
 * What a MinIO server adds of its own to a notification (ingress.md §1.1).
 *
 * @param region                {@code awsRegion} and {@code requestParameters.region}; {@code ""} when unset
 * @param requestId             {@code x-amz-request-id}
 * @param hostId                {@code x-amz-id-2}, the node id
 * @param deploymentId          {@code x-minio-deployment-id}
 * @param endpoint              {@code x-minio-origin-endpoint}
 * @param sourceIp              the client's address: {@code requestParameters.sourceIPAddress} and {@code source.host}
 * @param userAgent             the client's User-Agent: {@code source.userAgent}
 * @param sequencer             {@code s3.object.sequencer}
 * @param responseContentLength the S3 answer's Content-Length, in {@code responseElements} when it had one; or {@code null}
 */
public record MinioOrigin(String region, String requestId, String hostId, String deploymentId, String endpoint,
                          String sourceIp, String userAgent, String sequencer, String responseContentLength) {

    /**
     * A single local MinIO ({@code http://127.0.0.1:9000}) answering a client on the same host at
     * the change's time: request id and sequencer are that time's nanoseconds in upper-case hex,
     * as MinIO derives them, and a delete's answer has {@code content-length} 0 (the captured
     * delete, {@code shared/fixtures/minio-2024-01/webhook-06-delete-docs-readme.json}).
     */
    public static MinioOrigin local(ObjectChange change, String userAgent) {
        long nanos = change.time().getEpochSecond() * 1_000_000_000L + change.time().getNano();
        return new MinioOrigin("", Long.toHexString(nanos).toUpperCase(Locale.ROOT),
                "dd9025bab4ad464b049177c95eb6ebf374d3b3fd1af9251148b658df7ac2e3e8", "00000000-0000-0000-0000-000000000000",
                "http://127.0.0.1:9000", "127.0.0.1", userAgent, HexFormat.of().withUpperCase().toHexDigits(nanos),
                change.removed() ? "0" : null);
    }
}
