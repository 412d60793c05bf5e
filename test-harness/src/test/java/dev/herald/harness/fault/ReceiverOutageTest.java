package dev.herald.harness.fault;

import dev.herald.harness.Ports;
import dev.herald.harness.RecordingReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receiver is down (nothing listens on its port) while events are ingested: the first
 * attempts fail until the destination's circuit opens, and the rest wait without spending their
 * retries. It then comes up on the same port and gets every event exactly once, each under its
 * own delivery id.
 */
class ReceiverOutageTest {
    private static final int EVENTS = 200;

    @RegisterExtension
    final FaultRig rig = new FaultRig();

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void everyEventArrivesExactlyOnceWhenTheReceiverComesBack() throws InterruptedException {
        // 30 attempts over about 27 s: the outage below lasts one or two seconds.
        rig.startHerald(Fault.yaml("[0s, 250ms, 500ms" + ", 1s".repeat(27) + "]", "{ openFor: 1s }"),
                List.of("-Xmx256m", "-XX:+UseSerialGC"));
        int port = Ports.freePort();
        rig.putBosRule(URI.create("http://127.0.0.1:" + port + "/bos"));

        List<String> keys = rig.producer().ingest("outage/", EVENTS);
        // The first attempts fail against the closed port until the circuit opens; from then on
        // the deliveries wait without spending attempts, apart from one probe a second.
        Fault.await("the destination's circuit open", Duration.ofSeconds(30),
                () -> rig.metric("herald_destinations_open_circuits", "") == 1,
                () -> retried() + " attempts failed");
        Thread.sleep(1_500); // at least one probe fails too
        double failedWhileDown = retried();
        assertThat(failedWhileDown).as("attempts spent while the receiver was down").isBetween(10.0, 30.0);
        assertThat(rig.metric("herald_deliveries_pending", "")).isEqualTo(EVENTS);
        rig.assertNothingDead();

        long up = System.nanoTime();
        RecordingReceiver receiver = rig.closeAfterTest(RecordingReceiver.start(port));
        Fault.await("every event received", Duration.ofSeconds(30),
                () -> receiver.requests().size() >= EVENTS, () -> receiver.requests().size() + " received");
        long deliveredMillis = (System.nanoTime() - up) / 1_000_000;
        rig.awaitNothingPending(Duration.ofSeconds(10));

        List<Fault.Push> pushes = receiver.requests().stream().map(Fault.Push::of).toList();
        Map<String, Long> perDeliveryId = pushes.stream().collect(Collectors.groupingBy(Fault.Push::deliveryId, Collectors.counting()));
        assertThat(perDeliveryId).hasSize(EVENTS).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
        assertThat(pushes).extracting(Fault.Push::objectKey).containsExactlyInAnyOrderElementsOf(keys);
        rig.assertNothingDead();
        Map<Integer, Long> attempts = pushes.stream().collect(Collectors.groupingBy(Fault.Push::attempt,
                TreeMap::new, Collectors.counting()));
        System.out.printf(Locale.ROOT, "ReceiverOutageTest: %d events delivered exactly once %d ms after the receiver came up; "
                + "deliveries per successful attempt number: %s; %.0f attempts failed while it was down%n", EVENTS, deliveredMillis,
                attempts, failedWhileDown);
    }

    private double retried() {
        return rig.metric("herald_deliveries_total", "outcome=\"retried\"");
    }
}
