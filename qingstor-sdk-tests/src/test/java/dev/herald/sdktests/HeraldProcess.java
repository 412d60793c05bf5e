package dev.herald.sdktests;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code herald.jar} in a JVM of its own, for SDKs whose dependencies clash with Herald's. Started
 * on a free port with the given config; its output goes to {@code herald.log} in the work dir.
 */
final class HeraldProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private HeraldProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static HeraldProcess start(Path workDir, String yaml) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("herald.jar", "../sidecar/target/herald.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the sidecar first (mvn package -pl sidecar -am)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = Files.writeString(workDir.resolve("herald.yaml"), yaml);
        Path log = workDir.resolve("herald.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-jar", jar.toString(), "serve", "--config", config.toString(),
                "--port", Integer.toString(port), "--data", workDir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HeraldProcess herald = new HeraldProcess(p, port, log);
        herald.awaitReady(Duration.ofSeconds(60));
        return herald;
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("herald exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) baseUri().resolve("/readyz").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(1000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("herald not ready within " + timeout + ":\n" + Files.readString(log));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
