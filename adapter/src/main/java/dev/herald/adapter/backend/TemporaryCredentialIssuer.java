package dev.herald.adapter.backend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.herald.dialects.ReadCredentials;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issues temporary read-only credentials for the object an event is about, through the backend's
 * STS {@code AssumeRole} (Ceph RGW serves STS on its S3 port; so does MinIO).
 *
 * <p>Every call passes an inline session policy allowing only {@code s3:GetObject} on the object
 * ({@link Scope#OBJECT}) or on its "directory" ({@link Scope#PREFIX}); the server grants the
 * intersection of that policy and the role's own permission policy. Credentials are cached per
 * scope key (at most {@value #MAX_CACHED} entries) and handed out again only while at least half of
 * the lifetime remains, so a receiver always gets at least {@code lifetime / 2} of validity.
 *
 * <p>Thread-safe. Concurrent {@link #issue} calls for the same scope key make one AssumeRole call.
 */
public final class TemporaryCredentialIssuer implements AutoCloseable {
    /** STS minimum (AWS and Ceph): shorter sessions are refused by the server. */
    public static final Duration MIN_LIFETIME = Duration.ofSeconds(900);
    /** STS maximum for AssumeRole (AWS; Ceph caps it further at the role's max session duration, 3600 s by default). */
    public static final Duration MAX_LIFETIME = Duration.ofHours(12);
    static final int MAX_CACHED = 10_000;

    private static final int MAX_SESSION_NAME = 64;
    private static final String SESSION_NAME_PREFIX = "herald-";
    /** STS limit on the session policy (AWS: 2,048 characters; Ceph: 2,048 bytes). */
    static final int MAX_POLICY_BYTES = 2048;
    /**
     * Spaces written as {@code &#92;u0020}: the SDK form-encodes a space as {@code +} and Ceph 16 does
     * not decode {@code +} in STS form bodies, so a raw space would scope the credentials to the key
     * with {@code +} in its place. Everything else Ceph decodes correctly (tested on 16.2.15).
     */
    private static final ObjectWriter POLICY_WRITER = new ObjectMapper().writer().with(new CharacterEscapes() {
        private final int[] escapes = spaceEscapes();

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }

        private static int[] spaceEscapes() {
            int[] escapes = CharacterEscapes.standardAsciiEscapesForJSON();
            escapes[' '] = CharacterEscapes.ESCAPE_STANDARD;
            return escapes;
        }
    });
    /** RGW answers STS errors S3-style ({@code <Error><Code>}), which the SDK's query-protocol parser misses. */
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]{1,100})</Code>");

    /** What the credentials may read. */
    public enum Scope {
        /** Only the object the event is about: {@code arn:aws:s3:::bucket/key}. */
        OBJECT,
        /**
         * Every object under the key's "directory", the key up to and including its last {@code /}:
         * {@code arn:aws:s3:::bucket/prefix*}; the whole bucket when the key has no {@code /}.
         */
        PREFIX
    }

    private final StsClient sts;
    private final URI endpoint;
    private final String roleArn;
    private final Duration lifetime;
    private final Scope scope;
    private final Clock clock;
    private final Cache<String, ReadCredentials> cache;

    private TemporaryCredentialIssuer(StsClient sts, URI endpoint, String roleArn, Duration lifetime, Scope scope, Clock clock) {
        this.sts = sts;
        this.endpoint = endpoint;
        this.roleArn = roleArn;
        this.lifetime = lifetime;
        this.scope = scope;
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(MAX_CACHED)
                .expireAfter(new Expiry<String, ReadCredentials>() {
                    @Override
                    public long expireAfterCreate(String key, ReadCredentials value, long currentTime) {
                        return usableFor(value).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, ReadCredentials value, long currentTime, long currentDuration) {
                        return usableFor(value).toNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, ReadCredentials value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /**
     * @param endpoint  the backend's S3 endpoint (STS is served on the same one)
     * @param accessKey credentials of the backend user that may assume {@code roleArn}
     * @param region    signing region (any value the backend accepts, e.g. {@code us-east-1})
     * @param roleArn   the role to assume, e.g. {@code arn:aws:iam:::role/herald-read}
     * @param lifetime  validity of each set of credentials, 900 s to 12 h (whole seconds)
     * @param clock     decides when cached credentials are too old to hand out
     * @throws IllegalArgumentException when the lifetime is out of range or an argument is blank
     */
    public static TemporaryCredentialIssuer connect(URI endpoint, String accessKey, String secretKey, String region,
                                                    String roleArn, Duration lifetime, Scope scope, Clock clock) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(clock, "clock");
        requireText(accessKey, "accessKey");
        requireText(secretKey, "secretKey");
        requireText(region, "region");
        requireText(roleArn, "roleArn");
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.compareTo(MIN_LIFETIME) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("temporary credential lifetime must be between " + MIN_LIFETIME.toSeconds()
                    + " s and " + MAX_LIFETIME.toSeconds() + " s (STS AssumeRole DurationSeconds), got " + describe(lifetime));
        }
        if (lifetime.getNano() != 0) {
            throw new IllegalArgumentException("temporary credential lifetime must be whole seconds (STS AssumeRole DurationSeconds), got "
                    + describe(lifetime));
        }
        StsClient sts = StsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
        return new TemporaryCredentialIssuer(sts, endpoint, roleArn, lifetime, scope, clock);
    }

    public Scope scope() {
        return scope;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /**
     * Credentials that may only {@code s3:GetObject} the object (or its prefix, per {@link #scope()}):
     * cached ones while at least half the lifetime remains, otherwise new ones from AssumeRole.
     *
     * @throws IllegalArgumentException    when no session policy can scope credentials to exactly this
     *                                     key (or prefix): it contains {@code *} or {@code ?}, which IAM
     *                                     resource ARNs treat as wildcards with no escape, or the policy
     *                                     would exceed STS's 2,048 bytes (keys of roughly 1,900 bytes)
     * @throws BackendUnavailableException when AssumeRole fails. Note that Ceph's policy parser
     *                                     rejects a {@code :} in a resource ARN (16.2 tested, unchanged in
     *                                     later releases), so there a key (prefix) with a colon always
     *                                     fails with "HTTP 400 MalformedPolicyDocument": not worth a retry
     */
    public ReadCredentials issue(String bucket, String key) {
        requireText(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        String resource = switch (scope) {
            case OBJECT -> key;
            case PREFIX -> key.substring(0, key.lastIndexOf('/') + 1);
        };
        if (resource.indexOf('*') >= 0 || resource.indexOf('?') >= 0) {
            throw new IllegalArgumentException("cannot scope temporary credentials to " + printable(bucket + "/" + key)
                    + ": '*' and '?' are wildcards in IAM resource ARNs and cannot be escaped");
        }
        String scopeKey = bucket + "/" + resource;
        String policy = sessionPolicy(bucket, resource);
        int policyBytes = policy.getBytes(StandardCharsets.UTF_8).length;
        if (policyBytes > MAX_POLICY_BYTES) {
            throw new IllegalArgumentException("cannot scope temporary credentials to " + printable(scopeKey) + ": the session policy would be "
                    + policyBytes + " bytes, more than STS's " + MAX_POLICY_BYTES);
        }
        ReadCredentials[] issued = new ReadCredentials[1];
        cache.asMap().compute(scopeKey, (k, cached) -> {
            if (cached != null && usableFor(cached).compareTo(Duration.ZERO) > 0) {
                issued[0] = cached;
                return cached;
            }
            issued[0] = assumeRole(policy, bucket, scopeKey);
            // Freshly issued but already below half the lifetime (clock skew, or the role's max
            // session duration is shorter): hand it out this once, do not keep it.
            return usableFor(issued[0]).compareTo(Duration.ZERO) > 0 ? issued[0] : null;
        });
        return issued[0];
    }

    /** How much longer these credentials may be handed out: until half the lifetime remains. */
    private Duration usableFor(ReadCredentials credentials) {
        Duration left = Duration.between(clock.instant(), credentials.expiration()).minus(lifetime.dividedBy(2));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private ReadCredentials assumeRole(String policy, String bucket, String scopeKey) {
        String call = "AssumeRole " + roleArn + " for " + printable(scopeKey);
        AssumeRoleResponse response;
        try {
            response = sts.assumeRole(b -> b.roleArn(roleArn)
                    .roleSessionName(sessionName(bucket))
                    .durationSeconds((int) lifetime.toSeconds())
                    .policy(policy));
        } catch (AwsServiceException e) {
            String code = errorCode(e);
            throw new BackendUnavailableException(call + " on " + endpoint + " failed (HTTP " + e.statusCode()
                    + (code == null ? "" : " " + code) + "): " + S3Backend.firstLine(e.getMessage()), e);
        } catch (SdkException e) {
            throw new BackendUnavailableException(call + " on " + endpoint + " failed: " + S3Backend.firstLine(e.getMessage()), e);
        }
        Credentials c = response.credentials();
        if (c == null || c.accessKeyId() == null || c.secretAccessKey() == null || c.sessionToken() == null
                || c.expiration() == null) {
            throw new BackendUnavailableException(call + " on " + endpoint + " returned no complete credentials", null);
        }
        return new ReadCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
    }

    /**
     * The inline session policy: {@code s3:GetObject} on {@code arn:aws:s3:::bucket/key} (OBJECT) or
     * {@code arn:aws:s3:::bucket/prefix*} (PREFIX), serialised by Jackson so any key is escaped
     * (spaces as {@code &#92;u0020}, see {@link #POLICY_WRITER}).
     */
    String sessionPolicy(String bucket, String resource) {
        String arn = "arn:aws:s3:::" + bucket + "/" + resource + (scope == Scope.PREFIX ? "*" : "");
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        statement.put("Action", List.of("s3:GetObject"));
        statement.put("Resource", List.of(arn));
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2012-10-17");
        policy.put("Statement", List.of(statement));
        try {
            return POLICY_WRITER.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a session policy", e);
        }
    }

    /** {@code herald-<bucket>}, limited to STS's {@code [\w+=,.@-]{2,64}}. */
    static String sessionName(String bucket) {
        StringBuilder name = new StringBuilder(SESSION_NAME_PREFIX);
        for (int i = 0; i < bucket.length() && name.length() < MAX_SESSION_NAME; i++) {
            char ch = bucket.charAt(i);
            boolean valid = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || "_+=,.@-".indexOf(ch) >= 0;
            name.append(valid ? ch : '-');
        }
        return name.toString();
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static String describe(Duration d) {
        return d.getNano() == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String errorCode(AwsServiceException e) {
        if (e.awsErrorDetails() == null) {
            return null;
        }
        if (e.awsErrorDetails().errorCode() != null) {
            return e.awsErrorDetails().errorCode();
        }
        if (e.awsErrorDetails().rawResponse() == null) {
            return null;
        }
        Matcher m = ERROR_CODE.matcher(e.awsErrorDetails().rawResponse().asUtf8String());
        return m.find() ? m.group(1) : null;
    }

    /** Keys may hold line breaks and other control characters; messages stay on one line. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                b.append(String.format("\\x%02x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    @Override
    public void close() {
        cache.invalidateAll();
        sts.close();
    }

    @Override
    public String toString() {
        return "TemporaryCredentialIssuer[" + endpoint + ", " + roleArn + ", " + scope + ", " + lifetime + "]";
    }
}
