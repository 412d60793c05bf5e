package dev.herald.harness.ceph;

import dev.herald.adapter.backend.BackendUnavailableException;
import dev.herald.adapter.backend.TemporaryCredentialIssuer;
import dev.herald.adapter.backend.TemporaryCredentialIssuer.Scope;
import dev.herald.dialects.ReadCredentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Ceph RGW 16 STS: {@link TemporaryCredentialIssuer} gets AssumeRole credentials whose inline
 * session policy limits them to reading one object (or its prefix), and RGW enforces exactly that.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class CephStsTest {
    private static final String BUCKET = "photos";
    /** JSON-special characters, spaces, '+', '%', '&', non-ASCII (BMP and not): the policy must carry them exactly. */
    private static final String ODD_KEY = "a/\"q\" \\ +%20&=ü é\uD83D\uDE00{}.jpg";
    private static final Duration LIFETIME = Duration.ofSeconds(900);

    // Kept on failure so the Ceph logs under log/ can be read.
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;

    private static CephRgw rgw;
    private static S3Client s3;
    private static String readRole;
    private static String allRole;

    @BeforeAll
    static void startCeph() {
        Assumptions.assumeTrue(CephRgw.available(), "radosgw not installed; .ci/run installs it");
        long t0 = System.nanoTime();
        rgw = CephRgw.start(dir.resolve("ceph"));
        System.out.printf("Ceph RGW up at %s in %d ms%n", rgw.endpoint(), (System.nanoTime() - t0) / 1_000_000);
        s3 = rgw.s3Client();
        s3.createBucket(b -> b.bucket(BUCKET));
        for (String key : new String[] {"a/b.jpg", "a/c.jpg", "x/d.jpg", "top.jpg", "A/B.jpg", ODD_KEY,
                "a/x y.jpg", "a/x+y.jpg", "a/co:lon.jpg", "c:/d.jpg"}) {
            s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("content of " + key));
        }
        s3.createBucket(b -> b.bucket("other"));
        s3.putObject(b -> b.bucket("other").key("a/b.jpg"), RequestBody.fromString("other bucket"));
        readRole = rgw.createReadRole("herald-read");
        // A role that may do anything: only the session policy stands between its credentials and a PUT.
        allRole = rgw.createRole("herald-all",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:*\"],\"Resource\":[\"arn:aws:s3:::*\"]}]}");
        System.out.printf("roles %s, %s ready after %d ms%n", readRole, allRole, (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void stopCeph() {
        try {
            if (s3 != null) {
                s3.close();
            }
        } finally {
            if (rgw != null) {
                rgw.close();
            }
        }
    }

    @Test
    void objectScopeReadsOnlyThatObject() {
        Instant before = Instant.now();
        try (TemporaryCredentialIssuer issuer = connect(readRole, LIFETIME, Scope.OBJECT, Clock.systemUTC())) {
            ReadCredentials credentials = issuer.issue(BUCKET, "a/b.jpg");
            Instant after = Instant.now();

            assertFalse(credentials.sessionToken().isEmpty());
            assertTrue(!credentials.expiration().isBefore(before.plus(LIFETIME).minusSeconds(5))
                            && !credentials.expiration().isAfter(after.plus(LIFETIME).plusSeconds(5)),
                    "expiration " + credentials.expiration() + " is not about now + " + LIFETIME);
            String printed = credentials.toString();
            assertFalse(printed.contains(credentials.secretAccessKey()), printed);
            assertFalse(printed.contains(credentials.sessionToken()), printed);

            try (S3Client temp = s3With(credentials)) {
                assertEquals("content of a/b.jpg", get(temp, BUCKET, "a/b.jpg"));
                assertEquals(403, status(() -> get(temp, BUCKET, "a/c.jpg")), "sibling object");
                assertEquals(403, status(() -> get(temp, "other", "a/b.jpg")), "same key, other bucket");
                assertEquals(403, status(() -> temp.putObject(b -> b.bucket(BUCKET).key("a/b.jpg"),
                        RequestBody.fromString("overwritten"))), "PUT");
                // RGW matches policy resources case-sensitively, like S3 keys.
                assertEquals(403, status(() -> get(temp, BUCKET, "A/B.jpg")), "same key in other case");
            }

            // Same scope key: the cached credentials, no second AssumeRole.
            assertSame(credentials, issuer.issue(BUCKET, "a/b.jpg"));
            assertNotEquals(credentials.accessKeyId(), issuer.issue(BUCKET, "a/c.jpg").accessKeyId());
        }
    }

    @Test
    void prefixScopeReadsTheDirectory() {
        try (TemporaryCredentialIssuer issuer = connect(readRole, LIFETIME, Scope.PREFIX, Clock.systemUTC())) {
            ReadCredentials credentials = issuer.issue(BUCKET, "a/b.jpg");
            try (S3Client temp = s3With(credentials)) {
                assertEquals("content of a/b.jpg", get(temp, BUCKET, "a/b.jpg"));
                assertEquals("content of a/c.jpg", get(temp, BUCKET, "a/c.jpg"));
                assertEquals(403, status(() -> get(temp, BUCKET, "x/d.jpg")), "other prefix");
                assertEquals(403, status(() -> get(temp, BUCKET, "top.jpg")), "bucket root");
                assertEquals(403, status(() -> temp.putObject(b -> b.bucket(BUCKET).key("a/new.jpg"),
                        RequestBody.fromString("new"))), "PUT");
            }
            // Same directory, same scope key: cached.
            assertSame(credentials, issuer.issue(BUCKET, "a/c.jpg"));

            // No '/' in the key: the whole bucket.
            ReadCredentials root = issuer.issue(BUCKET, "top.jpg");
            try (S3Client temp = s3With(root)) {
                assertEquals("content of top.jpg", get(temp, BUCKET, "top.jpg"));
                assertEquals("content of x/d.jpg", get(temp, BUCKET, "x/d.jpg"));
                assertEquals(403, status(() -> get(temp, "other", "a/b.jpg")), "other bucket");
            }
        }
    }

    @Test
    void sessionPolicyRestrictsAnAllPowerfulRole() {
        try (TemporaryCredentialIssuer issuer = connect(allRole, LIFETIME, Scope.OBJECT, Clock.systemUTC());
             S3Client temp = s3With(issuer.issue(BUCKET, "a/b.jpg"))) {
            assertEquals("content of a/b.jpg", get(temp, BUCKET, "a/b.jpg"));
            assertEquals(403, status(() -> get(temp, BUCKET, "a/c.jpg")), "sibling object");
            assertEquals(403, status(() -> temp.putObject(b -> b.bucket(BUCKET).key("a/b.jpg"),
                    RequestBody.fromString("overwritten"))), "PUT");
            assertEquals(403, status(() -> temp.deleteObject(b -> b.bucket(BUCKET).key("a/b.jpg"))), "DELETE");
        }
        assertEquals("content of a/b.jpg", get(s3, BUCKET, "a/b.jpg"));
    }

    @Test
    void keysWithJsonSpecialCharactersAreEscaped() {
        try (TemporaryCredentialIssuer issuer = connect(readRole, LIFETIME, Scope.OBJECT, Clock.systemUTC());
             S3Client temp = s3With(issuer.issue(BUCKET, ODD_KEY))) {
            assertEquals("content of " + ODD_KEY, get(temp, BUCKET, ODD_KEY));
            assertEquals(403, status(() -> get(temp, BUCKET, "a/b.jpg")), "other object");
        }
    }

    @Test
    void aSpaceIsNotAPlus() {
        // The SDK form-encodes ' ' as '+' and Ceph 16 does not decode it in STS form bodies: with a raw
        // space in the policy these credentials would read "a/x+y.jpg" instead (so the issuer JSON-escapes spaces as u+0020).
        try (TemporaryCredentialIssuer issuer = connect(readRole, LIFETIME, Scope.OBJECT, Clock.systemUTC());
             S3Client temp = s3With(issuer.issue(BUCKET, "a/x y.jpg"))) {
            assertEquals("content of a/x y.jpg", get(temp, BUCKET, "a/x y.jpg"));
            assertEquals(403, status(() -> get(temp, BUCKET, "a/x+y.jpg")), "'+' for ' '");
        }
    }

    @Test
    void cephRejectsAColonInThePolicyResource() {
        // Real Ceph behaviour, not the issuer's choice: RGW's ARN parser (rgw_arn.cc, wildcard form) has
        // no ':' in the resource, so a session policy for such a key is a MalformedPolicyDocument.
        // AWS and MinIO accept it; on Ceph such keys cannot get scoped credentials at all.
        try (TemporaryCredentialIssuer object = connect(readRole, LIFETIME, Scope.OBJECT, Clock.systemUTC());
             TemporaryCredentialIssuer prefix = connect(readRole, LIFETIME, Scope.PREFIX, Clock.systemUTC())) {
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> object.issue(BUCKET, "a/co:lon.jpg"));
            assertTrue(e.getMessage().contains("(HTTP 400 MalformedPolicyDocument)"), e.getMessage());
            assertThrows(BackendUnavailableException.class, () -> prefix.issue(BUCKET, "c:/d.jpg"));
            // Only the prefix goes into a PREFIX policy: a colon after the last '/' does not matter.
            try (S3Client temp = s3With(prefix.issue(BUCKET, "a/co:lon.jpg"))) {
                assertEquals("content of a/co:lon.jpg", get(temp, BUCKET, "a/co:lon.jpg"));
            }
        }
    }

    @Test
    void cachedCredentialsAreReplacedOnceHalfTheLifetimeIsGone() {
        MutableClock clock = new MutableClock(Instant.now());
        try (TemporaryCredentialIssuer issuer = connect(readRole, LIFETIME, Scope.OBJECT, clock)) {
            ReadCredentials first = issuer.issue(BUCKET, "a/b.jpg");
            clock.now = clock.now.plus(LIFETIME.dividedBy(2)).minusSeconds(30);
            assertSame(first, issuer.issue(BUCKET, "a/b.jpg"), "more than half the lifetime left");
            clock.now = clock.now.plusSeconds(31);
            ReadCredentials second = issuer.issue(BUCKET, "a/b.jpg");
            assertNotEquals(first.accessKeyId(), second.accessKeyId(), "less than half the lifetime left");
            // RGW set second's expiration from its own (real) clock, so by this clock less than half the
            // lifetime is left already: handed out once, never cached.
            assertNotEquals(second.accessKeyId(), issuer.issue(BUCKET, "a/b.jpg").accessKeyId());
            clock.now = Instant.now();
            ReadCredentials fresh = issuer.issue(BUCKET, "a/b.jpg");
            assertSame(fresh, issuer.issue(BUCKET, "a/b.jpg"));
        }
    }

    @Test
    void lifetimeBelowStsMinimumIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> connect(readRole, Duration.ofSeconds(899), Scope.OBJECT, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("900 s"), e.getMessage());
    }

    @Test
    void lifetimeAboveTheRolesMaxSessionDurationFailsAtAssumeRole() {
        // Ceph caps DurationSeconds at the role's MaxSessionDuration (3600 s unless set on the role).
        try (TemporaryCredentialIssuer issuer = connect(readRole, Duration.ofHours(2), Scope.OBJECT, Clock.systemUTC())) {
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> issuer.issue(BUCKET, "a/b.jpg"));
            System.out.println("2 h lifetime: " + e.getMessage());
            assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage());
            assertTrue(e.getMessage().startsWith("AssumeRole " + readRole + " for photos/a/b.jpg"), e.getMessage());
        }
    }

    @Test
    void unknownRoleFailsWithOneLineMessageWithoutTheSecret() {
        String role = "arn:aws:iam:::role/no-such-role";
        try (TemporaryCredentialIssuer issuer = connect(role, LIFETIME, Scope.OBJECT, Clock.systemUTC())) {
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> issuer.issue(BUCKET, "a/b.jpg"));
            System.out.println("unknown role: " + e.getMessage());
            assertTrue(e.getMessage().startsWith("AssumeRole " + role + " for photos/a/b.jpg on " + rgw.endpoint() + " failed"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertFalse(e.getMessage().contains(rgw.secretKey()), e.getMessage());
        }
    }

    @Test
    void wildcardCharactersInTheKeyAreRefused() {
        try (TemporaryCredentialIssuer issuer = connect(readRole, LIFETIME, Scope.OBJECT, Clock.systemUTC())) {
            assertThrows(IllegalArgumentException.class, () -> issuer.issue(BUCKET, "a/*"));
            IllegalArgumentException wildcard = assertThrows(IllegalArgumentException.class,
                    () -> issuer.issue(BUCKET, "a/b?\n.jpg"));
            assertTrue(wildcard.getMessage().contains("photos/a/b?\\x0a.jpg"), wildcard.getMessage());
            IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                    () -> issuer.issue(BUCKET, "a/" + "\"".repeat(1000)));
            assertTrue(tooLong.getMessage().contains("2048"), tooLong.getMessage());
        }
    }

    private static TemporaryCredentialIssuer connect(String role, Duration lifetime, Scope scope, Clock clock) {
        return TemporaryCredentialIssuer.connect(rgw.endpoint(), rgw.accessKey(), rgw.secretKey(), "us-east-1", role,
                lifetime, scope, clock);
    }

    private static S3Client s3With(ReadCredentials c) {
        return S3Client.builder()
                .endpointOverride(rgw.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())))
                .httpClient(UrlConnectionHttpClient.create())
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    private static String get(S3Client client, String bucket, String key) {
        return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    /** The HTTP status of the S3 error {@code call} fails with (it must fail). */
    private static int status(Runnable call) {
        return assertThrows(S3Exception.class, call::run).statusCode();
    }

    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
