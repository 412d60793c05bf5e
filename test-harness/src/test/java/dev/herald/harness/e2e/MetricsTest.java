package dev.herald.harness.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.RecordingReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /metrics} of a Herald that ingested events from MinIO and Ceph and delivered them to a
 * receiver that accepts ({@code /ok}), fails ({@code /fail}: retried an hour later, so pending) or
 * answers 410 ({@code /gone}: dead at once); and the shipped Grafana dashboard, whose queries may
 * name only metrics that this scrape has.
 */
class MetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.withConfig(HeraldExtension.DEFAULT_YAML
            .replace("  retrySchedule: [0s, 200ms, 500ms, 1s, 2s]", "  retrySchedule: [0s, 1h]"));

    /** A scrape over HTTP once the traffic below has settled. */
    static Samples scrape;

    @BeforeAll
    static void ingestAndDeliver() throws Exception {
        RecordingReceiver receiver = herald.receiver().answerWith(r -> RecordingReceiver.Answer.status(switch (r.path()) {
            case "/ok" -> 200;
            case "/gone" -> 410;
            default -> 500;
        }));
        for (String[] bucketAndPath : new String[][] {{"photos", "/ok"}, {"slow", "/fail"}, {"gone", "/gone"}}) {
            BosSdk.putRules(herald.baseUri(), ACCESS_KEY, SECRET_KEY, bucketAndPath[0], List.of(BosSdk.rule(
                    "r-" + bucketAndPath[0], receiver.url(bucketAndPath[1]).toString(), null, List.of("/"), List.of("PutObject"))));
        }
        for (String key : List.of("a.jpg", "b.jpg", "c.jpg")) {
            assertThat(herald.minio(ObjectOperation.put("photos", key).size(1).eTag("e")).status()).isEqualTo(200);
        }
        assertThat(herald.ceph(ObjectOperation.put("photos", "d.jpg").size(1).eTag("e")).status()).isEqualTo(200);
        for (String key : List.of("a.jpg", "b.jpg")) {
            assertThat(herald.minio(ObjectOperation.put("slow", key).size(1).eTag("e")).status()).isEqualTo(200);
        }
        assertThat(herald.minio(ObjectOperation.put("gone", "a.jpg").size(1).eTag("e")).status()).isEqualTo(200);
        assertThat(herald.post("/ingest/minio", "{}", "Bearer wrong").status()).isEqualTo(401);

        receiver.awaitRequests(7, Duration.ofSeconds(10));
        scrape = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(MetricsTest::scrapeNow,
                s -> s.value("herald_deliveries_total", "outcome", "succeeded") == 4
                        && s.value("herald_deliveries_total", "outcome", "retried") == 2
                        && s.value("herald_deliveries_total", "outcome", "dead") == 1
                        && s.value("herald_deliveries_pending") == 2
                        && s.value("herald_deliveries_dead") == 1
                        && s.value("herald_deliveries_pending_oldest_age_seconds") > 0);
    }

    @Test
    void eventAndDeliveryCountersAreExact() {
        assertThat(scrape.value("herald_events_received_total", "producer", "minio")).isEqualTo(6);
        assertThat(scrape.value("herald_events_received_total", "producer", "ceph")).isEqualTo(1);
        assertThat(scrape.value("herald_events_stored_total", "producer", "minio")).isEqualTo(6);
        assertThat(scrape.value("herald_events_stored_total", "producer", "ceph")).isEqualTo(1);
        assertThat(scrape.value("herald_ingest_rejected_total", "producer", "minio", "reason", "auth")).isEqualTo(1);
        assertThat(scrape.sum("herald_ingest_rejected_total")).as("nothing else refused").isEqualTo(1);

        assertThat(scrape.labels("herald_deliveries_total")).as("by dialect, destination host and outcome")
                .allSatisfy(l -> assertThat(l).containsEntry("dialect", "bos").containsEntry("host", "127.0.0.1"));
        assertThat(scrape.value("herald_deliveries_total", "outcome", "succeeded")).isEqualTo(4);
        assertThat(scrape.value("herald_deliveries_total", "outcome", "retried")).isEqualTo(2);
        assertThat(scrape.value("herald_deliveries_total", "outcome", "dead")).isEqualTo(1);
    }

    @Test
    void queueDepthOldestPendingAgeAndDeadLetters() {
        assertThat(scrape.value("herald_deliveries_pending")).as("the two failing deliveries wait for their retry")
                .isEqualTo(2).isEqualTo(herald.server().storage().deliveries().pendingCount());
        assertThat(scrape.value("herald_deliveries_pending_oldest_age_seconds")).isGreaterThan(0).isLessThan(60);
        assertThat(scrape.value("herald_deliveries_dead")).isEqualTo(1).isEqualTo(herald.server().storage().deadLetters().count());
    }

    @Test
    void ingestAckAndEndToEndLatencyAreHistograms() {
        assertThat(scrape.value("herald_ingest_ack_seconds_count", "producer", "minio")).isEqualTo(6);
        assertThat(scrape.value("herald_ingest_ack_seconds_count", "producer", "ceph")).isEqualTo(1);
        assertThat(scrape.value("herald_ingest_ack_seconds_bucket", "producer", "minio", "le", "+Inf")).isEqualTo(6);
        assertThat(scrape.labels("herald_ingest_ack_seconds_bucket")).hasSizeGreaterThan(40);

        assertThat(scrape.sum("herald_delivery_latency_seconds_count", l -> "bos".equals(l.get("dialect"))))
                .as("successful deliveries only").isEqualTo(4);
        assertThat(scrape.sum("herald_delivery_latency_seconds_bucket", l -> "+Inf".equals(l.get("le")))).isEqualTo(4);
        assertThat(scrape.sum("herald_delivery_latency_seconds_bucket", l -> "172800.0".equals(l.get("le")))).isEqualTo(4);
        assertThat(scrape.labels("herald_delivery_latency_seconds_bucket"))
                .allSatisfy(l -> assertThat(l).containsKeys("dialect", "host", "le"));
    }

    /** The dashboard cannot drift from the code: every metric its queries name is in a real scrape. */
    @Test
    void theGrafanaDashboardQueriesOnlyMetricsHeraldExports() throws IOException {
        JsonNode dashboard = JSON.readTree(dashboardFile().toFile());
        assertThat(dashboard.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        List<String> expressions = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.at("/datasource/uid").asText()).as(panel.get("title").asText()).isEqualTo("${DS_PROMETHEUS}");
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.at("/datasource/uid").asText()).isEqualTo("${DS_PROMETHEUS}");
                String expr = target.get("expr").asText();
                expressions.add(expr);
                Set<String> used = PromQl.metricNames(expr);
                assertThat(used).as("metrics in " + expr).isNotEmpty();
                names.addAll(used);
            }
        }
        for (JsonNode variable : dashboard.at("/templating/list")) {
            if (variable.get("type").asText().equals("query")) {
                Matcher m = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(variable.get("definition").asText());
                assertThat(m.find()).as(variable.get("definition").asText()).isTrue();
                names.add(m.group(1));
            } else {
                assertThat(variable.get("type").asText()).isEqualTo("datasource");
                assertThat(variable.get("name").asText()).isEqualTo("DS_PROMETHEUS");
                assertThat(variable.get("query").asText()).isEqualTo("prometheus");
            }
        }
        assertThat(expressions).allSatisfy(e -> assertThat(PromQl.balanced(e)).as("brackets of " + e).isTrue());
        assertThat(names).as("the panels the dashboard promises").containsAll(List.of("herald_events_received_total",
                "herald_ingest_rejected_total", "herald_ingest_ack_seconds_bucket", "herald_deliveries_total",
                "herald_delivery_latency_seconds_bucket", "herald_deliveries_pending",
                "herald_deliveries_pending_oldest_age_seconds", "herald_deliveries_dead"));
        assertThat(names).allSatisfy(name -> assertThat(scrape.names()).as("scraped from Herald").contains(name));
    }

    private static Path dashboardFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("docs/grafana/herald-dashboard.json");
            if (Files.exists(file)) {
                return file;
            }
        }
        throw new AssertionError("docs/grafana/herald-dashboard.json not found above " + Path.of("").toAbsolutePath());
    }

    private static Samples scrapeNow() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(herald.baseUri().resolve("/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return Samples.parse(r.body());
    }

    /** The samples of a Prometheus text-format scrape. */
    record Samples(List<Sample> samples) {
        record Sample(String name, Map<String, String> labels, double value) {
        }

        private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: \\d+)?");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

        static Samples parse(String text) {
            List<Sample> out = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Matcher m = LINE.matcher(line);
                assertThat(m.matches()).as("a sample line: " + line).isTrue();
                Map<String, String> labels = new LinkedHashMap<>();
                if (m.group(2) != null) {
                    Matcher l = LABEL.matcher(m.group(2));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                }
                out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
            }
            return new Samples(out);
        }

        Set<String> names() {
            Set<String> names = new TreeSet<>();
            samples.forEach(s -> names.add(s.name()));
            return names;
        }

        List<Map<String, String>> labels(String name) {
            return samples.stream().filter(s -> s.name().equals(name)).map(Sample::labels).toList();
        }

        double sum(String name) {
            return sum(name, l -> true);
        }

        double sum(String name, Predicate<Map<String, String>> labels) {
            return samples.stream().filter(s -> s.name().equals(name) && labels.test(s.labels())).mapToDouble(Sample::value).sum();
        }

        /** The sum over the series of {@code name} whose labels include these {@code key, value} pairs; NaN when there is none. */
        double value(String name, String... keyValues) {
            List<Sample> matching = samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
                for (int i = 0; i < keyValues.length; i += 2) {
                    if (!keyValues[i + 1].equals(s.labels().get(keyValues[i]))) {
                        return false;
                    }
                }
                return true;
            }).toList();
            return matching.isEmpty() ? Double.NaN : matching.stream().mapToDouble(Sample::value).sum();
        }
    }

    /** Just enough PromQL to find the metric names in an expression. */
    static final class PromQl {
        private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
                "ignoring", "group_left", "group_right", "inf", "nan");
        private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

        private PromQl() {
        }

        /** Identifiers that are neither calls, keywords, label names, nor inside strings, selectors or ranges. */
        static Set<String> metricNames(String expr) {
            String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                    .replaceAll("\\{[^}]*}", " ")
                    .replaceAll("\\[[^]]*]", " ")
                    .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
            Set<String> names = new TreeSet<>();
            Matcher m = IDENTIFIER.matcher(s);
            while (m.find()) {
                boolean call = s.substring(m.end()).matches("(?s)\\s*\\(.*");
                boolean partOfNumber = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
                if (!call && !partOfNumber && !KEYWORDS.contains(m.group().toLowerCase())) {
                    names.add(m.group());
                }
            }
            return names;
        }

        static boolean balanced(String expr) {
            int depth = 0;
            for (char c : expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "").toCharArray()) {
                depth += c == '(' || c == '{' || c == '[' ? 1 : c == ')' || c == '}' || c == ']' ? -1 : 0;
                if (depth < 0) {
                    return false;
                }
            }
            return depth == 0;
        }
    }
}
