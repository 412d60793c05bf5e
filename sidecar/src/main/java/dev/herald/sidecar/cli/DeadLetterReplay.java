package dev.herald.sidecar.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Replays every dead letter that died since a time, showing progress: lists their ids page by
 * page ({@code GET /admin/dead-letters?limit=&before=}), then replays them one
 * {@code POST /admin/dead-letters/{id}/replay} each, {@link #PARALLEL} at a time. Herald's bulk
 * route ({@code POST /admin/dead-letters/replay?since=}) answers only when all are done, so it
 * cannot show progress.
 *
 * <p>The listing is bounded above by the newest dead letter when the replay starts, so that
 * letters replayed and dying again are not replayed twice. Dead letters that died in the same
 * millisecond can straddle a page boundary: each page after the first starts one millisecond into
 * the last one, and the ids seen are skipped; should more than a page have died in one
 * millisecond, the rest are listed again after the others are replayed (they then fit a page).
 */
final class DeadLetterReplay {
    /** The most {@code GET /admin/dead-letters} lists at once. */
    static final int PAGE = 1000;
    /** Replays in flight: each is a store write, and Herald's group commit writes concurrent ones together. */
    static final int PARALLEL = 32;

    private final AdminApi api;
    private final ReplayProgress progress;
    private final int pageSize;

    /** @param pageSize dead letters per listing request: {@link #PAGE} but in tests */
    DeadLetterReplay(AdminApi api, ReplayProgress progress, int pageSize) {
        this.api = api;
        this.progress = progress;
        this.pageSize = pageSize;
    }

    /** How it went; {@code firstFailure} is the first refusal's message, or null. */
    record Result(int total, int replayed, int gone, int failed, String firstFailure) {
    }

    Result replaySince(Instant since) throws InterruptedException {
        Listing first = list(since, null);
        if (first.ids.isEmpty()) {
            return new Result(0, 0, 0, 0, null);
        }
        Instant upper = first.newest.plusMillis(1);
        Set<String> attempted = new HashSet<>();
        Counts counts = new Counts();
        List<String> batch = first.ids;
        int total = 0;
        progress.start();
        while (!batch.isEmpty()) {
            attempted.addAll(batch);
            total += batch.size();
            replay(batch, counts, total);
            batch = list(since, upper).ids.stream().filter(id -> !attempted.contains(id)).toList();
        }
        progress.finish(counts.replayed.get(), total);
        return new Result(total, counts.replayed.get(), counts.gone.get(), counts.failed.get(), counts.firstFailure.get());
    }

    /** Outcomes so far, counted by the replaying threads. */
    private static final class Counts {
        final AtomicInteger replayed = new AtomicInteger();
        final AtomicInteger gone = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicReference<String> firstFailure = new AtomicReference<>();

        void fail(String message) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, message);
        }
    }

    /** Replays {@code ids}, {@link #PARALLEL} at a time, updating the progress until all are done. */
    private void replay(List<String> ids, Counts counts, int total) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        for (String id : ids) {
            pool.execute(() -> {
                try {
                    HeraldHttp.Reply reply = api.send("POST", "/admin/dead-letters/" + HeraldHttp.encode(id) + "/replay", null);
                    if (reply.ok()) {
                        counts.replayed.incrementAndGet();
                    } else if (reply.status() == 404) {
                        // Replayed or purged by someone else meanwhile.
                        counts.gone.incrementAndGet();
                    } else {
                        counts.fail(Refusals.refused(reply).getMessage());
                    }
                } catch (CliException e) {
                    counts.fail(e.getMessage());
                }
            });
        }
        pool.shutdown();
        while (!pool.awaitTermination(ReplayProgress.TERMINAL_PERIOD_MILLIS, TimeUnit.MILLISECONDS)) {
            progress.update(counts.replayed.get(), total);
        }
    }

    /** Ids of the dead letters that died in [since, before), newest first, and the newest one's time. */
    private record Listing(List<String> ids, Instant newest) {
    }

    private Listing list(Instant since, Instant before) {
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Instant newest = null;
        Instant pageBefore = before;
        while (true) {
            JsonNode page = api.call("GET", "/admin/dead-letters", "limit=" + pageSize
                    + (pageBefore == null ? "" : "&before=" + HeraldHttp.encode(pageBefore.toString()))).path("deadLetters");
            boolean fresh = false;
            Instant oldest = null;
            for (JsonNode letter : page) {
                Instant died = Instant.parse(letter.path("diedAt").asText());
                newest = newest == null ? died : newest;
                oldest = died;
                if (!died.isBefore(since) && seen.add(letter.path("id").asText())) {
                    ids.add(letter.path("id").asText());
                    fresh = true;
                }
            }
            if (page.size() < pageSize || oldest.isBefore(since)) {
                return new Listing(ids, newest);
            }
            pageBefore = fresh ? oldest.plusMillis(1) : oldest;
        }
    }
}
