package dev.herald.sidecar;

import dev.herald.dialects.ConfigContext;
import dev.herald.dialects.CredentialLookup;
import dev.herald.dialects.FailureReports;
import dev.herald.dialects.IngestRefusal;
import dev.herald.dialects.SignatureLimits;
import dev.herald.sidecar.admin.AdminRoutes;
import dev.herald.sidecar.backend.BackendServices;
import dev.herald.sidecar.cloudfunc.CloudfuncRunner;
import dev.herald.sidecar.cluster.BackendTopicIngest;
import dev.herald.sidecar.cluster.ClusterGauges;
import dev.herald.sidecar.config.ConfigException;
import dev.herald.sidecar.config.DeliveryConfig;
import dev.herald.sidecar.config.HeraldConfig;
import dev.herald.sidecar.config.KafkaIngestConfig;
import dev.herald.sidecar.console.ConsoleAccess;
import dev.herald.sidecar.console.ConsoleRoutes;
import dev.herald.sidecar.console.ConsoleSessions;
import dev.herald.sidecar.config.ReconcileConfig;
import dev.herald.sidecar.delivery.DestinationSettings;
import dev.herald.sidecar.delivery.DisabledTargets;
import dev.herald.sidecar.delivery.Dispatcher;
import dev.herald.sidecar.delivery.JettyTransport;
import dev.herald.sidecar.delivery.ReportTargets;
import dev.herald.sidecar.health.HeapHeadroom;
import dev.herald.sidecar.health.Readiness;
import dev.herald.sidecar.health.StoreProbe;
import dev.herald.sidecar.http.HeraldHandler;
import dev.herald.sidecar.http.JettyServer;
import dev.herald.sidecar.http.Route;
import dev.herald.sidecar.http.VendorApis;
import dev.herald.sidecar.ingest.BusPushEndpoint;
import dev.herald.sidecar.ingest.Ingest;
import dev.herald.sidecar.ingest.IngestEndpoint;
import dev.herald.sidecar.metrics.HeraldMetrics;
import dev.herald.sidecar.metrics.MinuteSampler;
import dev.herald.sidecar.metrics.StorageGauges;
import dev.herald.sidecar.net.TargetGuard;
import dev.herald.sidecar.reconcile.BucketListing;
import dev.herald.sidecar.reconcile.ReconcileSchedule;
import dev.herald.sidecar.reconcile.Reconciler;
import dev.herald.sidecar.reports.FailureReportWriter;
import dev.herald.sidecar.routing.BusRouter;
import dev.herald.sidecar.routing.EventRouter;
import dev.herald.sidecar.routing.QuotaRules;
import dev.herald.sidecar.routing.Rules;
import dev.herald.sidecar.routing.SigningCredential;
import dev.herald.sidecar.storage.RoutedEvent;
import dev.herald.sidecar.storage.Storage;
import dev.herald.sidecar.storage.kafka.KafkaClients;
import dev.herald.sidecar.storage.kafka.KafkaStorage;
import dev.herald.sidecar.storage.sqlite.SqliteStorage;
import dev.herald.sidecar.tls.ServerCertificates;
import dev.herald.sidecar.tracing.OtelTracing;
import dev.herald.sidecar.tracing.Tracing;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A running Herald, wired from a config: the dialects, the storage, the delivery pipeline, the
 * ingest and config routes, and the HTTP server. {@link #close()} stops them in reverse.
 */
public final class HeraldServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeraldServer.class);
    private static final AtomicInteger STARTED = new AtomicInteger();

    private final List<AutoCloseable> parts;
    private final Readiness readiness;
    private final Storage storage;
    private final HeraldMetrics metrics;
    private final JettyServer http;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HeraldServer(List<AutoCloseable> parts, Readiness readiness, Storage storage, HeraldMetrics metrics,
                         JettyServer http) {
        this.parts = parts;
        this.readiness = readiness;
        this.storage = storage;
        this.metrics = metrics;
        this.http = http;
    }

    /** Opens the storage, resumes pending deliveries and starts serving; traced as {@code tracing} and the {@code OTEL_*} variables say. */
    public static HeraldServer start(HeraldConfig config, Clock clock) throws Exception {
        return start(config, clock, OtelTracing.configured(config.tracing().enabled(), config.tracing().propagate(),
                System.getenv()));
    }

    /** @param tracing closed with the server */
    public static HeraldServer start(HeraldConfig config, Clock clock, Tracing tracing) throws Exception {
        DeliveryConfig dc = config.delivery();
        HeraldDialects dialects = HeraldDialects.from(config.dialects());
        HeraldMetrics metrics = new HeraldMetrics();
        TargetGuard guard = ConfiguredSecurity.targetGuard(config);
        // Config errors surface before anything is opened.
        BusRouter buses = new BusRouter(config.eventBus().buses(), guard);
        if ("ceph".equals(config.backend().kind()) && config.ingest().ceph().token() == null) {
            throw new ConfigException("backend.kind ceph needs ingest.ceph.token: the topic's push-endpoint carries it");
        }
        SslContextFactory.Client trust = ConfiguredSecurity.receiverTrust(dc);
        ServerCertificates certificates = JettyServer.certificates(config.server().tls());
        DestinationSettings destinations = new DestinationSettings(dc, dialects.all(), clock, System::nanoTime,
                RandomGenerator.getDefault());
        AtomicReference<JettyServer> listening = new AtomicReference<>();
        BackendServices backend = BackendServices.connect(config.backend(),
                () -> cephPushEndpoint(config, listening.get()), clock);
        String replica = replicaName();
        Storage storage = config.cluster() != null
                ? KafkaStorage.open(config.cluster().kafka(), destinations::fifo, replica)
                : SqliteStorage.open(Path.of(config.store().path()), config.store().commitBatch(), config.store().retention(), clock);
        KafkaStorage cluster = storage instanceof KafkaStorage k ? k : null;
        Rules rules = new Rules(storage.rules(), dialects.all(), clock, config.store().ruleCacheBytes(), backend.wiring());
        int connectionsPerDestination = dc.destinations().stream().map(DeliveryConfig.Destination::maxConcurrency)
                .filter(Objects::nonNull).reduce(dc.maxConcurrencyPerDestination(), Math::max);
        JettyTransport transport = JettyTransport.start(guard, trust, dc.connectTimeout(), dc.requestTimeout(),
                connectionsPerDestination, "Herald/" + HeraldVersion.current(), clock);
        DisabledTargets disabledTargets = new DisabledTargets(storage.disabledTargets());
        Dispatcher dispatcher = Dispatcher.create(storage.deliveries(), transport, dialects.all(),
                reportTargets(rules, dialects), disabledTargets, destinations, tracing, clock, metrics, dc.workers(),
                Executors.newVirtualThreadPerTaskExecutor());
        FailureReportWriter reports = new FailureReportWriter(storage.deadLetters(), backend.client() != null
                ? backend.client()::putObject : (bucket, key, body, type) -> {
                    throw new IllegalStateException("no backend is configured to write failure reports to");
                }, dialects.all(), clock, metrics, config.dialects().ks3().reportInterval());
        CloudfuncRunner cloudfuncs = new CloudfuncRunner(storage.cloudfuncJobs(), rules, dialects.qingstor(),
                backend.client(), transport, dispatcher, clock);
        EventRouter router = new EventRouter(rules, buses, dialects.all(), backend.enricher(), backend.readCredentials(), clock);
        // In cluster mode the owner of each event's partition admits its deliveries, whichever replica took it.
        Ingest ingest = new Ingest(router, buses, storage.events(), cluster != null ? fresh -> { }
                : fresh -> admit(fresh, dispatcher, cloudfuncs), metrics, tracing, clock);
        StorageGauges.register(metrics, storage, clock);
        if (cluster != null) {
            cluster.onRulesChanged(rules::changedElsewhere);
            cluster.onDisabledTargetsChanged(disabledTargets::reload);
            cluster.onCloudfuncJobs(cloudfuncs::wake);
            ClusterGauges.register(metrics, cluster);
        }
        ReconcileConfig rc = config.backend().reconcile();
        Reconciler reconciler = backend.client() == null ? null : new Reconciler(BucketListing.of(backend.client()),
                storage.objectIndex(), ingest, rc, metrics, clock, System::nanoTime);
        ReconcileSchedule reconciling = reconciler == null || rc.interval() == null ? null
                : new ReconcileSchedule(reconciler, rules, rc.interval());

        CredentialLookup credentials = ConfiguredSecurity.credentials(config);
        SignatureLimits signatures = config.security().signatures().limits();
        Supplier<ConfigContext> contexts = () -> {
            SigningCredential signer = new SigningCredential(credentials);
            return new ConfigContext(clock, signer, new QuotaRules(rules, signer, config.credentialLimits()), guard, ingest,
                    () -> UUID.randomUUID().toString(), backend.buckets(), signatures);
        };
        MinuteSampler sampler = new MinuteSampler(metrics, storage, clock);
        ConsoleSessions sessions = new ConsoleSessions(config.admin().token(), clock);
        ConsoleAccess consoleAccess = new ConsoleAccess(sessions);
        List<Route> admin = new ArrayList<>(AdminRoutes.routes(config.admin().token(), config.eventBus().buses(), rules,
                backend.wiring(), storage.deadLetters(), disabledTargets, dispatcher, metrics, sampler, consoleAccess, reconciler,
                clock));
        admin.addAll(new ConsoleRoutes(sessions, consoleAccess).routes());
        IngestEndpoint ingestEndpoint = new IngestEndpoint(ingest, metrics, config.ingest().minio().token(),
                config.ingest().ceph().token());
        BusPushEndpoint busPush = new BusPushEndpoint(clock, credentials, signatures, buses, () -> UUID.randomUUID().toString(),
                ingest, metrics);
        Readiness readiness = new Readiness(List.of(
                () -> listening.get().isStarted() ? Optional.empty() : Optional.of("starting"),
                new StoreProbe(storage, config.server().readiness().storeTimeout()),
                new HeapHeadroom(config.server().readiness().minFreeHeap())));
        JettyServer http = JettyServer.create(config.server(), certificates, new HeraldHandler(HeraldRoutes.table(ingestEndpoint, busPush,
                admin, new VendorApis(dialects.configApis(), contexts), metrics::scrape, readiness::problem),
                config.server(), producer -> metrics.ingestRejected(producer, IngestRefusal.TOO_LARGE), readiness::stopping));
        listening.set(http);
        // Closed in reverse: in-flight pushes drain while the port still answers 503, the storage goes last.
        AutoCloseable drain = () -> drain(dispatcher, config.server().shutdownGrace());
        List<AutoCloseable> parts = new ArrayList<>(List.of(tracing, storage, backend, cloudfuncs, reports, transport, sampler, http,
                drain));
        if (reconciling != null) {
            parts.add(reconciling);
        }
        HeraldServer server = new HeraldServer(parts, readiness, storage, metrics, http);
        try {
            http.start();
            dispatcher.start();
            if (cluster != null) {
                cluster.deliverTo(dispatcher::admit);
                for (KafkaIngestConfig.Topic topic : config.ingest().kafka().topics()) {
                    parts.add(BackendTopicIngest.start(topic, new KafkaClients(config.cluster().kafka()), ingest, metrics,
                            replica));
                }
            }
            reports.start();
            storage.start();
            cloudfuncs.start();
            sampler.start();
            if (reconciling != null) {
                reconciling.start();
            }
        } catch (Exception e) {
            server.close();
            throw e;
        }
        LOG.info("Herald {} listening on {}:{}, data in {}", HeraldVersion.current(), config.server().host(), server.port(),
                cluster != null ? storage.location() : storage.location().toAbsolutePath().normalize());
        return server;
    }

    /** This replica in Kafka client ids: the host name, the process id, and which server of the process. */
    private static String replicaName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "herald");
        return "herald-" + host + "-" + ProcessHandle.current().pid() + "-" + STARTED.incrementAndGet();
    }

    /** Once events are logged: their deliveries to the dispatcher, and the cloudfunc runner woken if they brought jobs. */
    private static void admit(List<RoutedEvent> fresh, Dispatcher dispatcher, CloudfuncRunner cloudfuncs) {
        boolean jobs = false;
        for (RoutedEvent e : fresh) {
            dispatcher.admit(e.deliveries());
            jobs |= !e.jobs().isEmpty();
        }
        if (jobs) {
            cloudfuncs.wake();
        }
    }

    public int port() {
        return http.port();
    }

    /** Base URL on loopback, for tests and local tools. */
    public URI baseUri() {
        return URI.create(http.scheme() + "://127.0.0.1:" + port());
    }

    /** The storage, for operations tooling and tests. */
    public Storage storage() {
        return storage;
    }

    public HeraldMetrics metrics() {
        return metrics;
    }

    /**
     * The graceful shutdown (docs/operations.md, "Shutdown"): {@code /readyz} fails and new requests
     * are answered 503 at once; pushes in flight get {@code server.shutdownGrace} to finish; then
     * everything stops, the storage last. A second call does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        readiness.stop();
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", parts.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    private static void drain(Dispatcher dispatcher, Duration grace) throws InterruptedException {
        long started = System.nanoTime();
        int abandoned = dispatcher.close(grace);
        if (abandoned > 0) {
            LOG.warn("{} pushes still in flight after server.shutdownGrace ({}): they are sent again after the next start",
                    abandoned, grace);
        } else {
            LOG.info("pushes in flight finished in {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
    }

    /** Ceph's topic pushes to Herald's Ceph ingest route, the token in the path. */
    private static URI cephPushEndpoint(HeraldConfig config, JettyServer http) {
        String base = config.backend().heraldUrl() != null ? config.backend().heraldUrl().replaceAll("/+$", "")
                : http.scheme() + "://127.0.0.1:" + http.port();
        return URI.create(base + "/ingest/ceph/" + URLEncoder.encode(config.ingest().ceph().token(), StandardCharsets.UTF_8));
    }

    /** Failure-report destinations come from the rule as it is stored when the delivery dies. */
    private static ReportTargets reportTargets(Rules rules, HeraldDialects dialects) {
        return (dialect, bucket, ruleId) -> dialects.all().stream()
                .filter(d -> d.id().equals(dialect) && d instanceof FailureReports)
                .findFirst()
                .flatMap(d -> rules.load(bucket, dialect).flatMap(json -> ((FailureReports) d).reportTarget(json, ruleId)));
    }
}
