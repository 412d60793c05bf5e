package dev.herald.sidecar.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path f = dir.resolve("herald.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void noFileGivesSecureDefaults() {
        HeraldConfig c = ConfigLoader.load(null, Map.of());
        assertThat(c.server().port()).isEqualTo(9100);
        assertThat(c.server().host()).isEqualTo("0.0.0.0");
        assertThat(c.store().path()).isEqualTo("./data");
        assertThat(c.credentials()).isEmpty();
        assertThat(c.ingest().minio().token()).isNull();
        assertThat(c.ingest().ceph().token()).isNull();
        assertThat(c.delivery().allowPrivateTargets()).isFalse();
        assertThat(c.delivery().retrySchedule()).containsExactly(Duration.ZERO, Duration.ofSeconds(5),
                Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
                Duration.ofHours(10), Duration.ofHours(10));
    }

    @Test
    void readsTheDesignDocumentShape() throws IOException {
        HeraldConfig c = ConfigLoader.load(yaml("""
                server:   { port: 9200 }
                store:    { path: /var/lib/herald }
                credentials:
                  - { accessKey: AK, secretKey: SK, buckets: ["photos", "logs-*"] }
                ingest:
                  minio: { token: "secret" }
                  ceph:  { token: "other" }
                delivery:
                  allowPrivateTargets: true
                  retrySchedule: [0s, 250ms, 1m, 2h]
                  requestTimeout: 20s
                dialects:
                  bos: { domain: bj.bcebos.com, hostSuffix: bos.local, appUrls: { "app:ImageOcr": "http://ocr/x" } }
                """), Map.of());
        assertThat(c.server().port()).isEqualTo(9200);
        assertThat(c.store().path()).isEqualTo("/var/lib/herald");
        assertThat(c.credentialList()).singleElement().satisfies(cred -> {
            assertThat(cred.accessKey()).isEqualTo("AK");
            assertThat(cred.allows("photos")).isTrue();
            assertThat(cred.allows("logs-2026")).isTrue();
            assertThat(cred.allows("other")).isFalse();
        });
        assertThat(c.ingest().minio().token()).isEqualTo("secret");
        assertThat(c.delivery().allowPrivateTargets()).isTrue();
        assertThat(c.delivery().retrySchedule()).containsExactly(Duration.ZERO, Duration.ofMillis(250),
                Duration.ofMinutes(1), Duration.ofHours(2));
        assertThat(c.delivery().requestTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.dialects().bos().appUrls()).containsEntry("app:ImageOcr", "http://ocr/x");
    }

    @Test
    void environmentOverridesFileAndAddsListEntries() throws IOException {
        Path f = yaml("server: { port: 9200 }\ncredentials: [ { accessKey: AK, secretKey: SK } ]\n");
        HeraldConfig c = ConfigLoader.load(f, Map.of(
                "HERALD_SERVER_PORT", "9300",
                "HERALD_DELIVERY_ALLOW_PRIVATE_TARGETS", "true",
                "HERALD_DELIVERY_RETRYSCHEDULE", "0s, 1s,2s",
                "HERALD_INGEST_MINIO_TOKEN", "from-env",
                "HERALD_CREDENTIALS_0_SECRETKEY", "SK2",
                "HERALD_CREDENTIALS_1_ACCESSKEY", "AK3",
                "HERALD_CREDENTIALS_1_SECRETKEY", "SK3",
                "HERALD_CREDENTIALS_1_BUCKETS", "a,b",
                "PATH", "/usr/bin"));
        assertThat(c.server().port()).isEqualTo(9300);
        assertThat(c.delivery().allowPrivateTargets()).isTrue();
        assertThat(c.delivery().retrySchedule()).containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(c.ingest().minio().token()).isEqualTo("from-env");
        assertThat(c.credentialList()).extracting(cr -> cr.accessKey() + "/" + cr.secretKey() + "/" + cr.buckets())
                .containsExactly("AK/SK2/[*]", "AK3/SK3/[a, b]");
    }

    @Test
    void unknownKeysAreErrorsNotSilence() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(yaml("delivery: { allowPrivateTarget: true }\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown config key 'allowPrivateTarget' at delivery");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HERALD_SERVER_PROT", "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HERALD_SERVER_PROT");
    }

    /** What Kubernetes injects for a Service named {@code herald} with a port named {@code http}. */
    static final Map<String, String> SERVICE_LINKS = Map.of(
            "HERALD_PORT", "tcp://10.0.0.1:9100",
            "HERALD_SERVICE_HOST", "10.0.0.1",
            "HERALD_SERVICE_PORT", "9100",
            "HERALD_SERVICE_PORT_HTTP", "9100",
            "HERALD_PORT_9100_TCP", "tcp://10.0.0.1:9100",
            "HERALD_PORT_9100_TCP_PROTO", "tcp",
            "HERALD_PORT_9100_TCP_PORT", "9100",
            "HERALD_PORT_9100_TCP_ADDR", "10.0.0.1");

    @Test
    void kubernetesServiceLinksAreNotOverridesButTyposStillFail() {
        HeraldConfig c = ConfigLoader.load(null, SERVICE_LINKS);
        assertThat(c.server().port()).isEqualTo(9100);
        assertThat(c.server().host()).isEqualTo("0.0.0.0");
        Map<String, String> withTypo = new java.util.HashMap<>(SERVICE_LINKS);
        withTypo.put("HERALD_SERVR_PORT", "9200");
        assertThatThrownBy(() -> ConfigLoader.load(null, withTypo))
                .isInstanceOf(ConfigException.class)
                .hasMessage("HERALD_SERVR_PORT: no config key matches 'servr' under HeraldConfig");
        Map<String, String> withOverride = new java.util.HashMap<>(SERVICE_LINKS);
        withOverride.put("HERALD_SERVER_PORT", "9200");
        assertThat(ConfigLoader.load(null, withOverride).server().port()).isEqualTo(9200);
    }

    @Test
    void badValuesNameTheProblem() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(yaml("delivery: { requestTimeout: soon }\n"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a duration: 'soon'");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("delivery: { jitter: 1.5 }\n"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("delivery.jitter");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("backend: { reconcile: { interval: 1h } }\n"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("backend.reconcile.interval needs backend.endpoint");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("backend: { endpoint: \"http://127.0.0.1:9\", accessKey: a, "
                + "secretKey: s, reconcile: { interval: 10s } }\n"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("backend.reconcile.interval must be at least 1m");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("credentials: [ { accessKey: AK } ]\n"), Map.of()).credentialList())
                .isInstanceOf(ConfigException.class).hasMessageContaining("accessKey and secretKey");
    }

    @Test
    void secretsStayOutOfToString() throws IOException {
        HeraldConfig c = ConfigLoader.load(yaml("""
                credentials: [ { accessKey: AK, secretKey: TOPSECRET } ]
                ingest: { minio: { token: ALSOSECRET } }
                """), Map.of());
        assertThat(c.toString()).doesNotContain("TOPSECRET").doesNotContain("ALSOSECRET").contains("AK");
        assertThat(List.of(c.credentialList().getFirst().toString())).noneMatch(s -> s.contains("TOPSECRET"));
    }

    @Test
    void durations() {
        assertThat(ConfigLoader.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(ConfigLoader.parseDuration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ConfigLoader.parseDuration("10h")).isEqualTo(Duration.ofHours(10));
        assertThat(ConfigLoader.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
    }
}
