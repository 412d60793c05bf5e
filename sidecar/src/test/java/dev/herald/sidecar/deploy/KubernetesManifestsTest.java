package dev.herald.sidecar.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.herald.sidecar.config.ConfigLoader;
import dev.herald.sidecar.config.HeraldConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests in deploy/kubernetes/, checked without a cluster (kubectl's client-side dry run
 * still asks a server for its API groups): each object has what its kind requires, and the
 * cross-references hold: selectors match the pod's labels, every volume, ConfigMap, Secret key
 * and claim named exists in the file, the Service reaches Herald's port, the probes ask Herald's
 * health routes, the ConfigMap's herald.yaml loads with the Secret's values as HERALD_...
 * overrides, and the security context and grace period are what docs/deploy.md promises.
 */
class KubernetesManifestsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path DIR = Path.of("../deploy/kubernetes");

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"herald-embedded.yaml", "minio-with-herald.yaml", "herald-cluster.yaml"})
    void manifestIsConsistent(String file) throws IOException {
        Manifest m = new Manifest(YAML.readerFor(JsonNode.class).<JsonNode>readValues(DIR.resolve(file).toFile()).readAll());
        JsonNode deployment = m.only("Deployment");
        JsonNode pod = deployment.path("spec").path("template");
        assertThat(labels(deployment.path("spec").path("selector").path("matchLabels")))
                .isNotEmpty().isSubsetOf(labels(pod.path("metadata").path("labels")));
        JsonNode service = m.only("Service");
        assertThat(labels(service.path("spec").path("selector"))).isNotEmpty().isSubsetOf(labels(pod.path("metadata").path("labels")));

        JsonNode spec = pod.path("spec");
        JsonNode herald = container(spec, "herald");
        assertThat(herald.path("image").asText()).startsWith("herald:");
        Set<String> volumes = names(spec.path("volumes"));
        herald.path("volumeMounts").forEach(v -> assertThat(volumes).contains(v.path("name").asText()));
        spec.path("volumes").forEach(v -> {
            if (v.has("configMap")) {
                assertThat(m.named("ConfigMap", v.path("configMap").path("name").asText())).isNotNull();
            }
            if (v.has("persistentVolumeClaim")) {
                assertThat(m.named("PersistentVolumeClaim", v.path("persistentVolumeClaim").path("claimName").asText())).isNotNull();
            }
        });

        // The config Herald reads: the ConfigMap mounted at /etc/herald, with the Secret's values as overrides.
        String configMap = spec.path("volumes").findParent("configMap").path("configMap").path("name").asText();
        assertThat(mountPath(herald, spec, "configMap")).isEqualTo("/etc/herald");
        Path yaml = Files.writeString(work.resolve("herald.yaml"), m.named("ConfigMap", configMap).path("data").path("herald.yaml").asText());
        Map<String, String> env = new HashMap<>();
        spec.path("containers").forEach(c -> c.path("env").forEach(e -> {
            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
            String value = ref.isMissingNode() ? e.path("value").asText()
                    : m.named("Secret", ref.path("name").asText()).path("stringData").path(ref.path("key").asText()).asText(null);
            assertThat(value).as("%s of container %s", e.path("name").asText(), c.path("name").asText()).isNotNull();
            if (c == herald) {
                env.put(e.path("name").asText(), value);
            }
        }));
        HeraldConfig config = ConfigLoader.load(yaml, env);
        assertThat(config.credentialList()).hasSize(1);
        assertThat(config.ingest().minio().token()).isNotNull();
        assertThat(config.admin().token()).isNotNull();
        if (config.cluster() == null) {
            assertThat(config.store().path()).startsWith(mountPath(herald, spec, "persistentVolumeClaim") + "/");
        } else { // Kafka holds the state: replicas share it, none keeps a volume
            assertThat(deployment.path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(deployment.path("spec").path("strategy").path("type").asText()).isEqualTo("RollingUpdate");
            assertThat(service.path("metadata").path("name").asText()).isEqualTo("herald");
            assertThat(m.all("PersistentVolumeClaim")).isEmpty();
            JsonNode budget = m.only("PodDisruptionBudget");
            assertThat(labels(budget.path("spec").path("selector").path("matchLabels"))).isSubsetOf(labels(pod.path("metadata").path("labels")));
            assertThat(budget.path("spec").path("minAvailable").asInt()).isBetween(1, deployment.path("spec").path("replicas").asInt() - 1);
            assertThat(config.cluster().kafka().replicationFactor()).isGreaterThanOrEqualTo(3);
            assertThat(config.cluster().kafka().partitions()).isGreaterThanOrEqualTo(deployment.path("spec").path("replicas").asInt());
        }

        int port = config.server().port();
        JsonNode heraldPort = herald.path("ports").path(0);
        assertThat(heraldPort.path("containerPort").asInt()).isEqualTo(port);
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(herald.path(probe).path("httpGet").path("port").asText()).as(probe).isEqualTo(heraldPort.path("name").asText());
        }
        assertThat(herald.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
        assertThat(herald.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/readyz");
        assertThat(service.path("spec").path("ports").findValuesAsText("targetPort")).contains(heraldPort.path("name").asText());

        assertThat(spec.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(spec.path("securityContext").path("runAsUser").asInt()).isEqualTo(10001);
        spec.path("containers").forEach(c -> {
            JsonNode sc = c.path("securityContext");
            assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as(c.path("name").asText()).isTrue();
            assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).as(c.path("name").asText()).isFalse();
            assertThat(sc.path("capabilities").path("drop").toString()).isEqualTo("[\"ALL\"]");
            assertThat(c.path("resources").path("requests").path("memory").isTextual()).isTrue();
            assertThat(c.path("resources").path("limits").path("memory").isTextual()).isTrue();
        });
        assertThat(mountPath(herald, spec, "emptyDir")).as("a writable /tmp for the SQLite driver").isEqualTo("/tmp");
        // server.shutdownGrace, 20 s by default, plus 10 s to spare.
        assertThat(spec.path("terminationGracePeriodSeconds").asInt()).isGreaterThanOrEqualTo(20 + 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"herald-embedded.yaml"})
    void embeddedServiceIsNamedHerald(String file) throws IOException {
        Manifest m = new Manifest(YAML.readerFor(JsonNode.class).<JsonNode>readValues(DIR.resolve(file).toFile()).readAll());
        assertThat(m.only("Service").path("metadata").path("name").asText()).isEqualTo("herald");
        assertThat(m.only("Deployment").path("spec").path("strategy").path("type").asText()).isEqualTo("Recreate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"minio-with-herald.yaml"})
    void minioPostsItsEventsToHeraldOnLoopback(String file) throws IOException {
        Manifest m = new Manifest(YAML.readerFor(JsonNode.class).<JsonNode>readValues(DIR.resolve(file).toFile()).readAll());
        JsonNode spec = m.only("Deployment").path("spec").path("template").path("spec");
        Map<String, JsonNode> minioEnv = byName(container(spec, "minio").path("env"));
        Map<String, JsonNode> heraldEnv = byName(container(spec, "herald").path("env"));
        assertThat(minioEnv.get("MINIO_NOTIFY_WEBHOOK_ENABLE_HERALD").path("value").asText()).isEqualTo("on");
        assertThat(minioEnv.get("MINIO_NOTIFY_WEBHOOK_ENDPOINT_HERALD").path("value").asText())
                .isEqualTo("http://127.0.0.1:" + container(spec, "herald").path("ports").path(0).path("containerPort").asInt()
                        + "/ingest/minio");
        // One secret on both sides: the token MinIO sends is the token Herald accepts.
        assertThat(minioEnv.get("MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_HERALD").path("valueFrom"))
                .isEqualTo(heraldEnv.get("HERALD_INGEST_MINIO_TOKEN").path("valueFrom"));
        assertThat(minioEnv.get("MINIO_ROOT_USER").path("valueFrom")).isEqualTo(heraldEnv.get("HERALD_BACKEND_ACCESSKEY").path("valueFrom"));
        String heraldYaml = m.only("ConfigMap").path("data").path("herald.yaml").asText();
        // The ARN of target HERALD, which Herald puts in the buckets' QueueConfiguration.
        assertThat(heraldYaml).contains("kind: minio", "endpoint: http://127.0.0.1:9000", "arn:minio:sqs::HERALD:webhook");
    }

    private record Manifest(List<JsonNode> objects) {
        Manifest {
            objects.forEach(o -> {
                assertThat(o.path("apiVersion").asText()).as("apiVersion of %s", o).isNotEmpty();
                assertThat(o.path("metadata").path("name").asText()).as("metadata.name of %s", o).isNotEmpty();
            });
        }

        JsonNode only(String kind) {
            List<JsonNode> all = all(kind);
            assertThat(all).as(kind).hasSize(1);
            return all.getFirst();
        }

        List<JsonNode> all(String kind) {
            return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
        }

        JsonNode named(String kind, String name) {
            return objects.stream().filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
        }
    }

    private static JsonNode container(JsonNode podSpec, String name) {
        for (JsonNode c : podSpec.path("containers")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no container " + name);
    }

    /** Where {@code container} mounts the pod's volume of this type ({@code configMap}, {@code emptyDir}, ...). */
    private static String mountPath(JsonNode container, JsonNode podSpec, String volumeType) {
        Set<String> ofType = names(podSpec.path("volumes"), v -> v.has(volumeType));
        List<String> paths = container.path("volumeMounts").findParents("name").stream()
                .filter(v -> ofType.contains(v.path("name").asText())).map(v -> v.path("mountPath").asText()).toList();
        assertThat(paths).as("%s mounts of %s", volumeType, container.path("name").asText()).hasSize(1);
        return paths.getFirst();
    }

    private static Set<String> names(JsonNode list) {
        return names(list, n -> true);
    }

    private static Set<String> names(JsonNode list, java.util.function.Predicate<JsonNode> which) {
        return java.util.stream.StreamSupport.stream(list.spliterator(), false).filter(which)
                .map(n -> n.path("name").asText()).collect(Collectors.toSet());
    }

    private static Map<String, JsonNode> byName(JsonNode list) {
        Map<String, JsonNode> map = new HashMap<>();
        list.forEach(n -> map.put(n.path("name").asText(), n));
        return map;
    }

    private static Set<String> labels(JsonNode map) {
        Set<String> labels = new java.util.HashSet<>();
        map.fields().forEachRemaining(e -> labels.add(e.getKey() + "=" + e.getValue().asText()));
        return labels;
    }
}
