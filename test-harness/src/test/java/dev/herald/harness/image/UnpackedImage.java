package dev.herald.harness.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Herald's OCI image archive as a container runtime sees it: copied out of the archive by skopeo,
 * unpacked by umoci into a root filesystem and the runtime config umoci derives from the image's
 * config (entrypoint, user, working directory, environment). {@link #start} runs that process in
 * the root filesystem, in a mount namespace of its own with {@code /proc} and {@code /dev}, on the
 * host's network: what a container runtime does, short of the network and cgroups.
 */
final class UnpackedImage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path rootfs;
    private final JsonNode process;
    private final JsonNode imageConfig;

    private UnpackedImage(Path rootfs, JsonNode process, JsonNode imageConfig) {
        this.rootfs = rootfs;
        this.process = process;
        this.imageConfig = imageConfig;
    }

    /** Unpacks the image {@code reference} of {@code archive} under {@code work}. */
    static UnpackedImage unpack(Path archive, String reference, Path work) throws IOException, InterruptedException {
        Path layout = work.resolve("oci");
        Path bundle = work.resolve("bundle");
        run(Duration.ofMinutes(2), "skopeo", "copy", "oci-archive:" + archive + ":" + reference, "oci:" + layout + ":herald");
        run(Duration.ofMinutes(2), "umoci", "unpack", "--image", layout + ":herald", bundle.toString());
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode manifest = JSON.readTree(blob(layout, index.path("manifests").path(0).path("digest").asText()));
        JsonNode config = JSON.readTree(blob(layout, manifest.path("config").path("digest").asText()));
        return new UnpackedImage(bundle.resolve("rootfs"), JSON.readTree(bundle.resolve("config.json").toFile()).path("process"),
                config.path("config"));
    }

    private static byte[] blob(Path layout, String digest) throws IOException {
        return Files.readAllBytes(layout.resolve("blobs").resolve(digest.replace(':', '/')));
    }

    Path rootfs() {
        return rootfs;
    }

    /** The runtime's process: {@code args}, {@code user}, {@code cwd}, {@code env}. */
    JsonNode process() {
        return process;
    }

    /** The image config's {@code config}: {@code ExposedPorts}, {@code Volumes}, {@code User}, ... */
    JsonNode imageConfig() {
        return imageConfig;
    }

    /** Starts the image's process with its environment plus {@code env}; output goes to {@code log}. */
    Process start(Map<String, String> env, Path log) throws IOException {
        List<String> args = new ArrayList<>();
        process.path("args").forEach(a -> args.add(a.asText()));
        return start(args, env, log);
    }

    /** Starts the image's entrypoint with {@code cmd} instead of the image's, as {@code docker run IMAGE CMD...} would. */
    Process startWithCmd(List<String> cmd, Map<String, String> env, Path log) throws IOException {
        List<String> args = new ArrayList<>();
        imageConfig.path("Entrypoint").forEach(a -> args.add(a.asText()));
        args.addAll(cmd);
        return start(args, env, log);
    }

    private Process start(List<String> args, Map<String, String> env, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--fork", "sh", "-c",
                "mount --rbind /dev \"$0/dev\" && mount -t proc proc \"$0/proc\" && exec \"$@\"", rootfs.toString(),
                "env", "-i"));
        process.path("env").forEach(e -> command.add(e.asText()));
        env.forEach((k, v) -> command.add(k + "=" + v));
        command.addAll(List.of("unshare", "--root=" + rootfs, "--wd=" + process.path("cwd").asText(),
                "--setuid", process.path("user").path("uid").asText(), "--setgid", process.path("user").path("gid").asText()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Runs a command to its end; fails with its output unless it exits 0. */
    static String run(Duration timeout, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + text);
        }
        return text;
    }
}
