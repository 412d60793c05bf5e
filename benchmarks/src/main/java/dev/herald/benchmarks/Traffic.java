package dev.herald.benchmarks;

import dev.herald.harness.HeraldProcess;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import static dev.herald.benchmarks.Format.ms;

/**
 * The load of a phase: events sent by the {@link LoadGenerator}, and the wait until the sink has
 * them all. Load for several URLs (Herald's replicas) is spread over them, sender by sender.
 */
final class Traffic {
    private final Sink sink;
    private final List<HeraldProcess> heralds;
    private final Consumer<String> log;

    Traffic(Sink sink, List<HeraldProcess> heralds, Consumer<String> log) {
        this.sink = sink;
        this.heralds = List.copyOf(heralds);
        this.log = log;
    }

    LoadGenerator.Result send(String what, URI url, String token, EventBodies bodies, int events, int senders, int perRequest)
            throws Exception {
        return send(what, List.of(url), token, bodies, events, senders, perRequest);
    }

    /**
     * Sends {@code events} events of {@code bodies}, {@code perRequest} per request, from
     * {@code senders} senders spread over {@code urls}; requests are built before the clock starts
     * (up to 200 MB of them; beyond that, on the fly).
     */
    LoadGenerator.Result send(String what, List<URI> urls, String token, EventBodies bodies, int events, int senders,
                              int perRequest) throws Exception {
        int requests = (events + perRequest - 1) / perRequest;
        List<IntFunction<byte[]>> make = requestsTo(urls, token, bodies, events, perRequest);
        byte[] sample = make.getFirst().apply(0);
        List<IntFunction<byte[]>> request = new ArrayList<>();
        if ((long) sample.length * requests * urls.size() < 200L << 20) {
            for (IntFunction<byte[]> m : make) {
                byte[][] built = new byte[requests][];
                for (int i = 0; i < requests; i++) {
                    built[i] = m.apply(i);
                }
                request.add(i -> built[i]);
            }
        } else {
            request.addAll(make);
        }
        long start = System.currentTimeMillis();
        LoadGenerator.Result r = LoadGenerator.run(urls, requests, senders, request,
                Duration.ofSeconds(Math.max(300, events / 500)));
        log.accept(String.format(Locale.ROOT, "%s: %,d events in %,d requests, %.2f s, %,.0f events/s, p50 %s p99 %s "
                        + "[epoch ms %d-%d]", what, events, requests, r.elapsedNanos() / 1e9, r.perSecond(perRequest)
                        * events / ((double) requests * perRequest),
                ms(r.percentileNanos(50)), ms(r.percentileNanos(99)), start, System.currentTimeMillis()));
        return r;
    }

    /** Events per second from the first send until the sink has every one of them, each exactly once. */
    double endToEnd(String what, URI url, String token, EventBodies bodies, int n) throws Exception {
        return endToEnd(what, List.of(url), token, bodies, n, 1);
    }

    /**
     * The same from 16 senders spread over {@code urls}, with {@code perRequest} records in each
     * request ({@link EventBodies#many}) when more than 1.
     */
    double endToEnd(String what, List<URI> urls, String token, EventBodies bodies, int n, int perRequest) throws Exception {
        sink.expect(n);
        long start = System.currentTimeMillis();
        long t0 = System.nanoTime();
        int requests = (n + perRequest - 1) / perRequest;
        LoadGenerator.Result sent = LoadGenerator.run(urls, requests, 16, requestsTo(urls, token, bodies, n, perRequest),
                Duration.ofSeconds(Math.max(300, n / 200)));
        long acked = System.nanoTime();
        awaitArrivals(what, n, Duration.ofSeconds(Math.max(300, n / 200)));
        long elapsed = System.nanoTime() - t0;
        double rate = n / (elapsed / 1e9);
        log.accept(String.format(Locale.ROOT, "%s: %,d events, all sent in %.2f s, all received in %.2f s: %,.0f events/s; "
                        + "sender p50 %s p99 %s; %d duplicates [epoch ms %d-%d]", what, n, (acked - t0) / 1e9, elapsed / 1e9, rate,
                ms(sent.percentileNanos(50)), ms(sent.percentileNanos(99)), sink.duplicates(), start,
                System.currentTimeMillis()));
        if (sink.unparsed() > 0) {
            throw new IllegalStateException(what + ": " + sink.unparsed() + " requests carried no expected event");
        }
        return rate;
    }

    /** Request {@code i} for each URL: event {@code i}, or events {@code i*perRequest...} when more than one. */
    private static List<IntFunction<byte[]>> requestsTo(List<URI> urls, String token, EventBodies bodies, int events,
                                                        int perRequest) {
        return urls.stream().<IntFunction<byte[]>>map(url -> i -> LoadGenerator.post(url, token, perRequest == 1 ? bodies.one(i)
                : bodies.many(i * perRequest, Math.min(perRequest, events - i * perRequest)))).toList();
    }

    /**
     * Waits until the sink has all {@code n} events. Fails after {@code timeout}, or as soon as
     * nothing new arrived for 60 s, saying what each Herald holds: pending in its store, held in
     * memory, open circuits.
     */
    void awaitArrivals(String what, int n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        long lastChange = System.nanoTime();
        while (!sink.await(Duration.ofSeconds(5))) {
            int now = sink.distinct();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            }
            boolean stalled = System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(60);
            if (stalled || System.nanoTime() > deadline) {
                StringBuilder held = new StringBuilder();
                for (HeraldProcess herald : heralds) {
                    Map<String, Double> m = new HeraldMetrics(herald.baseUri()).read();
                    held.append(String.format(Locale.ROOT, "%nHerald on port %d: %.0f deliveries pending in its store, "
                                    + "%.0f held in memory, %.0f open circuits, %.0f dead%n%s", herald.port(),
                            m.getOrDefault("herald_deliveries_pending", -1.0), m.getOrDefault("herald_deliveries_scheduled", -1.0),
                            m.getOrDefault("herald_destinations_open_circuits", -1.0), m.getOrDefault("herald_deliveries_dead", -1.0),
                            herald.logTail(10)));
                }
                throw new IllegalStateException(String.format(Locale.ROOT, "%s: the receiver got %,d of %,d events, %s%s",
                        what, now, n, stalled ? "nothing new for 60 s" : "not all within " + timeout, held));
            }
        }
    }
}
