package dev.herald.sidecar.storage.kafka;

import dev.herald.dialects.FailureReports.ReportTarget;
import dev.herald.dialects.OutboundPush;
import dev.herald.sidecar.storage.Attempt;
import dev.herald.sidecar.storage.DeadLetterStore;
import dev.herald.sidecar.storage.Delivery;
import dev.herald.sidecar.storage.kafka.KafkaCodec.DeadRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Dead letters in the compacted dead topic, keyed by delivery id: every replica lists, shows,
 * replays and purges all of them. Failure reports are written by the holder of the
 * {@link ReportLease} only, once its view has read the topic to its end: it then sees every line
 * the previous holder marked reported.
 */
final class KafkaDeadLetterStore implements DeadLetterStore {
    private final CompactedView<DeadRecord> view;
    private final RetryParking parking;
    private final ReportLease lease;
    private final Runnable readToEnd;

    /** @param readToEnd returns once {@code view} has read every record the topic had when it was called */
    KafkaDeadLetterStore(CompactedView<DeadRecord> view, RetryParking parking, ReportLease lease, Runnable readToEnd) {
        this.view = view;
        this.parking = parking;
        this.lease = lease;
        this.readToEnd = readToEnd;
    }

    static DeadRecord decode(byte[] value) {
        return KafkaCodec.read(value, DeadRecord.class);
    }

    /** Stores a delivery whose budget is spent, with its attempt log; returns once readable here. */
    void add(Delivery d, List<Attempt> log, long now, ReportTarget report, String eventName, String key) {
        Attempt last = log.getLast();
        DeadLetter letter = new DeadLetter(d.id(), d.push().dialect(), d.push().bucket(), d.push().ruleId(), d.eventId(),
                d.targetUrl(), d.push().method(), log.size(), d.createdAt(), now, last.status(), last.error());
        List<LoggedAttempt> logged = log.stream().map(a -> new LoggedAttempt(a.number(), a.startedAt(), a.durationMillis(),
                a.status(), a.error())).toList();
        view.put(d.id(), KafkaCodec.write(new DeadRecord(letter, logged, d.unloaded().with(d.push()), report, false,
                eventName, key)));
    }

    private Stream<DeadRecord> all() {
        return view.entries().values().stream();
    }

    @Override
    public List<DeadLetter> list(int limit, long beforeDiedAt) {
        return all().map(DeadRecord::letter).filter(l -> l.diedAt() < beforeDiedAt)
                .sorted(Comparator.comparingLong(DeadLetter::diedAt).reversed().thenComparing(DeadLetter::id))
                .limit(limit).toList();
    }

    @Override
    public Optional<DeadLetter> find(String id) {
        return Optional.ofNullable(view.get(id)).map(DeadRecord::letter);
    }

    @Override
    public Optional<OutboundPush> push(String id) {
        return Optional.ofNullable(view.get(id)).map(r -> r.delivery().push());
    }

    @Override
    public List<LoggedAttempt> attempts(String id) {
        DeadRecord r = view.get(id);
        return r == null ? List.of() : r.log();
    }

    @Override
    public List<String> idsDiedSince(long since) {
        return all().map(DeadRecord::letter).filter(l -> l.diedAt() >= since)
                .sorted(Comparator.comparingLong(DeadLetter::diedAt).thenComparing(DeadLetter::id)).map(DeadLetter::id).toList();
    }

    /** Each goes to the retry topic, due now with a fresh budget, and leaves the dead letters; its partition's owner sends it. */
    @Override
    public List<Delivery> replay(List<String> ids, long now) {
        List<Delivery> out = new ArrayList<>();
        for (String id : ids) {
            DeadRecord r = view.get(id);
            if (r == null) {
                continue;
            }
            Delivery again = new Delivery(r.delivery().id(), r.delivery().eventId(), r.delivery().targetUrl(),
                    r.delivery().origin(), r.delivery().orderKey(), 0, r.delivery().createdAt(), 0, now, r.delivery().push());
            parking.park(again, List.of(), r.eventName(), r.key(), null).join();
            view.put(id, null);
            out.add(again.unloaded());
        }
        return out;
    }

    @Override
    public int purge(String id, long before) {
        List<DeadRecord> doomed = all().filter(r -> id != null ? r.letter().id().equals(id) : r.letter().diedAt() < before)
                .filter(r -> r.report() == null || r.reported()).toList();
        doomed.forEach(r -> view.put(r.letter().id(), null));
        return doomed.size();
    }

    @Override
    public long count() {
        return view.entries().size();
    }

    @Override
    public <T> T withUnreported(Function<List<ReportLine>, T> work) {
        return lease.whileHeld(() -> {
            readToEnd.run();
            return work.apply(owed().sorted(Comparator.comparingLong((DeadRecord r) -> r.letter().diedAt())
                    .thenComparing(r -> r.letter().id()))
                    .map(r -> new ReportLine(r.letter(), r.report().bucket(), r.report().prefix(), r.eventName(), r.key()))
                    .toList());
        }, () -> work.apply(List.of()));
    }

    @Override
    public void markReported(List<String> ids, long now) {
        for (String id : ids) {
            DeadRecord r = view.get(id);
            if (r != null) {
                view.put(id, KafkaCodec.write(r.asReported()));
            }
        }
    }

    @Override
    public long unreportedCount() {
        return owed().count();
    }

    private Stream<DeadRecord> owed() {
        return all().filter(r -> r.report() != null && !r.reported());
    }
}
