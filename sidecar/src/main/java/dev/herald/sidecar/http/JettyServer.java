package dev.herald.sidecar.http;

import dev.herald.sidecar.config.HeraldConfig;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.util.concurrent.Executors;

/**
 * Herald's one HTTP port: Jetty 12, requests handled on virtual threads; a request head must
 * arrive within {@code server.headerTimeout} ({@link HeaderDeadline}).
 */
public final class JettyServer implements AutoCloseable {
    private final Server jetty;
    private final ServerConnector connector;

    private JettyServer(Server jetty, ServerConnector connector) {
        this.jetty = jetty;
        this.connector = connector;
    }

    public static JettyServer create(HeraldConfig.Server config, Handler handler) {
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
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.addBean(new HeaderDeadline(connector.getScheduler(), config.headerTimeout()));
        jetty.addConnector(connector);
        jetty.setHandler(handler);
        jetty.setStopTimeout(5_000);
        return new JettyServer(jetty, connector);
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

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
