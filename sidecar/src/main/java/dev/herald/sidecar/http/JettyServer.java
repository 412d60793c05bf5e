package dev.herald.sidecar.http;

import dev.herald.sidecar.config.ConfigException;
import dev.herald.sidecar.config.HeraldConfig;
import dev.herald.sidecar.config.ServerTls;
import dev.herald.sidecar.tls.ServerCertificates;
import dev.herald.sidecar.tls.TlsFileException;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * Herald's one port: Jetty 12, plain HTTP or (with {@code server.tls}) TLS only, requests handled
 * on virtual threads; a request head must arrive within {@code server.headerTimeout} ({@link HeaderDeadline}).
 */
public final class JettyServer implements AutoCloseable {
    private final Server jetty;
    private final ServerConnector connector;
    private final ServerCertificates certificates;

    private JettyServer(Server jetty, ServerConnector connector, ServerCertificates certificates) {
        this.jetty = jetty;
        this.connector = connector;
        this.certificates = certificates;
    }

    /** @param certificates with {@code server.tls} ({@link #certificates}), else {@code null}; closed with the server */
    public static JettyServer create(HeraldConfig.Server config, ServerCertificates certificates, Handler handler) {
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("herald-http");
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server jetty = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Jetty's header cache matches values ignoring case and hands over its own spelling
        // ("charset=UTF-8" may arrive as "charset=utf-8"); signatures cover the exact bytes.
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector;
        if (certificates == null) {
            connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        } else {
            // One certificate and clients that check its name themselves: a Host that differs from
            // the SNI name is no reason to refuse (Jetty's check serves several certificates).
            http.addCustomizer(new SecureRequestCustomizer(false));
            connector = new ServerConnector(jetty, new SslConnectionFactory(certificates.factory(),
                    HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(http));
        }
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.addBean(new HeaderDeadline(connector.getScheduler(), config.headerTimeout()));
        jetty.addConnector(connector);
        jetty.setHandler(handler);
        jetty.setStopTimeout(5_000);
        return new JettyServer(jetty, connector, certificates);
    }

    /** The listener's certificates from {@code server.tls}, read now so that a bad file stops Herald before it opens anything. */
    public static ServerCertificates certificates(ServerTls tls) {
        if (tls == null) {
            return null;
        }
        try {
            return ServerCertificates.watch(Path.of(tls.certFile()), Path.of(tls.keyFile()),
                    tls.clientCaFile() == null ? null : Path.of(tls.clientCaFile()), tls.clientAuth(), tls.reloadInterval());
        } catch (TlsFileException e) {
            throw new ConfigException("server.tls: " + e.getMessage());
        }
    }

    public void start() throws Exception {
        jetty.start();
    }

    public boolean isStarted() {
        return jetty.isStarted();
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code https} with {@code server.tls}, else {@code http}. */
    public String scheme() {
        return certificates == null ? "http" : "https";
    }

    @Override
    public void close() throws Exception {
        try {
            jetty.stop();
        } finally {
            if (certificates != null) {
                certificates.close();
            }
        }
    }
}
