package dev.herald.sidecar.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bulk replay's listing against an admin API that behaves like Herald's (newest first,
 * {@code died_at < before}, replayed letters leave the table) with the awkward cases made certain:
 * more letters dead in one millisecond than a page holds, and letters that die again at once.
 */
class DeadLetterReplayTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    /** id → died at, the dead-letter table. */
    private final ConcurrentMap<String, Instant> table = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Integer> replays = new ConcurrentHashMap<>();
    private final AtomicLong dieAgainAt = new AtomicLong();
    private HttpServer admin;

    @AfterEach
    void stop() {
        admin.stop(0);
    }

    @Test
    void everyLetterIsReplayedOnceThoughAPageOfThemDiedInOneMillisecondAndEachDiesAgain() throws Exception {
        // Pages of 100: 120 died in the same millisecond (more than a page), 180 over the next second, 50 before --since.
        for (int i = 0; i < 120; i++) {
            table.put("tie-" + i, T0.plusMillis(5));
        }
        for (int i = 0; i < 180; i++) {
            table.put("spread-" + i, T0.plusMillis(10 + i * 7L));
        }
        for (int i = 0; i < 50; i++) {
            table.put("old-" + i, T0.minusSeconds(60 + i));
        }
        dieAgainAt.set(T0.plusSeconds(3600).toEpochMilli());
        startAdmin();

        StringWriter out = new StringWriter();
        DeadLetterReplay.Result result = new DeadLetterReplay(new AdminApi(new HeraldHttp(URI.create("http://127.0.0.1:"
                + admin.getAddress().getPort())), "t"), new ReplayProgress(new PrintWriter(out), false, Clock.systemUTC()), 100)
                .replaySince(T0);

        assertThat(result).isEqualTo(new DeadLetterReplay.Result(300, 300, 0, 0, null));
        assertThat(replays).hasSize(300).allSatisfy((id, times) -> assertThat(times).as(id).isEqualTo(1));
        assertThat(replays.keySet()).noneMatch(id -> id.startsWith("old-"));
        assertThat(out.toString()).containsPattern("replayed 300 dead letters in \\d+\\.\\d s \\(\\d+/s\\)\n$");
    }

    private void startAdmin() throws IOException {
        admin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        admin.createContext("/admin/dead-letters", this::answer);
        admin.start();
    }

    /** Herald's list and replay routes, over {@link #table}. */
    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (exchange.getRequestMethod().equals("GET")) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            Instant before = query.containsKey("before") ? Instant.parse(query.get("before")) : Instant.MAX;
            int limit = Integer.parseInt(query.get("limit"));
            ObjectNode root = Json.MAPPER.createObjectNode();
            ArrayNode letters = root.putArray("deadLetters");
            table.entrySet().stream().filter(e -> e.getValue().isBefore(before))
                    .sorted(Map.Entry.<String, Instant>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                    .limit(limit)
                    .forEach(e -> letters.addObject().put("id", e.getKey()).put("diedAt", e.getValue().toString()));
            reply(exchange, 200, root.toString());
        } else {
            String id = path.substring("/admin/dead-letters/".length(), path.length() - "/replay".length());
            if (table.remove(id) == null) {
                reply(exchange, 404, "{\"error\":\"no_such_dead_letter\",\"reason\":\"" + id + " is not a dead letter\"}");
                return;
            }
            replays.merge(id, 1, Integer::sum);
            // Its target still fails: it is dead again, later than anything listed.
            table.put(id, Instant.ofEpochMilli(dieAgainAt.incrementAndGet()));
            reply(exchange, 200, "{\"replayed\":[\"" + id + "\"]}");
        }
    }

    private static Map<String, String> query(String raw) {
        return List.of(raw.split("&")).stream().map(p -> p.split("=", 2)).collect(Collectors.toMap(
                p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8), (a, b) -> a, TreeMap::new));
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
