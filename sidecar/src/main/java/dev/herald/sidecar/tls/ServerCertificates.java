package dev.herald.sidecar.tls;

import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The listener's certificate, key and client CAs from PEM files, in a Jetty
 * {@link SslContextFactory.Server} that takes renewed files without a restart: the files are
 * checked every interval, and when their content changed and the new set is usable (the key
 * belongs to the certificate) the factory is reloaded, so the next handshake presents the new
 * certificate. A half-written renewal is logged and retried at the next check; the old
 * certificate stays in use meanwhile.
 */
public final class ServerCertificates implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCertificates.class);

    private final Path certFile;
    private final Path keyFile;
    private final Path clientCaFile;
    private final SslContextFactory.Server factory;
    private final ScheduledExecutorService timer;
    private String loaded;
    private String failed;

    private ServerCertificates(Path certFile, Path keyFile, Path clientCaFile, SslContextFactory.Server factory,
                               ScheduledExecutorService timer) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.clientCaFile = clientCaFile;
        this.factory = factory;
        this.timer = timer;
    }

    /**
     * Reads the files (a {@link TlsFileException} says why they cannot be used) and starts checking them.
     *
     * @param clientCaFile {@code null} unless client certificates are asked for
     * @param clientAuth   {@code none}, {@code want} or {@code need}
     */
    public static ServerCertificates watch(Path certFile, Path keyFile, Path clientCaFile, String clientAuth,
                                           Duration every) {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        factory.setKeyStorePassword(KeyStores.PASSWORD);
        factory.setWantClientAuth(clientAuth.equals("want"));
        factory.setNeedClientAuth(clientAuth.equals("need"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("herald-tls-reload").daemon(true).factory());
        ServerCertificates certificates = new ServerCertificates(certFile, keyFile, clientCaFile, factory, timer);
        String digest = certificates.digest();
        certificates.apply(factory);
        certificates.loaded = digest;
        timer.scheduleWithFixedDelay(certificates::reloadIfChanged, every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
        return certificates;
    }

    public SslContextFactory.Server factory() {
        return factory;
    }

    /** Runs on the timer thread only. */
    private void reloadIfChanged() {
        try {
            String digest = digest();
            if (digest.equals(loaded) || digest.equals(failed)) {
                return;
            }
            try {
                factory.reload(this::apply);
                loaded = digest;
                failed = null;
            } catch (Exception e) {
                failed = digest;
                LOG.warn("TLS files changed but cannot be used, keeping the current certificate: {}", rootMessage(e));
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot check the TLS files: {}", e.getMessage());
        }
    }

    private void apply(SslContextFactory f) {
        f.setKeyStore(KeyStores.identity(certFile, keyFile));
        if (clientCaFile != null) {
            f.setTrustStore(KeyStores.trusting(PemFiles.certificates(clientCaFile)));
        }
        X509Certificate leaf = PemFiles.certificates(certFile).getFirst();
        LOG.info("TLS certificate from {}: {}, serial {}, valid until {}", certFile, leaf.getSubjectX500Principal(),
                leaf.getSerialNumber().toString(16), leaf.getNotAfter().toInstant());
    }

    /** Of the files' contents: a renewal is seen whether it rewrites a file or swaps a symlink (Kubernetes secrets). */
    private String digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<Path> files = new ArrayList<>(Arrays.asList(certFile, keyFile));
            if (clientCaFile != null) {
                files.add(clientCaFile);
            }
            for (Path f : files) {
                sha.update(Files.readAllBytes(f));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new TlsFileException("cannot read the TLS files: " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
