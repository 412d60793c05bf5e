package dev.herald.sidecar;

import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.bos.BceAuthV1;
import dev.herald.sidecar.testing.TestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that misbehave on purpose, over a real socket: slow heads and bodies (slowloris),
 * unsigned config requests, and a credential that stores more than its limits allow.
 */
class HostileClientsTest {
    @TempDir
    static Path dir;
    static HeraldServer server;

    @BeforeAll
    static void start() throws Exception {
        server = HeraldServer.start(TestConfig.of("""
                server: { port: 0, headerTimeout: 1s, minBodyRate: 100 }
                store: { path: %s }
                credentials:
                  - { accessKey: ak1, secretKey: sk1 }
                  - { accessKey: ak2, secretKey: sk2 }
                credentialLimits: { maxBuckets: 2, maxRules: 3 }
                delivery: { allowPrivateTargets: true }
                dialects:
                  qingstor: { hostSuffix: qs.herald.test }
                  ks3: { hostSuffix: ks3.herald.test }
                """.formatted(dir.resolve("data"))), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRequestHeadSentAByteASecondIsCutOffWithinTwiceTheHeaderTimeout() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(200);
            OutputStream out = socket.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            boolean closed = false;
            // A header that never ends, one byte a second: Jetty's idle timeout alone would never fire.
            for (int i = 0; i < 8 && !closed; i++) {
                closed = !sendAndStillOpen(socket, 'a');
            }
            assertThat(closed).as("closed while the head was still arriving").isTrue();
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms until closed").isLessThan(4_000);
        }
    }

