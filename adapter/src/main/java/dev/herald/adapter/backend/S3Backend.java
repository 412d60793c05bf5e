package dev.herald.adapter.backend;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sns.SnsClient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The S3 server behind Herald (MinIO or Ceph RGW), through the AWS SDK v2: path-style addressing
 * (self-hosted servers rarely have wildcard DNS) and checksums only where an operation requires
 * them (Ceph 16 rejects the SDK's default CRC trailers).
 */
public final class S3Backend implements AutoCloseable {
    private final S3Client s3;
    private final S3Presigner presigner;
    private final URI endpoint;
    private final Region region;
    private final StaticCredentialsProvider credentials;

    private S3Backend(S3Client s3, S3Presigner presigner, URI endpoint, Region region, StaticCredentialsProvider credentials) {
        this.s3 = s3;
        this.presigner = presigner;
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
    }

    public static S3Backend connect(URI endpoint, String accessKey, String secretKey, String region) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        S3Presigner presigner = S3Presigner.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
        S3Client s3 = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
        return new S3Backend(s3, presigner, endpoint, Region.of(region), credentials);
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

    /**
     * ListBuckets: how many buckets these credentials see. One call checks the endpoint, the
     * credentials and the signature at once ({@code herald doctor}).
     *
     * @throws BackendUnavailableException when the backend does not answer or refuses the credentials
     */
    public int bucketCount() {
        try {
            return s3.listBuckets().buckets().size();
        } catch (SdkException e) {
            throw unavailable("ListBuckets", e);
        }
    }

    /** What HeadObject tells about an object. */
    /** @param versionId {@code null} when the bucket is not versioned */
    public record ObjectInfo(String contentType, long size, Instant lastModified, String storageClass, String eTag,
                             String versionId) {
    }

    /**
     * HeadObject; empty when the object is gone (deleted since the event).
     *
     * @throws BackendUnavailableException when the backend does not answer
     */
    public Optional<ObjectInfo> headObject(String bucket, String key) {
        try {
            HeadObjectResponse r = s3.headObject(b -> b.bucket(bucket).key(key));
            String eTag = r.eTag() == null ? null : r.eTag().replace("\"", "");
            return Optional.of(new ObjectInfo(r.contentType(), r.contentLength(), r.lastModified(),
                    r.storageClassAsString(), eTag, r.versionId()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw unavailable("HeadObject " + bucket + "/" + key, e);
        } catch (SdkException e) {
            throw unavailable("HeadObject " + bucket + "/" + key, e);
        }
    }

    /** One object of a listing: its current version as ListObjectsV2 shows it. */
    public record ListedObject(String key, String eTag, long size, Instant lastModified) {
    }

    /**
     * One page of a listing, in key order (UTF-8 binary order, as S3 lists).
     *
     * @param next the continuation token of the next page, {@code null} on the last page
     */
    public record ListingPage(List<ListedObject> objects, String next) {
    }

    /**
     * One ListObjectsV2 request: up to {@code pageSize} objects after {@code continuation} (the
     * first page when {@code null}). Keys come back raw: no {@code encoding-type=url}, whose
     * decoding the SDK would leave to the caller.
     *
     * @throws BackendUnavailableException when the backend does not answer or the bucket is not there
     */
    public ListingPage listObjects(String bucket, String continuation, int pageSize) {
        try {
            ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(bucket).maxKeys(pageSize).continuationToken(continuation));
            List<ListedObject> objects = r.contents().stream().map(o -> new ListedObject(o.key(),
                    o.eTag() == null ? null : o.eTag().replace("\"", ""), o.size() == null ? 0 : o.size(),
                    o.lastModified())).toList();
            return new ListingPage(objects, Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null);
        } catch (SdkException e) {
            throw unavailable("ListObjectsV2 " + bucket, e);
        }
    }

    /** An object's bytes and content type. */
    public record StoredObject(byte[] body, String contentType) {
    }

    /**
     * Reads an object of at most {@code maxBytes} (checked with HeadObject first, so a huge object
     * is never downloaded).
     *
     * @throws ObjectTooLargeException     when it is larger
     * @throws BackendUnavailableException when it could not be read (including "no such key")
     */
    public StoredObject getObject(String bucket, String key, long maxBytes) {
        try {
            long size = s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
            if (size > maxBytes) {
                throw new ObjectTooLargeException(bucket + "/" + key + " is " + size + " bytes, more than the " + maxBytes
                        + " bytes allowed");
            }
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            return new StoredObject(bytes.asByteArray(), bytes.response().contentType());
        } catch (SdkException e) {
            throw unavailable("GetObject " + bucket + "/" + key, e);
        }
    }

    /** A presigned GET URL of the object, valid for {@code validity}. */
    public URI presignGet(String bucket, String key, Duration validity) {
        try {
            return presigner.presignGetObject(b -> b.signatureDuration(validity)
                    .getObjectRequest(r -> r.bucket(bucket).key(key))).url().toURI();
        } catch (java.net.URISyntaxException | SdkException e) {
            throw new BackendUnavailableException("cannot presign " + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** @throws BackendUnavailableException when the object could not be written */
    public void putObject(String bucket, String key, byte[] body, String contentType) {
        putObject(bucket, key, body, contentType, Map.of());
    }

    /** @param metadata user metadata ({@code x-amz-meta-*} without the prefix) */
    public void putObject(String bucket, String key, byte[] body, String contentType, Map<String, String> metadata) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).metadata(metadata), RequestBody.fromBytes(body));
        } catch (SdkException e) {
            throw unavailable("PutObject " + bucket + "/" + key, e);
        }
    }

    private BackendUnavailableException unavailable(String call, SdkException e) {
        String status = e instanceof S3Exception s3e ? " (HTTP " + s3e.statusCode() + ")" : "";
        return new BackendUnavailableException(call + " on " + endpoint + " failed" + status + ": "
                + firstLine(e.getMessage()), e);
    }

    /** The S3 client, for the wiring classes of this package. */
    S3Client client() {
        return s3;
    }

    /** An SNS client on the same endpoint and credentials (Ceph RGW serves SNS topics there). */
    SnsClient snsClient() {
        return SnsClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no details";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public void close() {
        s3.close();
        presigner.close();
    }
}
