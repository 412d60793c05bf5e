package dev.herald.sidecar.backend;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.herald.adapter.backend.BackendUnavailableException;
import dev.herald.adapter.backend.S3Backend;
import dev.herald.dialects.ObjectEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * Fills in what a producer leaves out of a created object's event — Ceph never sends a content
 * type — from the backend's HeadObject, with its last-modified time and storage class. Skipped
 * for deletes, for events that lack nothing, and when the object changed or is gone since the
 * event (its ETag no longer matches). Lookups are cached (bounded, ten minutes) by bucket, key and
 * ETag; a failing backend only means the event goes out as the producer sent it.
 */
public final class HeadObjectEnricher implements ObjectEnricher {
    private static final Logger LOG = LoggerFactory.getLogger(HeadObjectEnricher.class);

    private final S3Backend backend;
    private final Cache<String, Optional<S3Backend.ObjectInfo>> cache = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10)).build();

    public HeadObjectEnricher(S3Backend backend) {
        this.backend = backend;
    }

    @Override
    public boolean needs(ObjectEvent event) {
        return event.isCreated() && (event.contentType() == null || event.size() == null);
    }

    @Override
    public ObjectEvent enrich(ObjectEvent event) {
        if (!needs(event)) {
            return event;
        }
        Optional<S3Backend.ObjectInfo> info;
        try {
            info = cache.get(event.bucket() + "/" + event.key() + "#" + event.eTag(),
                    k -> backend.headObject(event.bucket(), event.key()));
        } catch (BackendUnavailableException e) {
            LOG.debug("no enrichment for {}/{}: {}", event.bucket(), event.key(), e.getMessage());
            return event;
        }
        return info.filter(i -> event.eTag() == null || event.eTag().equals(i.eTag()))
                .map(i -> event.enriched(i.contentType(), i.size(), i.lastModified(), i.storageClass()))
                .orElse(event);
    }
}
