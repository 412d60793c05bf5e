package dev.herald.sidecar.cli;

import dev.herald.sidecar.config.HeraldConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The secrets Herald ships as placeholders: those of the laptop config (herald.yaml at the root of
 * the repository) and of the Kubernetes manifests' Secrets (deploy/kubernetes/). A config that
 * still has one is not ready to be exposed. PlaceholderSecretsTest keeps this list in step with
 * those files.
 */
final class PlaceholderSecrets {
    static final Set<String> SHIPPED = Set.of("herald-dev-sk-change-me", "minio-dev-token-change-me",
            "ceph-dev-token-change-me", "admin-dev-token-change-me", "REPLACE_ME");

    private PlaceholderSecrets() {
    }

    /** The config keys whose secret is a placeholder (a shipped one, or one that says to change it). */
    static List<String> in(HeraldConfig config) {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (int i = 0; i < config.credentials().size(); i++) {
            secrets.put("credentials[" + i + "].secretKey", config.credentials().get(i).secretKey());
        }
        secrets.put("ingest.minio.token", config.ingest().minio().token());
        secrets.put("ingest.ceph.token", config.ingest().ceph().token());
        secrets.put("admin.token", config.admin().token());
        secrets.put("backend.secretKey", config.backend().secretKey());
        List<String> placeholders = new ArrayList<>();
        secrets.forEach((key, value) -> {
            if (value != null && isPlaceholder(value)) {
                placeholders.add(key);
            }
        });
        return placeholders;
    }

    static boolean isPlaceholder(String secret) {
        String s = secret.toLowerCase(Locale.ROOT);
        return SHIPPED.contains(secret) || s.contains("change-me") || s.contains("changeme") || s.contains("replace_me");
    }
}
