package dev.herald.sidecar.backend;

import dev.herald.adapter.backend.CephBucketWiring;
import dev.herald.adapter.backend.MinioBucketWiring;
import dev.herald.adapter.backend.S3Backend;
import dev.herald.adapter.backend.TemporaryCredentialIssuer;
import dev.herald.dialects.BucketDirectory;
import dev.herald.sidecar.config.ConfigException;
import dev.herald.sidecar.config.HeraldConfig;

import java.net.URI;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * What Herald does with the S3 server behind it ({@code backend}), each part off without one:
 * bucket checks, wiring buckets to Herald, enrichment, temporary read credentials, and the client
 * itself for reports and cloudfunc results.
 *
 * @param client {@code null} without {@code backend.endpoint}
 */
public record BackendServices(S3Backend client, BucketDirectory buckets, WiredBuckets wiring, ObjectEnricher enricher,
                              ReadCredentialSource readCredentials) implements AutoCloseable {

    /**
     * @param cephPushEndpoint where a Ceph topic must push (Herald's Ceph ingest route), asked when a bucket is wired
     */
    public static BackendServices connect(HeraldConfig.Backend bc, Supplier<URI> cephPushEndpoint, Clock clock) {
        ReadCredentialSource readCredentials = readCredentials(bc, clock);
        if (!bc.configured()) {
            return new BackendServices(null, BucketDirectory.ANY, WiredBuckets.NONE, ObjectEnricher.NONE, readCredentials);
        }
        S3Backend client = S3Backend.connect(URI.create(bc.endpoint()), bc.accessKey(), bc.secretKey(), bc.region());
        WiredBuckets wiring = bc.kind() == null ? WiredBuckets.NONE : new WiredBuckets(bc.kind().equals("minio")
                ? new MinioBucketWiring(client, bc.webhookArn()) : new CephBucketWiring(client, bc.topic(), cephPushEndpoint));
        return new BackendServices(client, new BackendBuckets(client), wiring,
                bc.enrich() ? new HeadObjectEnricher(client) : ObjectEnricher.NONE, readCredentials);
    }

    private static ReadCredentialSource readCredentials(HeraldConfig.Backend bc, Clock clock) {
        HeraldConfig.TemporaryCredentials tc = bc.temporaryCredentials();
        if (tc == null) {
            return ReadCredentialSource.NONE;
        }
        if (!bc.configured()) {
            throw new ConfigException("backend.temporaryCredentials needs backend.endpoint");
        }
        try {
            return new StsReadCredentials(TemporaryCredentialIssuer.connect(URI.create(bc.endpoint()), bc.accessKey(),
                    bc.secretKey(), bc.region(), tc.roleArn(), tc.lifetime(),
                    tc.scope().equals("prefix") ? TemporaryCredentialIssuer.Scope.PREFIX : TemporaryCredentialIssuer.Scope.OBJECT,
                    clock));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("backend.temporaryCredentials: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        readCredentials.close();
        if (client != null) {
            client.close();
        }
    }
}
