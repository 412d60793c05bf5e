package dev.herald.harness.ceph;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Ceph RGW (Debian 12 packages, Ceph 16.2) for end-to-end tests: one monitor,
 * one memstore OSD and radosgw on 127.0.0.1, started and stopped by the bundled {@code ceph-rgw.sh}.
 *
 * <p>Why a script and not a container: CI runs on a plain Debian machine without Docker, and the
 * Debian packages start in ~15 s (2 cores) without root-only paths. Every start picks fresh free ports for
 * RGW and the monitor so parallel runs do not collide. All state and logs live in the caller's
 * {@code workDir} ({@code workDir/log/*.log} is where to look when something fails); the caller
 * owns and deletes that directory.
 */
public final class CephRgw implements AutoCloseable {
    /** S3 user created by the script; test-only keys, never real credentials. */
    public static final String ACCESS_KEY = "TESTACCESSKEY";
    public static final String SECRET_KEY = "TESTSECRETKEY";

    private static final String SCRIPT_RESOURCE = "ceph-rgw.sh";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> REQUIRED_TOOLS =
            List.of("radosgw", "ceph-mon", "ceph-osd", "radosgw-admin", "ceph", "uuidgen");

    private final Path workDir;
    private final Path script;
    private final URI endpoint;
    private boolean closed;

    private CephRgw(Path workDir, Path script, URI endpoint) {
        this.workDir = workDir;
        this.script = script;
        this.endpoint = endpoint;
    }

    /** True when every Ceph binary the script needs is on the PATH (tests skip otherwise). */
    public static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        return REQUIRED_TOOLS.stream().allMatch(tool -> onPath(path, tool));
    }

    private static boolean onPath(String path, String tool) {
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts a fresh cluster in {@code workDir} and returns once radosgw serves S3 and the user
     * {@code tester} exists.
     *
     * @throws IllegalStateException with the script's output (including log tails) if it fails
     */
    public static CephRgw start(Path workDir) {
        try {
            Path dir = workDir.toAbsolutePath();
            Files.createDirectories(dir);
            Path script = dir.resolve(SCRIPT_RESOURCE);
            try (InputStream in = CephRgw.class.getResourceAsStream(SCRIPT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + SCRIPT_RESOURCE + " missing next to " + CephRgw.class.getName());
                }
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            int[] ports = freePorts(3);
            CephRgw rgw = new CephRgw(dir, script, URI.create("http://127.0.0.1:" + ports[0]));
            Result result = rgw.run(START_TIMEOUT, Map.of(
                    "RGW_PORT", Integer.toString(ports[0]),
                    "MON_V2_PORT", Integer.toString(ports[1]),
                    "MON_V1_PORT", Integer.toString(ports[2]),
                    "RGW_ACCESS_KEY", ACCESS_KEY,
                    "RGW_SECRET_KEY", SECRET_KEY), "start");
            if (!result.ok()) {
                IllegalStateException failure = new IllegalStateException("Ceph RGW did not start in " + dir + " ("
                        + result.describe() + "):\n" + result.output);
                try {
                    rgw.close(); // the script stops what it started on failure; this covers a timeout
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
                throw failure;
            }
            return rgw;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    /** The directory holding the cluster state and {@code log/}. */
    public Path workDir() {
        return workDir;
    }

    /**
     * S3 client for this RGW. Path-style because there is no wildcard DNS; checksums only when an
     * operation requires them, because Ceph 16 does not understand the SDK's default CRC trailers.
     */
    public S3Client s3Client() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** SNS client for RGW's topic API (served on the same endpoint as S3). */
    public SnsClient snsClient() {
        return SnsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * IAM client for RGW's role API (served on the same endpoint as S3). The user {@code tester} has
     * the {@code roles=*} capability the script grants, which CreateRole and PutRolePolicy require.
     */
    public IamClient iamClient() {
        return IamClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * Creates a role that the user {@code tester} may assume (STS AssumeRole) and whose permission
     * policy allows reading every object ({@code s3:GetObject}, {@code s3:ListBucket} on
     * {@code arn:aws:s3:::*}).
     *
     * @return the role's ARN, e.g. {@code arn:aws:iam:::role/herald-read}
     */
    public String createReadRole(String roleName) {
        return createRole(roleName, """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                "Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::*"]}]}""");
    }

    /**
     * Creates a role that the user {@code tester} may assume, with {@code permissionPolicy} (an IAM
     * policy document) attached as its only permission policy. Done through RGW's IAM API rather
     * than {@code radosgw-admin role create}: it needs no second process and exercises the API
     * users call, and Ceph 16's IAM CreateRole/PutRolePolicy accept the SDK's requests as is.
     *
     * @return the role's ARN
     */
    public String createRole(String roleName, String permissionPolicy) {
        String trust = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                "Principal":{"AWS":["arn:aws:iam:::user/tester"]},"Action":["sts:AssumeRole"]}]}""";
        try (IamClient iam = iamClient()) {
            String arn = iam.createRole(b -> b.roleName(roleName).path("/").assumeRolePolicyDocument(trust)).role().arn();
            iam.putRolePolicy(b -> b.roleName(roleName).policyName(roleName + "-policy").policyDocument(permissionPolicy));
            return arn;
        }
    }

    private StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /** Stops all daemons (SIGTERM, then SIGKILL after ~10 s). Idempotent; deletes nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Result result = run(STOP_TIMEOUT, Map.of(), "stop");
        if (!result.ok()) {
            throw new IllegalStateException("ceph-rgw.sh stop failed (" + result.describe() + "):\n" + result.output);
        }
    }

    private Result run(Duration timeout, Map<String, String> env, String command) {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), command, workDir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path out = workDir.resolve("ceph-rgw." + command + ".out");
        pb.redirectOutput(out.toFile());
        try {
            Process p = pb.start();
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            return new Result(finished ? p.exitValue() : null, timeout, output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running ceph-rgw.sh " + command, e);
        }
    }

    /** Distinct free loopback ports: all sockets are held open together so none repeats. */
    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    private record Result(Integer exitCode, Duration timeout, String output) {
        boolean ok() {
            return exitCode != null && exitCode == 0;
        }

        String describe() {
            return exitCode == null ? "timed out after " + timeout.toSeconds() + " s" : "exit code " + exitCode;
        }
    }

    @Override
    public String toString() {
        return "CephRgw[" + endpoint + ", " + workDir + "]";
    }
}