    @Test
    void aBodySlowerThanTheMinimumRateIsAnswered408() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(200);
            OutputStream out = socket.getOutputStream();
            out.write("POST /ingest/minio HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = "";
            for (int i = 0; i < 8 && answer.isEmpty(); i++) {
                out.write('{');
                out.flush();
                answer = readWithin(socket.getInputStream(), 1_000);
            }
            assertThat(answer).startsWith("HTTP/1.1 408 ").contains("\"error\":\"request_timeout\"");
        }
    }

    @Test
    void anOrdinaryRequestIsUntouchedByTheDeadlines() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readWithin(socket.getInputStream(), 5_000)).startsWith("HTTP/1.1 200 ");
            Thread.sleep(2_500);
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readWithin(socket.getInputStream(), 5_000)).as("an idle keep-alive connection is the idle timeout's")
                    .startsWith("HTTP/1.1 200 ");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PUT|127.0.0.1|''|\"error\":\"access_denied\"",
            "GET|127.0.0.1|Garbage x|\"error\":\"access_denied\"",
            "DELETE|127.0.0.1|AWS |\"error\":\"access_denied\"",
            "GET|127.0.0.1|AWS |\"error\":\"access_denied\"",
            "PUT|photos.qs.herald.test|''|\"code\":\"permission_denied\"",
            "DELETE|photos.qs.herald.test|Garbage x|\"code\":\"permission_denied\"",
            "GET|photos.ks3.herald.test|''|<Code>AccessDenied</Code>",
            "PUT|photos.ks3.herald.test|''|<Code>AccessDenied</Code>"})
    void anUnsignedOrGarbageSignedConfigRequestIs403(String method, String host, String authorization, String body)
            throws IOException {
        String path = host.startsWith("photos.") ? "/" : "/photos";
        String answer = raw(method + " " + path + "?notification HTTP/1.1\r\nHost: " + host + "\r\n"
                + (authorization.isEmpty() ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 403 ").contains(body);
    }

    @Test
    void aBosSubResourceHeraldDoesNotServeIs405OnceSignedAnd403Before() throws IOException {
        assertThat(bos("GET", "ak1", "sk1", "photos", "acl", "")).startsWith("HTTP/1.1 405 ").contains("\"code\":\"MethodNotAllowed\"");
        assertThat(raw("GET /v1/b?acl HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")).as("unsigned: the signature first")
                .startsWith("HTTP/1.1 403 ").contains("\"code\":\"AccessDenied\"");
    }

    @Test
    void aCredentialIsRefusedWithTheVendorsCodeBeyondItsLimits() throws IOException {
        assertThat(putBosRules("ak1", "sk1", "limit-a", 1)).startsWith("HTTP/1.1 200 ");
        assertThat(putBosRules("ak1", "sk1", "limit-b", 1)).startsWith("HTTP/1.1 200 ");
        assertThat(putBosRules("ak1", "sk1", "limit-c", 1)).as("a third bucket").startsWith("HTTP/1.1 400 ")
                .contains("\"code\":\"TooManyRules\"", "credentialLimits.maxBuckets is 2");
        assertThat(putBosRules("ak1", "sk1", "limit-b", 2)).as("replacing a bucket's rules counts them once")
                .startsWith("HTTP/1.1 200 ");
        assertThat(putBosRules("ak1", "sk1", "limit-b", 3)).startsWith("HTTP/1.1 400 ")
                .contains("\"code\":\"TooManyRules\"", "credentialLimits.maxRules is 3");
        assertThat(putBosRules("ak2", "sk2", "limit-c", 3)).as("another key has its own share").startsWith("HTTP/1.1 200 ");
        assertThat(bos("DELETE", "ak1", "sk1", "limit-a", "notification", "")).startsWith("HTTP/1.1 200 ");
        assertThat(putBosRules("ak1", "sk1", "limit-d", 1)).as("a delete frees its share").startsWith("HTTP/1.1 200 ");
        assertThat(bos("GET", "ak1", "sk1", "limit-c", "notification", "")).as("the refused PUT stored nothing of ak1's")
                .contains("\"id\":\"r0\"", "\"id\":\"r2\"");
    }

    private static String putBosRules(String ak, String sk, String bucket, int rules) throws IOException {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < rules; i++) {
            list.append(i == 0 ? "" : ",").append("""
                    {"id":"r%d","appId":"a","status":"enabled","resources":["/"],"events":["PutObject"],
                    "apps":[{"id":"a","eventUrl":"http://127.0.0.1:9/bos"}]}""".formatted(i));
        }
        return bos("PUT", ak, sk, bucket, "notification", "{\"notifications\":[" + list + "]}");
    }

    private static String bos(String method, String ak, String sk, String bucket, String query, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("127.0.0.1:" + server.port()));
        headers.put("Content-Type", List.of("application/json; charset=utf-8"));
        headers.put("Content-Length", List.of(Integer.toString(bytes.length)));
        headers.put("x-bce-date", List.of(now.toString()));
        String path = "/v1/" + bucket;
        String auth = BceAuthV1.sign(new HttpRequestView(method, path, query, headers, bytes), ak, sk, now, 1800,
                List.of());
        StringBuilder head = new StringBuilder(method + " " + path + "?" + query + " HTTP/1.1\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v.getFirst()).append("\r\n"));
        head.append("Authorization: ").append(auth).append("\r\nConnection: close\r\n\r\n");
        return raw(head + body);
    }

    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Sends one byte, then waits a second: whether the connection is still open after it. */
    private static boolean sendAndStillOpen(Socket socket, char c) throws InterruptedException {
        try {
            socket.getOutputStream().write(c);
            socket.getOutputStream().flush();
            return readWithin(socket.getInputStream(), 1_000).isEmpty() && !eof;
        } catch (IOException e) {
            return false;
        }
    }

    private static volatile boolean eof;

    /** What arrives within {@code millis} (empty if nothing); sets {@link #eof} when the peer closed. */
    private static String readWithin(InputStream in, long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[4096];
        eof = false;
        while (System.nanoTime() < deadline) {
            try {
                int n = in.read(buf);
                if (n < 0) {
                    eof = true;
                    break;
                }
                got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            } catch (SocketTimeoutException stillOpen) {
                if (!got.isEmpty()) {
                    break;
                }
            } catch (SocketException reset) {
                eof = true;
                break;
            }
        }
        return got.toString();
    }
}
