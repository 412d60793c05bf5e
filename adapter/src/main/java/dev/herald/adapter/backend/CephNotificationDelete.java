package dev.herald.adapter.backend;

import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Ceph RGW's own {@code DELETE /{bucket}?notification[={id}]}: removes one notification
 * configuration (or all). The AWS SDK has no such operation, and Ceph 16 refuses the standard way
 * of removing the last one (an empty {@code PutBucketNotificationConfiguration}: "at least one
 * 'TopicConfiguration' must exist"), so the request is SigV4-signed here with the S3 client's own
 * endpoint, region and credentials.
 */
public final class CephNotificationDelete {
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private CephNotificationDelete() {
    }

    /**
     * @param id the configuration to remove, or {@code null} for all of the bucket's
     * @throws BackendUnavailableException when RGW does not answer 2xx
     */
    public static void delete(S3Client s3, String bucket, String id) {
        S3ServiceClientConfiguration config = s3.serviceClientConfiguration();
        URI endpoint = config.endpointOverride()
                .orElseThrow(() -> new IllegalStateException("the S3 client needs an endpoint override pointing at RGW"));
        AwsCredentialsIdentity credentials = config.credentialsProvider().resolveIdentity().join();
        String basePath = endpoint.getRawPath() == null ? "" : endpoint.getRawPath().replaceAll("/+$", "");
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.DELETE)
                .uri(endpoint)
                .encodedPath(basePath + "/" + SdkHttpUtils.urlEncode(bucket))
                .putRawQueryParameter("notification", id)
                .putHeader("x-amz-content-sha256", EMPTY_SHA256)
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials)
                .request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, config.region().id()));
        String call = "DELETE /" + bucket + "?notification" + (id == null ? "" : "=" + id);
        try (SdkHttpClient http = UrlConnectionHttpClient.create()) {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request()).build()).call();
            int status = response.httpResponse().statusCode();
            String body = "";
            if (response.responseBody().isPresent()) {
                try (InputStream in = response.responseBody().get()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            if (status / 100 != 2) {
                throw new BackendUnavailableException(call + " answered " + status + ": " + S3Backend.firstLine(body), null);
            }
        } catch (IOException e) {
            throw new BackendUnavailableException(call + " failed: " + e.getMessage(), e);
        }
    }
}
