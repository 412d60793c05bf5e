package dev.herald.harness.e2e;

import com.baidubce.services.bos.BosClient;
import dev.herald.adapter.backend.CephBucketWiring;
import dev.herald.adapter.backend.S3Backend;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.ceph.CephRgwExtension;
import dev.herald.sidecar.HeraldMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald doctor} against a running Herald in front of a real Ceph RGW: the backend takes
 * Herald's key, the clocks agree, the bucket Herald wired is reported wired; once its notification
 * configuration is removed behind Herald's back, doctor says so, says how to fix it, and exits 1.
 */
class DoctorCephTest {
    @RegisterExtension
    static CephRgwExtension ceph = CephRgwExtension.withBuckets("doctored");

    @RegisterExtension
    HeraldExtension herald = HeraldExtension.withConfig(DoctorCephTest::yaml);

    @TempDir
    Path dir;

    private static String yaml() {
        return HeraldExtension.DEFAULT_YAML + """
                admin: { token: doctor-admin-token }
                backend: { endpoint: "%s", accessKey: %s, secretKey: %s, kind: ceph }
                """.formatted(ceph.rgw().endpoint(), ceph.rgw().accessKey(), ceph.rgw().secretKey());
    }

    @Test
    void reportsTheBucketWiredThenUnwired() throws IOException {
        BosClient bos = BosSdk.client(herald.baseUri(), ACCESS_KEY, SECRET_KEY);
        try {
            bos.putNotification("doctored", List.of(BosSdk.rule("all", herald.receiver().url("/bos").toString(), null,
                    List.of("/"), List.of("PutObject"))));
        } finally {
            bos.shutdown();
        }
        Path config = Files.writeString(dir.resolve("herald.yaml"), "server: { port: " + herald.baseUri().getPort() + " }\n"
                + "store: { path: " + dir.resolve("data") + " }\n" + yaml());

        Run healthy = doctor(config);
        assertThat(healthy.out()).contains(
                "✔ backend " + ceph.rgw().endpoint() + " accepts backend.accessKey " + ceph.rgw().accessKey() + " (it lists ",
                "✔ clock skew against the backend: ",
                "✔ bucket doctored is wired: the backend sends its events to Herald\n",
                "✔ destination " + herald.receiver().url("/bos") + " (bucket doctored, bos) resolves to 127.0.0.1 and is allowed\n")
                .endsWith("all checks passed\n");
        assertThat(healthy.exitCode()).as(healthy.out()).isZero();

        // Unwired behind Herald's back (Ceph 16 refuses an empty notification configuration: Herald's own unwiring).
        try (S3Backend rgw = S3Backend.connect(ceph.rgw().endpoint(), ceph.rgw().accessKey(), ceph.rgw().secretKey(), "us-east-1")) {
            new CephBucketWiring(rgw, "herald", herald::baseUri).unwire("doctored");
        }
        Run unwired = doctor(config);
        assertThat(unwired.out()).contains("✘ bucket doctored has rules but the backend does not send its events to Herald\n"
                + "    fix: POST " + herald.baseUri() + "/admin/backend/wiring (with the admin token) wires every bucket with rules\n")
                .endsWith("1 check failed\n");
        assertThat(unwired.exitCode()).isEqualTo(1);
    }

    private record Run(int exitCode, String out) {
    }

    private static Run doctor(Path config) {
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new HeraldMain()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true))
                .execute("doctor", "--config", config.toString());
        return new Run(exit, out.toString());
    }
}
