package dev.herald.adapter.backend;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.URI;
import java.time.Duration;

/**
 * The S3 server behind Herald (MinIO or Ceph RGW), through the AWS SDK v2: path-style addressing
 * (self-hosted servers rarely have wildcard DNS) and checksums only where an operation requires
 * them (Ceph 16 rejects the SDK's default CRC trailers).
 */
public final class S3Backend implements AutoCloseable {
    private final S3Client s3;
    private final URI endpoint;

    private S3Backend(S3Client s3, URI endpoint) {
        this.s3 = s3;
        this.endpoint = endpoint;
    }

    public static S3Backend connect(URI endpoint, String accessKey, String secretKey, String region) {
        S3Client s3 = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
        return new S3Backend(s3, endpoint);
    }

    /**
     * HeadBucket. A 403 counts as existing: the bucket is there, the backend user just may not
     * look at it, and a config API must not claim otherwise.
     *
     * @throws BackendUnavailableException when the backend does not answer or answers an error
     */
    public boolean bucketExists(String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            if (e.statusCode() == 403) {
                return true;
            }
            throw unavailable("HeadBucket " + bucket, e);
        } catch (SdkException e) {
            throw unavailable("HeadBucket " + bucket, e);
        }
    }

    /** @throws BackendUnavailableException when the object could not be written */
    public void putObject(String bucket, String key, byte[] body, String contentType) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(body));
        } catch (SdkException e) {
            throw unavailable("PutObject " + bucket + "/" + key, e);
        }
    }

    private BackendUnavailableException unavailable(String call, SdkException e) {
        String status = e instanceof S3Exception s3e ? " (HTTP " + s3e.statusCode() + ")" : "";
        return new BackendUnavailableException(call + " on " + endpoint + " failed" + status + ": "
                + firstLine(e.getMessage()), e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no details";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public void close() {
        s3.close();
    }
}
