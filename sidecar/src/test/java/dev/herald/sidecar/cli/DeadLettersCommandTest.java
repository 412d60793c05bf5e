package dev.herald.sidecar.cli;

import dev.herald.adapter.producer.CephOrigin;
import dev.herald.adapter.producer.CephPushEncoder;
import dev.herald.adapter.producer.ObjectChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald dead-letters ...}: dead letters made by a target that answers 500 with a single
 * attempt per delivery, then listed, shown, replayed (in bulk, with progress) and purged.
 */
class DeadLettersCommandTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Above one listing page (1000), so that the bulk replay pages. */
    private static final int MANY = 1500;
    private static final Pattern PROGRESS = Pattern.compile("replayed \\d+/" + MANY + " {2}\\(\\d+/s\\)");
    private static final Pattern SUMMARY = Pattern.compile("replayed " + MANY + " dead letters in \\d+\\.\\d s \\(\\d+/s\\)");

    @TempDir
    Path dir;
    TestHerald herald;
    TargetStub target;

    @BeforeEach
    void start() throws Exception {
        herald = TestHerald.start(dir, "delivery: { allowPrivateTargets: true, retrySchedule: [0s], jitter: 0, "
                + "circuitBreaker: { enabled: false } }\n");
        target = new TargetStub();
        Path rules = Files.writeString(dir.resolve("rules.json"), """
                {"notifications":[{"id":"r1","appId":"a","status":"enabled","resources":["/"],"events":["PutObject"],
                "apps":[{"id":"a","eventUrl":"%s"}]}]}""".formatted(target.url("/bos")));
        assertThat(herald.cli("rules", "put", "--dialect", "bos", "--bucket", "photos", "--file", rules.toString()).exitCode()).isZero();
    }

    @AfterEach
    void stop() {
        herald.close();
        target.close();
    }

    @Test
    void aBulkReplayShowsProgressAndDeliversEveryDeadLetterOnce() throws Exception {
        Instant before = Instant.now();
        deadLetters(MANY);
        target.answer(200);

        Cli.Run replay = herald.cli("dead-letters", "replay", "--all", "--since", before.toString());

        assertThat(replay.exitCode()).as(replay.err()).isZero();
        List<String> lines = replay.out().lines().toList();
        assertThat(lines.getLast()).matches(SUMMARY);
        // Standard output is not a terminal here: whole lines, never a carriage return.
        assertThat(replay.out()).doesNotContain("\r");
        assertThat(lines.subList(0, lines.size() - 1)).allMatch(l -> PROGRESS.matcher(l).matches());
        awaitDelivered(MANY);
        assertThat(herald.cli("dead-letters", "list").out()).isEqualTo("no dead letters\n");
        System.out.println("bulk replay of " + MANY + ": " + lines.getLast() + " (" + (lines.size() - 1) + " progress lines)");
    }

    @Test
    void listShowReplayAndPurgeOne() throws Exception {
        deadLetters(2);
        Cli.Run list = herald.cli("dead-letters", "list");
        List<String> rows = list.out().lines().toList();
        assertThat(rows.getFirst()).matches("ID {34}  DIED +DIALECT  BUCKET  RULE  ATTEMPTS  LAST {6}TARGET");
        assertThat(rows.subList(1, rows.size())).hasSize(2).allMatch(row -> row.matches(
                "[0-9a-f-]{36}  \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z +bos {6}photos  r1 {4}1 {9}HTTP 500  POST " + Pattern.quote(target.url("/bos"))));
        String first = rows.get(1).substring(0, 36);
        String second = rows.get(2).substring(0, 36);

        Cli.Run show = herald.cli("dead-letters", "show", first);
        assertThat(show.out()).startsWith("id        " + first + "\ndialect   bos\nbucket    photos\nrule      r1\n")
                .contains("\ntarget    POST " + target.url("/bos") + "\nattempts  1\n")
                .containsPattern("\nATTEMPT  STARTED +MS +STATUS  ERROR\n1 +\\S+Z +\\d+ +500 +HTTP 500\n$");
        assertThat(herald.cli("dead-letters", "show", first, "--json").out()).contains("\"attemptLog\": [", "\"status\": 500");

        target.answer(200);
        assertThat(herald.cli("dead-letters", "replay", first)).isEqualTo(new Cli.Run(0, "replayed dead letter " + first + "\n", ""));
        awaitDelivered(1);
        assertThat(herald.cli("dead-letters", "purge", second)).isEqualTo(new Cli.Run(0, "purged dead letter " + second + "\n", ""));
        assertThat(herald.cli("dead-letters", "list").out()).isEqualTo("no dead letters\n");
        assertThat(herald.cli("dead-letters", "replay", second)).isEqualTo(new Cli.Run(1, "",
                "herald: refused by Herald: 404 no_such_dead_letter: " + second + " is not a dead letter\n"));
    }

    @Test
    void purgeBeforeAndReplaySinceSelectByTime() throws Exception {
        deadLetters(3);
        Instant after = Instant.now().plusSeconds(1);
        assertThat(herald.cli("dead-letters", "replay", "--all", "--since", after.toString()))
                .isEqualTo(new Cli.Run(0, "no dead letters died since " + after + "\n", ""));
        assertThat(herald.cli("dead-letters", "purge", "--before", after.toString()))
                .isEqualTo(new Cli.Run(0, "purged 3 dead letters that died before " + after + "\n", ""));
        assertThat(herald.cli("dead-letters", "list", "--json").out()).isEqualTo("{\n  \"deadLetters\": [ ]\n}\n");
    }

    @Test
    void usageMistakesAndTheAdminTokenAreChecked() {
        assertThat(herald.cli("dead-letters", "replay")).isEqualTo(new Cli.Run(2, "", "herald: give either an ID or --all [--since TIME]\n"));
        assertThat(herald.cli("dead-letters", "purge", "x", "--before", "1h"))
                .isEqualTo(new Cli.Run(2, "", "herald: give either an ID or --before TIME\n"));
        Cli.Run wrongToken = herald.cli("dead-letters", "list", "--admin-token", "nope");
        assertThat(wrongToken).isEqualTo(new Cli.Run(1, "",
                "herald: refused by Herald: 401 unauthorized: Authorization: Bearer <admin.token> required\n"));
    }

    /** {@code count} events, each one BOS delivery that dies at its first and only attempt. */
    private void deadLetters(int count) throws Exception {
        double deadBefore = dead();
        for (int first = 0; first < count; first += 250) {
            List<String> records = new ArrayList<>();
            for (int n = first; n < Math.min(count, first + 250); n++) {
                ObjectChange change = new ObjectChange("ObjectCreated:Put", "photos", "dead/" + n + ".jpg", 1L, "e" + n, null,
                        null, "tester", Instant.now(), Map.of());
                String body = CephPushEncoder.encode(change, CephOrigin.local(change, "t", ""));
                records.add(body.substring("{\"Records\":[".length(), body.length() - 2));
            }
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(herald.endpoint() + "/ingest/ceph/"
                    + TestHerald.CEPH_TOKEN)).POST(HttpRequest.BodyPublishers.ofString("{\"Records\":[" + String.join(",", records)
                    + "]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        // Dead once counted and no longer pending: the dead-letter rows are committed.
        await(() -> dead() - deadBefore == count && metric("herald_deliveries_pending") == 0, "dead letters: " + count);
    }

    private void awaitDelivered(int count) throws Exception {
        await(() -> target.delivered().size() == count, count + " deliveries");
    }

    private double dead() throws Exception {
        return metrics().lines().filter(l -> l.startsWith("herald_deliveries_total{") && l.contains("outcome=\"dead\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private double metric(String name) throws Exception {
        return metrics().lines().filter(l -> l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1))).findFirst().orElse(-1);
    }

    private String metrics() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(herald.endpoint() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition, String what) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
