package dev.herald.harness.fault;

import dev.herald.harness.HeraldProcess;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.RecordingReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of herald.jar at random moments under load: 20,000 MinIO webhook events from 4
 * concurrent senders (MinIO sends one at a time per target), each resent until acknowledged as
 * MinIO does; Herald is killed 5 times while they run and restarted on the same data directory and
 * port. Every acknowledged event must reach the receiver, and an event received more than once
 * must carry the same delivery id each time (a resend of one delivery, not a second delivery).
 *
 * <p>{@code -Dherald.fault.seed=N} repeats a run's kill moments (the seed is printed);
 * {@code -Dherald.fault.events=N} changes the number of events.
 */
class KillNineTest {
    private static final int EVENTS = Integer.getInteger("herald.fault.events", 20_000);
    private static final int SENDERS = 4;
    private static final int KILLS = 5;

    @RegisterExtension
    final FaultRig rig = new FaultRig();

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void everyAcknowledgedEventArrivesDespiteKillNine() throws Exception {
        long seed = Long.getLong("herald.fault.seed", System.nanoTime());
        Random random = new Random(seed);
        RecordingReceiver receiver = rig.closeAfterTest(RecordingReceiver.start());
        HeraldProcess herald = rig.startHerald(Fault.yaml("[0s, 200ms, 500ms, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 2s, 5s, 10s]"),
                List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        rig.putBosRule(receiver.url("/bos"));

        // Kill when this many events have been acknowledged: 5 random points between 5 % and 95 %.
        TreeSet<Integer> killAt = new TreeSet<>();
        while (killAt.size() < KILLS) {
            killAt.add(EVENTS / 20 + random.nextInt(EVENTS * 9 / 10));
        }
        System.out.printf(Locale.ROOT, "KillNineTest: seed %d, %d events, %d senders, kills after %s acknowledgements%n",
                seed, EVENTS, SENDERS, killAt);

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger unanswered = new AtomicInteger();
        AtomicInteger resentDuplicates = new AtomicInteger();
        Fault.Producer producer = rig.producer();
        long t0 = System.nanoTime();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        rig.afterTest(senders::shutdownNow);
        List<Future<?>> running = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            running.add(senders.submit(() -> {
                for (int i = sender; i < EVENTS; i += SENDERS) {
                    String key = "k9/" + i + ".jpg";
                    Fault.Answer a = producer.sendUntilAcknowledged(Fault.event(key), Duration.ofMillis(25),
                            Duration.ofSeconds(90), unanswered::incrementAndGet);
                    resentDuplicates.addAndGet(a.duplicates());
                    acknowledged.add(key);
                }
                return null;
            }));
        }

        int kills = 0;
        List<Long> downMillis = new ArrayList<>();
        for (int threshold : killAt) {
            Fault.await("acknowledgements to reach " + threshold, Duration.ofSeconds(90),
                    () -> acknowledged.size() >= threshold || running.stream().allMatch(Future::isDone),
                    () -> acknowledged.size() + " acknowledged");
            if (running.stream().allMatch(Future::isDone)) {
                break;
            }
            long down = System.nanoTime();
            herald.kill();
            kills++;
            Fault.sleep(Duration.ofMillis(random.nextInt(300)));
            herald.start();
            downMillis.add((System.nanoTime() - down) / 1_000_000);
        }
        for (Future<?> f : running) {
            f.get(120, TimeUnit.SECONDS);
        }
        long ingestMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(acknowledged).hasSize(EVENTS);
        assertThat(kills).as("kills during the run").isEqualTo(KILLS);

        // Every acknowledged event reaches the receiver; then nothing is left pending (so late resends are counted too).
        Map<String, Set<String>> idsPerKey = new HashMap<>();
        Map<String, Integer> receiptsPerKey = new HashMap<>();
        int[] seen = {0};
        Runnable collect = () -> {
            List<RecordedRequest> all = receiver.requests();
            for (; seen[0] < all.size(); seen[0]++) {
                Fault.Push p = Fault.Push.of(all.get(seen[0]));
                idsPerKey.computeIfAbsent(p.objectKey(), k -> new HashSet<>()).add(p.deliveryId());
                receiptsPerKey.merge(p.objectKey(), 1, Integer::sum);
            }
        };
        Fault.await("every acknowledged event delivered", Duration.ofSeconds(90), () -> {
            collect.run();
            return idsPerKey.keySet().containsAll(acknowledged);
        }, () -> idsPerKey.size() + " of " + acknowledged.size() + " events received");
        rig.awaitNothingPending(Duration.ofSeconds(30));
        collect.run();
        long totalMillis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(idsPerKey.keySet()).as("events received").isEqualTo(acknowledged);
        Map<String, Set<String>> twoIds = new HashMap<>();
        idsPerKey.forEach((k, ids) -> {
            if (ids.size() != 1) {
                twoIds.put(k, ids);
            }
        });
        assertThat(twoIds).as("events received under more than one delivery id").isEmpty();
        Set<String> allIds = new HashSet<>();
        idsPerKey.values().forEach(allIds::addAll);
        assertThat(allIds).as("distinct delivery ids").hasSize(EVENTS);
        rig.assertNothingDead();

        int receipts = seen[0];
        long receivedTwice = receiptsPerKey.values().stream().filter(n -> n > 1).count();
        System.out.printf(Locale.ROOT, "KillNineTest: %d kills (restart after kill: %s ms), %d events acknowledged, "
                        + "%d ingest attempts unanswered and resent, %d resends Herald had already stored (duplicates:1); "
                        + "%d pushes received, %d duplicate pushes (%d events received more than once, each under one delivery id); "
                        + "ingest done after %d ms, all delivered and nothing pending after %d ms%n",
                kills, downMillis, acknowledged.size(), unanswered.get(), resentDuplicates.get(), receipts,
                receipts - EVENTS, receivedTwice, ingestMillis, totalMillis);
    }
}
