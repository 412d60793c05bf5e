package dev.herald.sidecar.config;

import java.time.Duration;
import java.util.Locale;

/**
 * {@code server.tls}: Herald's port speaks TLS (1.2 and 1.3) instead of plain HTTP (a part of
 * {@link HeraldConfig.Server}). The files are PEM and read again when they change.
 *
 * @param certFile       the certificate, followed by its intermediates
 * @param keyFile        its private key (RSA or EC; PKCS#8 or the traditional PKCS#1/SEC1 form; unencrypted)
 * @param clientCaFile   CA certificates client certificates are checked against
 * @param clientAuth     {@code none} (default), {@code want} (checked when offered) or {@code need}
 * @param reloadInterval how often the files' modification times are checked
 */
public record ServerTls(String certFile, String keyFile, String clientCaFile, String clientAuth, Duration reloadInterval) {
    public ServerTls {
        if (certFile == null || certFile.isBlank() || keyFile == null || keyFile.isBlank()) {
            throw new ConfigException("server.tls needs certFile and keyFile");
        }
        clientAuth = clientAuth == null ? "none" : clientAuth.toLowerCase(Locale.ROOT);
        reloadInterval = reloadInterval == null ? Duration.ofMinutes(1) : reloadInterval;
        if (!clientAuth.equals("none") && !clientAuth.equals("want") && !clientAuth.equals("need")) {
            throw new ConfigException("server.tls.clientAuth must be none, want or need, got " + clientAuth);
        }
        if (!clientAuth.equals("none") && (clientCaFile == null || clientCaFile.isBlank())) {
            throw new ConfigException("server.tls.clientAuth " + clientAuth + " needs server.tls.clientCaFile");
        }
        if (reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new ConfigException("server.tls.reloadInterval must be positive, got " + reloadInterval);
        }
    }
}
