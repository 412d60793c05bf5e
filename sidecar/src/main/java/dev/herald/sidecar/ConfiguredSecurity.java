package dev.herald.sidecar;

import dev.herald.dialects.Credential;
import dev.herald.dialects.CredentialLookup;
import dev.herald.sidecar.config.ConfigException;
import dev.herald.sidecar.config.DeliveryConfig;
import dev.herald.sidecar.config.HeraldConfig;
import dev.herald.sidecar.net.TargetGuard;
import dev.herald.sidecar.net.TargetGuards;
import dev.herald.sidecar.tls.ReceiverTrust;
import dev.herald.sidecar.tls.TlsFileException;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The security parts Herald builds from its config at start; a bad value is a {@link ConfigException} naming its key. */
final class ConfiguredSecurity {
    private ConfiguredSecurity() {
    }

    /** The SSRF guard, with the operator's allowlist and the moderation endpoint they configured. */
    static TargetGuard targetGuard(HeraldConfig config) {
        try {
            return TargetGuards.of(config.delivery().allowPrivateTargets(), config.delivery().allowTargets(),
                    config.dialects().qingstor().moderationEndpoint());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("delivery.allowTargets: " + e.getMessage());
        }
    }

    static SslContextFactory.Client receiverTrust(DeliveryConfig dc) {
        try {
            return ReceiverTrust.forReceivers(dc.tls().caFile() == null ? null : Path.of(dc.tls().caFile()));
        } catch (TlsFileException e) {
            throw new ConfigException("delivery.tls.caFile: " + e.getMessage());
        }
    }

    static CredentialLookup credentials(HeraldConfig config) {
        Map<String, Credential> byKey = config.credentialList().stream()
                .collect(Collectors.toMap(Credential::accessKey, Function.identity(), (a, b) -> {
                    throw new ConfigException("credentials: access key " + a.accessKey() + " is listed twice");
                }));
        return ak -> Optional.ofNullable(byKey.get(ak));
    }
}
