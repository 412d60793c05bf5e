package dev.herald.harness.e2e;

import dev.herald.harness.kafka.KafkaBroker;
import dev.herald.harness.kafka.KafkaBrokerExtension;
import dev.herald.sidecar.HeraldMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code herald doctor} in cluster mode, against a real broker: the broker, Herald's topics and the backends' topics. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusterDoctorTest {
    @RegisterExtension
    static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @TempDir
    Path dir;

    @Test
    void theBrokerAndEachTopicGetALine(KafkaBroker broker) throws Exception {
        broker.createTopic("doctor-minio", 1, false);
        Path config = Files.writeString(dir.resolve("herald.yaml"), ClusterWire.clusterYaml(broker, "doctor", 2, """
                  kafka:
                    topics:
                      - { topic: doctor-minio, producer: minio }
                      - { topic: doctor-ceph, producer: ceph }
                """, "2s"));
        Run run = doctor(config);
        assertThat(run.out()).contains(
                "✔ Kafka at " + broker.bootstrapServers() + " answers (1 broker)\n",
                "- Herald's topics doctor.events, doctor.retry, doctor.dead, doctor.rules, doctor.disabled: not checked, "
                        + "Herald creates them when it starts\n",
                "✔ backend topic doctor-minio (minio) is present\n",
                "✘ backend topic doctor-ceph (ceph) does not exist\n"
                        + "    fix: point ceph's Kafka target at it, or correct ingest.kafka.topics (docs/cluster.md)\n");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void aBrokerThatDoesNotAnswerIsAFailureWithItsFix(KafkaBroker broker) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String yaml = ClusterWire.clusterYaml(broker, "doctor", 2, "", "2s").replace(broker.bootstrapServers(), "127.0.0.1:" + closed);
        Run run = doctor(Files.writeString(dir.resolve("herald.yaml"), yaml));
        assertThat(run.out()).containsPattern("✘ Kafka at 127\\.0\\.0\\.1:" + closed + " does not answer: .+\n"
                + "    fix: start the broker, or correct cluster.kafka.bootstrapServers \\(and cluster.kafka.properties for TLS or SASL\\)\n");
        assertThat(run.out()).doesNotContain("Herald's topics");
        assertThat(run.exitCode()).isEqualTo(1);
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
