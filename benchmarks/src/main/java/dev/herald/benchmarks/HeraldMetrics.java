package dev.herald.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Herald's Prometheus metrics as the benchmark reads them: what is pending, held, open and dead. */
final class HeraldMetrics {
    private final URI metrics;

    HeraldMetrics(URI herald) {
        this.metrics = herald.resolve("/metrics");
    }

    /** Every series by its name with labels; {@code retried} is the sum of the {@code retried} attempt counters. */
    Map<String, Double> read() throws Exception {
        Map<String, Double> out = new LinkedHashMap<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            String text = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : text.split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                int sp = line.lastIndexOf(' ');
                String name = line.substring(0, sp);
                double v;
                try {
                    v = Double.parseDouble(line.substring(sp + 1));
                } catch (NumberFormatException e) {
                    continue;
                }
                out.put(name, v);
                if (name.startsWith("herald_deliveries_total{") && name.contains("outcome=\"retried\"")) {
                    out.merge("retried", v, Double::sum);
                }
            }
        }
        return out;
    }

    /** Waits until Herald's store has no pending delivery left (deletes are recorded after the answer). */
    Map<String, Double> awaitNothingPending(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Double> m = read();
        while (m.getOrDefault("herald_deliveries_pending", -1.0) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            m = read();
        }
        return m;
    }
}
