package dev.herald.dialects.fuzz;

import dev.herald.dialects.EventTimeRange;
import dev.herald.dialects.bos.BosException;
import dev.herald.dialects.eventbus.Bus;
import dev.herald.dialects.eventbus.BusEvent;
import dev.herald.dialects.eventbus.CloudEventsRendering;
import dev.herald.dialects.eventbus.EventBusPushReader;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The event bus push parser over fuzzed bodies. Invariant: a BCE 4xx refusal, or events that are
 * whole: in the time range, renderable in both CloudEvents modes.
 */
class EventBusPushFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-22T13:48:57Z");
    private final EventBusPushReader reader = new EventBusPushReader(id -> Optional.of(new Bus(id, "fuzz")), () -> "uuid");

    @Provide
    Arbitrary<byte[]> pushes() {
        return FuzzCorpus.mutants("eventbus");
    }

    @Property(tries = 700)
    void aPushIsReadWholeOrRefused(@ForAll("pushes") byte[] body) {
        AtomicReference<List<BusEvent>> read = new AtomicReference<>();
        Throwable thrown = catchThrowable(() -> read.set(reader.read(body, "ak", NOW)));
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(BosException.class);
            assertThat(((BosException) thrown).error().httpStatus()).as(thrown.getMessage()).isBetween(400, 499);
            return;
        }
        assertThat(read.get()).isNotEmpty();
        for (BusEvent event : read.get()) {
            assertThat(EventTimeRange.problem(event.time())).isEmpty();
            for (CloudEventsRendering.Mode mode : CloudEventsRendering.Mode.values()) {
                assertThat(CloudEventsRendering.render(event, mode).body()).isNotNull();
            }
            assertThat(event.toJson()).isNotNull();
        }
    }
}
