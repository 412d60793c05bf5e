package dev.herald.sidecar.reconcile;

import dev.herald.adapter.backend.S3Backend;
import dev.herald.dialects.ObjectEvent;
import dev.herald.sidecar.config.ReconcileConfig;
import dev.herald.sidecar.ingest.Ingest;
import dev.herald.sidecar.metrics.HeraldMetrics;
import dev.herald.sidecar.storage.ObjectIndex;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Reconciles a bucket: lists it page by page (at {@code backend.reconcile.rateLimit}), merges the
 * listing with the object index ({@link ListingComparison}) and sends what the backend never sent
 * through {@link Ingest}, like any producer's events: rules, rendering, signing, retries, dead
 * letters. One run per bucket at a time; the last runs are kept in memory for the admin API.
 */
public final class Reconciler {
    static final int PAGE = 1000;
    private static final int BATCH = 100;
    private static final int HISTORY = 20;

    private final BucketListing backend;
    private final ObjectIndex index;
    private final Ingest ingest;
    private final ReconcileConfig config;
    private final HeraldMetrics metrics;
    private final Clock clock;
    private final RequestRate rate;
    private final Map<String, Progress> running = new ConcurrentHashMap<>();
    private final Deque<ReconcileRun> finished = new ArrayDeque<>();

    public Reconciler(BucketListing backend, ObjectIndex index, Ingest ingest, ReconcileConfig config, HeraldMetrics metrics,
                      Clock clock, LongSupplier nanoTime) {
        this.backend = backend;
        this.index = index;
        this.ingest = ingest;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        this.rate = new RequestRate(config.rateLimit(), nanoTime);
    }

    /** A bucket that cannot be reconciled now: it has no rules, or a run of it is under way. */
    public static final class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message);
        }
    }

    /**
     * Reconciles {@code bucket}; returns when done.
     *
     * @param since emit creates for objects modified at or after it, even before the index began;
     *              {@code null}: since the index began
     * @throws RefusedException when the bucket has no rules or is being reconciled
     * @throws dev.herald.adapter.backend.BackendUnavailableException when the backend does not answer
     */
    public ReconcileRun run(String bucket, Instant since) {
        Instant indexedSince = index.indexingSince(bucket).orElseThrow(() -> new RefusedException(
                "bucket " + bucket + " has no rules: Herald does not index it, and its events would go nowhere"));
        Progress progress = new Progress(bucket, since, clock.instant());
        if (running.putIfAbsent(bucket, progress) != null) {
            throw new RefusedException("bucket " + bucket + " is being reconciled already");
        }
        String error = null;
        try {
            Instant notBefore = since != null ? since : indexedSince;
            new ListingComparison(clock, config.grace(), notBefore).compare(listing(bucket, progress),
                    indexPages(bucket), progress);
            progress.flush();
            return progress.snapshot(clock.instant(), null);
        } catch (RuntimeException e) {
            error = e.getMessage();
            throw e;
        } finally {
            ReconcileRun run = progress.snapshot(clock.instant(), error);
            metrics.reconciled(error == null ? "done" : "failed", run.listed(), run.createsEmitted(), run.deletesEmitted());
            running.remove(bucket);
            synchronized (finished) {
                finished.addFirst(run);
                while (finished.size() > HISTORY) {
                    finished.removeLast();
                }
            }
        }
    }

    /** Runs under way, then the last finished ones, newest first. */
    public List<ReconcileRun> runs() {
        Instant now = clock.instant();
        List<ReconcileRun> out = new ArrayList<>();
        running.values().forEach(p -> out.add(p.snapshot(null, null, now)));
        synchronized (finished) {
            out.addAll(finished);
        }
        return out;
    }

    private Pages<S3Backend.ListedObject> listing(String bucket, Progress progress) {
        return new Pages<>() {
            private String continuation;

            @Override
            List<S3Backend.ListedObject> fetch() throws InterruptedException {
                rate.acquire();
                S3Backend.ListingPage page = backend.page(bucket, continuation, PAGE);
                continuation = page.next();
                if (continuation == null) {
                    lastPage();
                }
                progress.listed += page.objects().size();
                return page.objects();
            }
        };
    }

    private Pages<ObjectIndex.Entry> indexPages(String bucket) {
        return new Pages<>() {
            private String after;

            @Override
            List<ObjectIndex.Entry> fetch() {
                List<ObjectIndex.Entry> page = index.page(bucket, after, PAGE);
                if (page.size() < PAGE) {
                    lastPage();
                }
                if (!page.isEmpty()) {
                    after = page.getLast().key();
                }
                return page;
            }
        };
    }

    /** A run's counts as it goes, and the events found but not yet handed to ingest. */
    private final class Progress implements ListingComparison.Findings {
        private final String bucket;
        private final Instant since;
        private final Instant startedAt;
        private final List<ObjectEvent> creates = new ArrayList<>(BATCH);
        private final List<ObjectEvent> deletes = new ArrayList<>(BATCH);
        private volatile long listed;
        private volatile long createsEmitted;
        private volatile long deletesEmitted;

        Progress(String bucket, Instant since, Instant startedAt) {
            this.bucket = bucket;
            this.since = since;
            this.startedAt = startedAt;
        }

        @Override
        public void missingCreate(S3Backend.ListedObject listed, ObjectIndex.Entry indexed) {
            try {
                rate.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("reconciliation interrupted", e);
            }
            // Gone since the listing: its delete event is the backend's to send.
            backend.head(bucket, listed.key()).ifPresent(head -> {
                creates.add(SyntheticEvents.created(bucket, listed, head));
                if (creates.size() == BATCH) {
                    flush();
                }
            });
        }

        @Override
        public void missingDelete(ObjectIndex.Entry indexed) {
            deletes.add(SyntheticEvents.removed(indexed, clock.instant()));
            if (deletes.size() == BATCH) {
                flush();
            }
        }

        void flush() {
            if (!creates.isEmpty()) {
                createsEmitted += ingest.acceptObjects(List.copyOf(creates)).stored();
                creates.clear();
            }
            if (!deletes.isEmpty()) {
                deletesEmitted += ingest.acceptObjects(List.copyOf(deletes)).stored();
                deletes.clear();
            }
        }

        ReconcileRun snapshot(Instant finishedAt, String error) {
            return snapshot(finishedAt, error, finishedAt);
        }

        ReconcileRun snapshot(Instant finishedAt, String error, Instant now) {
            double seconds = (now.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
            return new ReconcileRun(bucket, since, startedAt, finishedAt, listed, createsEmitted, deletesEmitted, seconds,
                    error);
        }
    }
}
