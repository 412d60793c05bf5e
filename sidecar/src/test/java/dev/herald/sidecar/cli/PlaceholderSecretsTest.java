package dev.herald.sidecar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.herald.sidecar.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every secret Herald ships is recognised as a placeholder by {@code herald doctor}, and a real one is not. */
class PlaceholderSecretsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theLaptopConfigsSecretsArePlaceholders() {
        assertThat(PlaceholderSecrets.in(ConfigLoader.load(Path.of("../herald.yaml"), Map.of())))
                .containsExactly("credentials[0].secretKey", "ingest.minio.token", "ingest.ceph.token", "admin.token");
    }

    @Test
    void theKubernetesSecretsArePlaceholders() throws IOException {
        List<String> values = new ArrayList<>();
        for (String file : List.of("herald-embedded.yaml", "minio-with-herald.yaml")) {
            for (JsonNode o : YAML.readerFor(JsonNode.class).<JsonNode>readValues(Path.of("../deploy/kubernetes", file).toFile()).readAll()) {
                if (o.path("kind").asText().equals("Secret")) {
                    o.path("stringData").forEach(v -> values.add(v.asText()));
                }
            }
        }
        assertThat(values).isNotEmpty().allMatch(PlaceholderSecrets::isPlaceholder);
    }

    @Test
    void aSecretOfOneselfIsNot() {
        assertThat(PlaceholderSecrets.isPlaceholder("Zq3v-8kVh2mW9xPq")).isFalse();
    }
}
