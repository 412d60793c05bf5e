package dev.herald.harness.fault;

import dev.herald.harness.HeraldProcess;
import dev.herald.harness.RecordingReceiver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Herald's data directory on a small tmpfs of its own that stops taking writes: full (a filler
 * file takes the last byte) and read-only. Ingest must answer 503 and acknowledge nothing, what
 * was acknowledged before must be kept, and once the disk takes writes again ingest acknowledges
 * by itself and every acknowledged event is delivered.
 *
 * <p>Needs root (or CAP_SYS_ADMIN) to mount; skipped otherwise.
 */
class StoreUnwritableTest {
    private static final int BEFORE = 100;
    private static final int REFUSED = 20;
    private static final int AFTER = 20;

    @RegisterExtension
    final FaultRig rig = new FaultRig();
    private Path mount;
    private HeraldProcess herald;
    private RecordingReceiver receiver;
    private Fault.Producer producer;
    private final Set<String> acknowledged = new LinkedHashSet<>();
    private final StringBuilder phases = new StringBuilder();
    private long phaseStart = System.nanoTime();

    @BeforeEach
    void mountTmpfs() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "tmpfs mounts need Linux");
        mount = Files.createDirectory(rig.work().resolve("store"));
        Run r = run("mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "herald-fault-test", mount.toString());
        assumeTrue(r.exit() == 0, "cannot mount a tmpfs for Herald's data directory (needs root or CAP_SYS_ADMIN, "
                + "and a container that allows mounts): " + r.output());
        rig.afterTest(this::unmount); // handed over first, so run last: after Herald is killed, the mount no longer busy
    }

    private void unmount() {
        if (run("umount", mount.toString()).exit() != 0) {
            run("umount", "-l", mount.toString());
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aFullDiskIsAnswered503AndHeraldRecoversWhenSpaceIsFreed() throws Exception {
        startHeraldAndAcknowledge(BEFORE);

        Path filler = mount.resolve("filler");
        long filled = fill(filler);
        // Herald may still write into space its files hold already; the first commit that needs a
        // new page fails. Events acknowledged until then count as acknowledged.
        List<String> refused = new ArrayList<>();
        for (int i = 0; refused.isEmpty(); i++) {
            assertThat(i).as("events acknowledged on a full disk").isLessThan(5_000);
            String key = "full/" + i + ".jpg";
            Fault.Answer a = producer.send(Fault.event(key));
            if (a.acknowledged()) {
                acknowledged.add(key);
            } else {
                assertRefused(key, a);
                refused.add(key);
            }
        }
        int acknowledgedWhileFull = acknowledged.size() - BEFORE;
        for (int i = 0; i < REFUSED; i++) {
            String key = "refused/" + i + ".jpg";
            assertRefused(key, producer.send(Fault.event(key)));
            refused.add(key);
        }
        phase("fill+refused");

        Files.delete(filler);
        resendUntilAcknowledged(refused);
        acknowledge("after/", AFTER);
        phase("space freed+acknowledged");
        Delivered d = awaitDelivered();
        System.out.printf(Locale.ROOT, "StoreUnwritableTest (full): %,d filler bytes; %d events acknowledged on the full disk "
                        + "before the first 503, %d refused with 503 and acknowledged when resent after the filler was deleted; "
                        + "%s; %s%n", filled, acknowledgedWhileFull, refused.size(), d, phases);
    }

    /**
     * Read-only. Linux refuses {@code mount -o remount,ro} while a process holds a file of the
     * mount open for writing ("mount point is busy", EBUSY; the test tries and prints the answer),
     * and SQLite holds {@code herald.db} open read-write as long as Herald runs; so Herald is
     * killed (a crash), the mount is made read-only and Herald started on it: what happens when a
     * volume comes back read-only after a crash. Then the mount is made writable again while
     * Herald runs, and Herald must take writes again by itself.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aReadOnlyStoreIsAnswered503AndHeraldRecoversWhenItIsWritableAgain() throws Exception {
        startHeraldAndAcknowledge(BEFORE);

        // Not asserted, reported: what the kernel says to remount,ro under a running Herald.
        Run underHerald = run("mount", "-o", "remount,ro", mount.toString());
        herald.kill();
        assertThat(run("mount", "-o", "remount,ro", mount.toString())).extracting(Run::exit).isEqualTo(0);
        herald.start();
        phase("kill+remount,ro+start");
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < REFUSED; i++) {
            String key = "refused/" + i + ".jpg";
            assertRefused(key, producer.send(Fault.event(key)));
            refused.add(key);
        }
        phase("refused");

        assertThat(run("mount", "-o", "remount,rw", mount.toString())).extracting(Run::exit).isEqualTo(0);
        resendUntilAcknowledged(refused);
        acknowledge("after/", AFTER);
        phase("remount,rw+acknowledged");
        Delivered d = awaitDelivered();
        System.out.printf(Locale.ROOT, "StoreUnwritableTest (read-only): remount,ro while Herald ran: exit %d (%s); "
                        + "%d refused with 503 and acknowledged when resent after remount,rw; %s; %s%n",
                underHerald.exit(), underHerald.output().replace('\n', ' '), refused.size(), d, phases);
    }

    /** Notes how long the phase that ends now took (printed with the results). */
    private void phase(String name) {
        long now = System.nanoTime();
        phases.append(phases.isEmpty() ? "" : ", ").append(name).append(' ').append((now - phaseStart) / 1_000_000).append(" ms");
        phaseStart = now;
    }

    private void startHeraldAndAcknowledge(int events) {
        receiver = rig.closeAfterTest(RecordingReceiver.start());
        herald = rig.startHerald(Fault.yaml("[0s, 200ms, 500ms" + ", 1s".repeat(20) + "]"),
                mount.resolve("data"), List.of("-Xmx256m", "-XX:+UseSerialGC"));
        rig.putBosRule(receiver.url("/bos"));
        producer = rig.producer();
        acknowledge("before/", events);
        phase("start+" + events + " acknowledged");
    }

    private void acknowledge(String prefix, int events) {
        acknowledged.addAll(producer.ingest(prefix, events));
    }

    private static void assertRefused(String key, Fault.Answer a) {
        assertThat(a.status()).as("ingest of %s on an unwritable store: %s", key, a.body()).isEqualTo(503);
        assertThat(a.body()).contains("store_unavailable");
    }

    /** Resends each refused event, as MinIO would, until acknowledged; the 503 must have stored nothing. */
    private void resendUntilAcknowledged(List<String> keys) {
        for (String key : keys) {
            Fault.Answer a = producer.sendUntilAcknowledged(Fault.event(key), Duration.ofMillis(100), Duration.ofSeconds(20), () -> { });
            assertThat(a.duplicates()).as("%s was answered 503 before, so it must not have been stored: %s", key, a.body()).isZero();
            acknowledged.add(key);
        }
    }

    /**
     * Waits until every acknowledged event was received, each under one delivery id, and until
     * nothing is pending: a push that succeeded while the store could not record it is recorded
     * once the store takes writes again, without a restart.
     */
    private Delivered awaitDelivered() {
        Map<String, Set<String>> ids = new HashMap<>();
        Fault.await("every acknowledged event delivered", Duration.ofSeconds(30), () -> {
            ids.clear();
            receiver.requests().stream().map(Fault.Push::of)
                    .forEach(p -> ids.computeIfAbsent(p.objectKey(), k -> new HashSet<>()).add(p.deliveryId()));
            return ids.keySet().containsAll(acknowledged);
        }, () -> ids.size() + " of " + acknowledged.size() + " received; " + herald.logTail(5));
        phase("delivered");
        int unrecorded = (int) rig.metric("herald_deliveries_pending", "");
        rig.awaitNothingPending(Duration.ofSeconds(20));
        phase("nothing pending");
        List<Fault.Push> pushes = receiver.requests().stream().map(Fault.Push::of).toList();
        ids.clear();
        pushes.forEach(p -> ids.computeIfAbsent(p.objectKey(), k -> new HashSet<>()).add(p.deliveryId()));
        assertThat(ids.keySet()).as("events received").isEqualTo(acknowledged);
        assertThat(ids).allSatisfy((key, deliveryIds) -> assertThat(deliveryIds).as(key).hasSize(1));
        rig.assertNothingDead();
        return new Delivered(ids.size(), pushes.size() - ids.size(), unrecorded);
    }

    /**
     * @param events     events received
     * @param duplicates pushes received beyond one per event (resent under the same delivery id)
     * @param unrecorded deliveries still pending in the store once every event had arrived
     */
    record Delivered(int events, int duplicates, int unrecorded) {
    }

    /** Writes zeros to {@code filler} until the file system is full; the bytes written. */
    private static long fill(Path filler) {
        byte[] chunk = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException full) {
            assertThat(full).hasMessageContaining("No space left on device");
        }
        return written;
    }

    record Run(int exit, String output) {
    }

    private static Run run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, String.join(" ", command) + " did not finish");
            }
            return new Run(p.exitValue(), output);
        } catch (IOException e) {
            return new Run(-1, String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }
}
