package dev.herald.harness.quickstart;

import dev.herald.harness.HeraldProcess;
import dev.herald.harness.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's quick start, run as written: its commands (read from the README, so the two cannot
 * drift) through the {@code ./herald} launcher, in a copy of the repository's root with the
 * packaged jar, {@code herald.yaml} and {@code examples/bos-rule.json}. Only the two ports change
 * (Herald's 9100 and the receiver's 8080 become free ones), as builds run side by side. The
 * receiver must print the signed BOS push the README shows.
 */
class QuickStartTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration STEP = Duration.ofSeconds(60);

    @TempDir
    Path clone;
    private final List<Process> running = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : running.reversed()) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void theReadmesQuickStartEndsWithASignedBosPushAtTheReceiver() throws Exception {
        ReadmeQuickStart readme = ReadmeQuickStart.read(ROOT.resolve("README.md"));
        assertThat(readme.commands()).extracting(c -> String.join(" ", c.subList(0, Math.min(2, c.size()))))
                .containsExactly("./herald", "./herald receive", "./herald rules", "./herald events");
        String yaml = Files.readString(ROOT.resolve("herald.yaml"));
        String heraldPort = match(yaml, "(?m)^\\s+port:\\s*(\\d+)");
        List<String> receive = readme.commands().get(1);
        String receiverPort = receive.get(receive.indexOf("--port") + 1);
        int newHeraldPort = Ports.freePort();
        int newReceiverPort = Ports.freePort();

        copy("herald", s -> s);
        copy("herald.yaml", s -> s.replace("port: " + heraldPort, "port: " + newHeraldPort));
        copy("examples/bos-rule.json", s -> s.replace("127.0.0.1:" + receiverPort, "127.0.0.1:" + newReceiverPort));
        copy("sidecar/src/main/resources/dev/herald/sidecar/jvm.options", s -> s);
        Path jar = clone.resolve("sidecar/target/herald.jar");
        Files.createDirectories(jar.getParent());
        Files.copy(HeraldProcess.jar(), jar);
        // Newer than every copied source, so that the launcher runs it instead of building.
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        clone.resolve("herald").toFile().setExecutable(true);

        Path serveLog = start(readme.commands().get(0), "serve.log");
        await().atMost(STEP).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> ready(newHeraldPort), r -> r);
        Path receiverLog = start(withPort(receive, receiverPort, newReceiverPort), "receive.log");
        await().atMost(STEP).until(() -> Files.readString(receiverLog).contains("listening on"));

        Run rules = run(readme.commands().get(2));
        assertThat(rules.exit()).as(rules.output()).isZero();
        assertThat(rules.output()).isEqualTo("bos notification rules of bucket photos replaced\n");
        Run send = run(readme.commands().get(3));
        assertThat(send.exit()).as(send.output()).isZero();
        assertThat(send.output().lines().findFirst()).as("the answer the README shows").hasValue(readme.eventsAnswer());

        await().atMost(STEP).until(() -> Files.readString(receiverLog).contains("\n}\n"));
        List<String> printed = Files.readString(receiverLog).lines().map(QuickStartTest::normalized).toList();
        List<String> shown = readme.receiverLines().stream().map(QuickStartTest::normalized).toList();
        assertThat(inOrder(shown, printed)).as("every line the README shows, in its order, in:\n" + String.join("\n", printed)
                + "\nHerald's log:\n" + Files.readString(serveLog)).isTrue();
    }

    /** Times, ids and signatures differ from run to run (the README says so); trailing commas with abridging. */
    private static String normalized(String line) {
        return line.trim()
                .replaceAll("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z", "<time>")
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>")
                .replaceAll("/[0-9a-f]{16}(…|[0-9a-f]{48})$", "/<signature>")
                .replaceAll(",$", "");
    }

    private static boolean inOrder(List<String> wanted, List<String> lines) {
        int at = 0;
        for (String w : wanted) {
            while (at < lines.size() && !lines.get(at).equals(w)) {
                at++;
            }
            if (at++ >= lines.size()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> withPort(List<String> command, String from, int to) {
        return command.stream().map(a -> a.equals(from) ? String.valueOf(to) : a).toList();
    }

    private Path start(List<String> command, String log) throws IOException {
        Path out = clone.resolve(log);
        running.add(process(command).redirectOutput(out.toFile()).start());
        return out;
    }

    private Run run(List<String> command) throws Exception {
        Process p = process(command).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(STEP.toSeconds(), TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Run(p.exitValue(), output);
    }

    private record Run(int exit, String output) {
    }

    private ProcessBuilder process(List<String> command) {
        List<String> argv = new ArrayList<>(List.of("bash"));
        argv.addAll(command);
        return new ProcessBuilder(argv).directory(clone.toFile()).redirectErrorStream(true);
    }

    private void copy(String path, UnaryOperator<String> edit) throws IOException {
        Path to = clone.resolve(path);
        Files.createDirectories(to.getParent());
        Files.writeString(to, edit.apply(Files.readString(ROOT.resolve(path))));
    }

    private static boolean ready(int port) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    private static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in herald.yaml");
        }
        return m.group(1);
    }
}
