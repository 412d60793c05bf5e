package dev.herald.sidecar;

import dev.herald.adapter.backend.S3Backend;
import dev.herald.dialects.BucketDirectory;
import dev.herald.dialects.ConfigContext;
import dev.herald.dialects.Credential;
import dev.herald.dialects.CredentialLookup;
import dev.herald.dialects.FailureReports;
import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.bos.BosConfigApi;
import dev.herald.dialects.bos.BosDialect;
import dev.herald.dialects.bos.BosSettings;
import dev.herald.dialects.eventbus.EventBusDialect;
import dev.herald.dialects.ks3.Ks3ConfigApi;
import dev.herald.dialects.ks3.Ks3Dialect;
import dev.herald.dialects.qingstor.QingStorConfigApi;
import dev.herald.dialects.qingstor.QingStorDialect;
import dev.herald.dialects.qingstor.QingStorSettings;
import dev.herald.sidecar.cloudfunc.CloudfuncRunner;
import dev.herald.sidecar.config.ConfigException;
import dev.herald.adapter.backend.CephBucketWiring;
import dev.herald.adapter.backend.MinioBucketWiring;
import dev.herald.adapter.backend.TemporaryCredentialIssuer;
import dev.herald.sidecar.backend.ReadCredentialSource;
import dev.herald.sidecar.backend.BackendBuckets;
import dev.herald.sidecar.backend.ObjectEnricher;
import dev.herald.sidecar.backend.WiredBuckets;
import dev.herald.sidecar.bus.BusIngest;
import dev.herald.sidecar.bus.BusPushEndpoint;
import dev.herald.sidecar.bus.BusRouter;
import dev.herald.sidecar.http.AdminRoutes;
import dev.herald.sidecar.delivery.ReportTargets;
import dev.herald.sidecar.reports.FailureReportWriter;
import dev.herald.sidecar.config.HeraldConfig;
import dev.herald.sidecar.delivery.DeadLetters;
import dev.herald.sidecar.delivery.DeliveryEngine;
import dev.herald.sidecar.delivery.DisabledTargets;
import dev.herald.sidecar.delivery.DeliveryStore;
import dev.herald.sidecar.delivery.PushSender;
import dev.herald.sidecar.delivery.DestinationSettings;
import dev.herald.sidecar.delivery.TargetGuard;
import dev.herald.sidecar.http.HeraldHandler;
import dev.herald.sidecar.http.HeraldRoutes;
import dev.herald.sidecar.http.VendorApis;
import dev.herald.sidecar.ingest.EventIngest;
import dev.herald.sidecar.ingest.IngestEndpoint;
import dev.herald.sidecar.metrics.HeraldMetrics;
import dev.herald.sidecar.metrics.ReuseWhenSlow;
import dev.herald.sidecar.rules.RuleStore;
import dev.herald.sidecar.store.EventRetention;
import dev.herald.sidecar.store.HeraldStore;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/** A running Herald: store, rules, delivery engine and the HTTP server, wired from a config. */
public final class HeraldServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeraldServer.class);
    public static final String VERSION = "0.1.0";

    private final HeraldStore store;
    private final PushSender sender;
    private final DeliveryEngine engine;
    private final DeliveryStore deliveries;
    private final HeraldMetrics metrics;
    private final FailureReportWriter reports;
    private final EventRetention retention;
    private final CloudfuncRunner cloudfuncs;
    private final ReadCredentialSource readCredentials;
    private final S3Backend backend;
    private final Server jetty;
    private final ServerConnector connector;

    private HeraldServer(HeraldStore store, PushSender sender, DeliveryEngine engine, DeliveryStore deliveries,
                         HeraldMetrics metrics, FailureReportWriter reports, EventRetention retention,
                         CloudfuncRunner cloudfuncs, ReadCredentialSource readCredentials, S3Backend backend, Server jetty,
                         ServerConnector connector) {
        this.retention = retention;
        this.cloudfuncs = cloudfuncs;
        this.readCredentials = readCredentials;
        this.store = store;
        this.sender = sender;
        this.reports = reports;
        this.backend = backend;
        this.engine = engine;
        this.deliveries = deliveries;
        this.metrics = metrics;
        this.jetty = jetty;
        this.connector = connector;
    }

    /** Opens the store, resumes pending deliveries and starts serving. */
    public static HeraldServer start(HeraldConfig config, Clock clock) throws Exception {
        HeraldConfig.Delivery dc = config.delivery();
        HeraldConfig.Bos bosConfig = config.dialects().bos();
        BosSettings bosSettings = new BosSettings(bosConfig.domain(), bosConfig.appUrls(), bosConfig.hostSuffix());
        HeraldConfig.Ks3 ks3Config = config.dialects().ks3();
        HeraldConfig.QingStor qsConfig = config.dialects().qingstor();
        QingStorSettings qsSettings;
        try {
            qsSettings = new QingStorSettings(qsConfig.zoneId(),
                    qsConfig.moderationEndpoint() == null ? null : URI.create(qsConfig.moderationEndpoint()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        QingStorDialect qingstor = new QingStorDialect(qsSettings);
        List<NotificationDialect> dialects = List.of(new BosDialect(bosSettings), new Ks3Dialect(), qingstor,
                new EventBusDialect());

        HeraldMetrics metrics = new HeraldMetrics();
        TargetGuard guard = new TargetGuard(dc.allowPrivateTargets());
        // Config errors surface before anything is opened.
        BusRouter buses = new BusRouter(config.eventBus().buses(), guard);
        HeraldConfig.Backend bc = config.backend();
        AtomicReference<HeraldServer> running = new AtomicReference<>();
        Supplier<URI> cephPushEndpoint = () -> cephPushEndpoint(config, running.get().port());
        if ("ceph".equals(config.backend().kind()) && config.ingest().ceph().token() == null) {
            throw new ConfigException("backend.kind ceph needs ingest.ceph.token: the topic's push-endpoint carries it");
        }
        ReadCredentialSource readCredentials = readCredentials(bc, clock);
        HeraldStore store = HeraldStore.open(Path.of(config.store().path()), config.store().commitBatch());
        S3Backend backend = bc.configured()
                ? S3Backend.connect(URI.create(bc.endpoint()), bc.accessKey(), bc.secretKey(), bc.region()) : null;
        WiredBuckets wiring = backend == null || bc.kind() == null ? WiredBuckets.NONE : new WiredBuckets(
                bc.kind().equals("minio") ? new MinioBucketWiring(backend, bc.webhookArn())
                        : new CephBucketWiring(backend, bc.topic(), cephPushEndpoint));
        RuleStore rules = new RuleStore(store, dialects, clock, 100_000, wiring);
        DeliveryStore deliveries = new DeliveryStore(store);
        DestinationSettings destinationSettings = new DestinationSettings(dc, dialects, clock, RandomGenerator.getDefault());
        int connectionsPerDestination = dc.destinations().stream().map(HeraldConfig.Destination::maxConcurrency)
                .filter(Objects::nonNull).reduce(dc.maxConcurrencyPerDestination(), Math::max);
        PushSender sender = PushSender.start(guard, dc.connectTimeout(), dc.requestTimeout(),
                connectionsPerDestination, "Herald/" + VERSION, clock);
        DisabledTargets disabledTargets = new DisabledTargets(store);
        DeliveryEngine engine = new DeliveryEngine(deliveries, sender, dialects, reportTargets(rules, dialects), disabledTargets,
                destinationSettings, clock, metrics, dc.workers());
        FailureReportWriter reports = new FailureReportWriter(store, backend != null ? backend::putObject
                : (bucket, key, body, type) -> {
                    throw new IllegalStateException("no backend is configured to write failure reports to");
                }, dialects, clock, metrics, ks3Config.reportInterval());
        CloudfuncRunner cloudfuncs = new CloudfuncRunner(store, rules, qingstor, backend, engine, clock);
        EventIngest ingest = new EventIngest(store, rules, buses, cloudfuncs,
                backend != null && bc.enrich() ? new ObjectEnricher(backend) : ObjectEnricher.NONE, readCredentials,
                engine, metrics, clock);
        BusIngest busIngest = new BusIngest(store, buses, engine, metrics, clock);
        // Read at each scrape, NaN while the store cannot be read. A count(*) over a million rows takes 10-30 ms
        // (GaugeQueryBench); one taking 50 ms or more is reused for 5 s.
        metrics.gauge("herald.deliveries.pending", "Deliveries stored and not yet delivered or dead (the queue depth)",
                ReuseWhenSlow.of(deliveries::pendingCount));
        metrics.gauge("herald.deliveries.pending.oldest.age", "Time since the event of the longest-queued pending delivery "
                + "was stored; 0 when nothing is pending", "seconds", () -> oldestPendingAgeSeconds(deliveries, clock));
        metrics.gauge("herald.deliveries.dead", "Deliveries in the dead-letter table", ReuseWhenSlow.of(deliveries::deadCount));

        Map<String, Credential> byKey = config.credentialList().stream()
                .collect(Collectors.toMap(Credential::accessKey, Function.identity(), (a, b) -> {
                    throw new IllegalArgumentException("credentials: access key " + a.accessKey() + " is listed twice");
                }));
        CredentialLookup credentials = ak -> Optional.ofNullable(byKey.get(ak));
        ConfigContext context = new ConfigContext(clock, credentials, rules, guard, ingest, () -> UUID.randomUUID().toString(),
                backend != null ? new BackendBuckets(backend) : BucketDirectory.ANY);
        VendorApis vendors = new VendorApis(new BosConfigApi(bosSettings), bosSettings.hostSuffix(), new Ks3ConfigApi(),
                ks3Config.hostSuffix(), new QingStorConfigApi(qsSettings), qsConfig.hostSuffix(), context);
        IngestEndpoint ingestEndpoint = new IngestEndpoint(ingest, metrics,
                config.ingest().minio().token(), config.ingest().ceph().token());

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
        connector.setHost(config.server().host());
        connector.setPort(config.server().port());
        EventRetention retention = new EventRetention(store, config.store().retention(), clock);
        HeraldServer server = new HeraldServer(store, sender, engine, deliveries, metrics, reports, retention, cloudfuncs,
                readCredentials, backend, jetty, connector);
        running.set(server);
        BusPushEndpoint busPush = new BusPushEndpoint(clock, credentials, buses, () -> UUID.randomUUID().toString(), busIngest,
                metrics);
        HeraldRoutes routes = new HeraldRoutes(ingestEndpoint, vendors, busPush::answer,
                new AdminRoutes(config.admin().token(), config.eventBus().buses(), rules, wiring,
                        new DeadLetters(store, engine), disabledTargets, engine::destinations, clock), metrics::scrape,
                jetty::isStarted);
        jetty.addConnector(connector);
        jetty.setHandler(new HeraldHandler(routes, config.server().maxBodyBytes()));
        jetty.setStopTimeout(5_000);
        try {
            jetty.start();
            engine.start();
            reports.start();
            retention.start();
            cloudfuncs.start();
        } catch (Exception e) {
            server.close();
            throw e;
        }
        LOG.info("Herald {} listening on {}:{}, data in {}", VERSION, config.server().host(), server.port(),
                store.directory().toAbsolutePath().normalize());
        return server;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Base URL on loopback, for tests and local tools. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The SQLite store, for operations tooling and tests. */
    public HeraldStore store() {
        return store;
    }

    public DeliveryStore deliveries() {
        return deliveries;
    }

    public HeraldMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("stopping the HTTP server failed: {}", e.getMessage());
        }
        try {
            engine.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            sender.close();
        } catch (Exception e) {
            LOG.warn("stopping the delivery client failed: {}", e.getMessage());
        }
        reports.close();
        retention.close();
        try {
            cloudfuncs.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readCredentials.close();
        if (backend != null) {
            backend.close();
        }
        store.close();
    }

    private static ReadCredentialSource readCredentials(HeraldConfig.Backend bc, Clock clock) {
        HeraldConfig.TemporaryCredentials tc = bc.temporaryCredentials();
        if (tc == null) {
            return ReadCredentialSource.NONE;
        }
        if (!bc.configured()) {
            throw new ConfigException("backend.temporaryCredentials needs backend.endpoint");
        }
        try {
            return new ReadCredentialSource(TemporaryCredentialIssuer.connect(URI.create(bc.endpoint()), bc.accessKey(),
                    bc.secretKey(), bc.region(), tc.roleArn(), tc.lifetime(),
                    tc.scope().equals("prefix") ? TemporaryCredentialIssuer.Scope.PREFIX : TemporaryCredentialIssuer.Scope.OBJECT,
                    clock));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("backend.temporaryCredentials: " + e.getMessage());
        }
    }

    private static double oldestPendingAgeSeconds(DeliveryStore deliveries, Clock clock) {
        OptionalLong createdAt = deliveries.oldestPendingCreatedAt();
        return createdAt.isEmpty() ? 0 : Math.max(0, clock.millis() - createdAt.getAsLong()) / 1000.0;
    }

    /** Ceph's topic pushes to Herald's Ceph ingest route, the token in the path. */
    private static URI cephPushEndpoint(HeraldConfig config, int port) {
        String base = config.backend().heraldUrl() != null ? config.backend().heraldUrl().replaceAll("/+$", "")
                : "http://127.0.0.1:" + port;
        return URI.create(base + "/ingest/ceph/" + URLEncoder.encode(config.ingest().ceph().token(), StandardCharsets.UTF_8));
    }

    /** Failure-report destinations come from the rule as it is stored when the delivery dies. */
    private static ReportTargets reportTargets(RuleStore rules, List<NotificationDialect> dialects) {
        return (dialect, bucket, ruleId) -> dialects.stream()
                .filter(d -> d.id().equals(dialect) && d instanceof FailureReports)
                .findFirst()
                .flatMap(d -> rules.load(bucket, dialect).flatMap(json -> ((FailureReports) d).reportTarget(json, ruleId)));
    }

    /** Writes every pending failure report now, instead of waiting for the period (tests, operators). */
    public boolean writeFailureReports() {
        return reports.writePending();
    }
}
