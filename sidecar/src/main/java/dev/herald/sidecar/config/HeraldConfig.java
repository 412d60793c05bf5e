package dev.herald.sidecar.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.dialects.Credential;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Herald's configuration: the one place where every key is declared. The YAML file, the
 * {@code HERALD_...} environment overrides ({@link ConfigLoader}) and the README's config
 * reference all follow these records.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record HeraldConfig(Server server, Store store, List<CredentialEntry> credentials, Ingest ingest,
                           Backend backend, DeliveryConfig delivery, Dialects dialects, EventBus eventBus, Admin admin,
                           SecurityConfig security, CredentialLimits credentialLimits, ClusterConfig cluster,
                           TracingConfig tracing) {

    public HeraldConfig {
        server = server == null ? new Server(null, null, null, null, null, null, null, null) : server;
        store = store == null ? new Store(null, null, null, null) : store;
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        ingest = ingest == null ? new Ingest(null, null, null) : ingest;
        backend = backend == null ? new Backend(null, null, null, null) : backend;
        delivery = delivery == null ? new DeliveryConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null) : delivery;
        dialects = dialects == null ? new Dialects(null, null, null) : dialects;
        eventBus = eventBus == null ? new EventBus(null) : eventBus;
        admin = admin == null ? new Admin(null) : admin;
        security = security == null ? new SecurityConfig(null) : security;
        credentialLimits = credentialLimits == null ? new CredentialLimits(null, null) : credentialLimits;
        tracing = tracing == null ? new TracingConfig(null, null) : tracing;
    }

    public static HeraldConfig defaults() {
        return new HeraldConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public HeraldConfig withPort(int port) {
        return new HeraldConfig(new Server(server.host(), port, server.maxBodyBytes(), server.headerTimeout(),
                server.minBodyRate(), server.shutdownGrace(), server.readiness(), server.tls()), store, credentials, ingest,
                backend, delivery, dialects, eventBus, admin, security, credentialLimits, cluster, tracing);
    }

    public HeraldConfig withStorePath(Path path) {
        return new HeraldConfig(server, new Store(path.toString(), store.commitBatch(), store.retention(),
                store.ruleCacheBytes()), credentials, ingest, backend, delivery, dialects, eventBus, admin, security,
                credentialLimits, cluster, tracing);
    }

    public List<Credential> credentialList() {
        return credentials.stream().map(CredentialEntry::toCredential).toList();
    }

    /**
     * @param host          interface to bind
     * @param port          TCP port (0 picks a free one)
     * @param maxBodyBytes  request body cap
     * @param headerTimeout how long a request head may take to arrive (against slowloris)
     * @param minBodyRate   bytes per second a request body must arrive at, after {@code headerTimeout} of grace
     * @param shutdownGrace how long in-flight pushes may take to finish after SIGTERM
     * @param readiness     when {@code /readyz} answers 503
     * @param tls           the port speaks TLS only; unset = plain HTTP
     */
    public record Server(String host, Integer port, Integer maxBodyBytes, Duration headerTimeout, Integer minBodyRate,
                         Duration shutdownGrace, ReadinessConfig readiness, ServerTls tls) {
        public Server {
            host = host == null ? "0.0.0.0" : host;
            port = port == null ? 9100 : port;
            maxBodyBytes = maxBodyBytes == null ? 1 << 20 : maxBodyBytes;
            headerTimeout = headerTimeout == null ? Duration.ofSeconds(10) : headerTimeout;
            minBodyRate = minBodyRate == null ? 1024 : minBodyRate;
            shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(20) : shutdownGrace;
            readiness = readiness == null ? new ReadinessConfig(null, null) : readiness;
            if (headerTimeout.isNegative() || headerTimeout.isZero() || minBodyRate < 1 || shutdownGrace.isNegative()) {
                throw new ConfigException("server.headerTimeout must be positive, server.minBodyRate at least 1 and "
                        + "server.shutdownGrace not negative");
            }
        }
    }

    /**
     * @param path        data directory holding {@code herald.db}
     * @param commitBatch max writes per group commit
     * @param retention   how long received events are remembered: a resend within it is recognised
     *                    and not delivered again (deliveries and dead letters are kept until done)
     * @param ruleCacheBytes weight (estimated bytes) of the compiled rules kept in memory; others are compiled on use
     */
    public record Store(String path, Integer commitBatch, Duration retention, Integer ruleCacheBytes) {
        public Store {
            path = path == null ? "./data" : path;
            commitBatch = commitBatch == null ? 512 : commitBatch;
            retention = retention == null ? Duration.ofDays(7) : retention;
            ruleCacheBytes = ruleCacheBytes == null ? 16 << 20 : ruleCacheBytes;
            if (ruleCacheBytes < 0) {
                throw new ConfigException("store.ruleCacheBytes must not be negative");
            }
            if (retention.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new ConfigException("store.retention must be at least 1m, got " + retention);
            }
        }
    }

    public record CredentialEntry(String accessKey, String secretKey, List<String> buckets) {
        Credential toCredential() {
            if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
                throw new ConfigException("credentials: every entry needs accessKey and secretKey");
            }
            return new Credential(accessKey, secretKey, buckets);
        }

        @Override
        public String toString() {
            return "CredentialEntry[accessKey=" + accessKey + ", buckets=" + buckets + "]";
        }
    }

    /** @param kafka backend topics read directly (cluster mode) */
    public record Ingest(Token minio, Token ceph, KafkaIngestConfig kafka) {
        public Ingest {
            minio = minio == null ? new Token(null) : minio;
            ceph = ceph == null ? new Token(null) : ceph;
            kafka = kafka == null ? new KafkaIngestConfig(null) : kafka;
        }
    }

    /** A shared secret; {@code null} means the route refuses every request. */
    public record Token(String token) {
        @Override
        public String toString() {
            return "Token[" + (token == null ? "unset" : "***") + "]";
        }
    }

    /** @param buses the event buses applications push to and buckets publish to */
    public record EventBus(List<Bus> buses) {
        public EventBus {
            buses = buses == null ? List.of() : List.copyOf(buses);
        }
    }

    /**
     * @param id      bus id, as pushes name it ({@code eb-...})
     * @param name    bus name, set on every event
     * @param buckets buckets whose object events are published to this bus
     * @param rules   routing rules
     */
    public record Bus(String id, String name, List<String> buckets, List<BusRule> rules) {
        public Bus {
            if (id == null || id.isBlank()) {
                throw new ConfigException("eventBus.buses: every bus needs an id");
            }
            name = name == null ? id : name;
            buckets = buckets == null ? List.of() : List.copyOf(buckets);
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }

    /** @param pattern EventBridge-style event pattern; @param targets where matching events go */
    public record BusRule(String name, JsonNode pattern, List<BusTarget> targets) {
        public BusRule {
            if (name == null || name.isBlank()) {
                throw new ConfigException("eventBus.buses[].rules: every rule needs a name");
            }
            targets = targets == null ? List.of() : List.copyOf(targets);
        }
    }

    /** @param mode {@code structured} (default) or {@code binary} CloudEvents HTTP mode */
    public record BusTarget(String url, String mode) {
        public BusTarget {
            mode = mode == null ? "structured" : mode;
            if (url == null || url.isBlank()) {
                throw new ConfigException("eventBus.buses[].rules[].targets: every target needs a url");
            }
            if (!mode.equals("structured") && !mode.equals("binary")) {
                throw new ConfigException("eventBus target " + url + ": mode must be structured or binary, got " + mode);
            }
        }
    }

    /** @param token bearer token for {@code /admin/...}; unset = the admin routes refuse everything */
    public record Admin(String token) {
        @Override
        public String toString() {
            return "Admin[token=" + (token == null ? "unset" : "***") + "]";
        }
    }

    /**
     * The S3 server behind Herald (MinIO or Ceph RGW), used to check that buckets exist, to wire
     * buckets to Herald, to fill in object fields events lack, and to write reports and cloudfunc
     * results. Optional: without an endpoint Herald never calls the backend.
     *
     * @param endpoint   S3 endpoint, e.g. {@code http://127.0.0.1:9000}
     * @param region     signing region; {@code us-east-1} when unset
     * @param kind       {@code minio} or {@code ceph}: enables automatic wiring of buckets that get rules
     * @param webhookArn MinIO: the ARN of Herald's webhook target ({@code arn:minio:sqs::HERALD:webhook})
     * @param heraldUrl  Ceph: Herald's base URL as RGW reaches it (the topic's push-endpoint);
     *                   {@code http://127.0.0.1:<port>} when unset (Herald next to RGW)
     * @param topic      Ceph: the topic Herald creates ({@code herald})
     * @param enrich     fill content type, size and last-modified time from HeadObject when an event lacks them
     * @param temporaryCredentials STS credentials in BOS events; off when unset
     * @param reconcile  reconciliation against bucket listings
     */
    public record Backend(String endpoint, String accessKey, String secretKey, String region, String kind,
                          String webhookArn, String heraldUrl, String topic, Boolean enrich,
                          TemporaryCredentials temporaryCredentials, ReconcileConfig reconcile) {
        public Backend {
            reconcile = reconcile == null ? new ReconcileConfig(null, null, null) : reconcile;
            region = region == null ? "us-east-1" : region;
            webhookArn = webhookArn == null ? "arn:minio:sqs::HERALD:webhook" : webhookArn;
            topic = topic == null ? "herald" : topic;
            enrich = enrich == null || enrich;
            if (endpoint != null && (accessKey == null || secretKey == null)) {
                throw new ConfigException("backend: endpoint needs accessKey and secretKey");
            }
            if (kind != null && !kind.equals("minio") && !kind.equals("ceph")) {
                throw new ConfigException("backend.kind must be minio or ceph, got " + kind);
            }
            if (kind != null && endpoint == null) {
                throw new ConfigException("backend.kind needs backend.endpoint");
            }
            if (reconcile.interval() != null && endpoint == null) {
                throw new ConfigException("backend.reconcile.interval needs backend.endpoint: reconciliation lists its buckets");
            }
        }

        public Backend(String endpoint, String accessKey, String secretKey, String region) {
            this(endpoint, accessKey, secretKey, region, null, null, null, null, null, null, null);
        }

        public boolean configured() {
            return endpoint != null;
        }

        @Override
        public String toString() {
            return "Backend[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=***, region=" + region
                    + ", kind=" + kind + "]";
        }
    }

    /**
     * @param roleArn  the role Herald assumes (its policy must allow reading the buckets)
     * @param lifetime how long issued credentials are valid (at least 15 minutes)
     * @param scope    {@code object} (default): read only the event's object; {@code prefix}: its "directory"
     */
    public record TemporaryCredentials(String roleArn, Duration lifetime, String scope) {
        public TemporaryCredentials {
            if (roleArn == null || roleArn.isBlank()) {
                throw new ConfigException("backend.temporaryCredentials.roleArn is required");
            }
            lifetime = lifetime == null ? Duration.ofHours(1) : lifetime;
            scope = scope == null ? "object" : scope;
            if (!scope.equals("object") && !scope.equals("prefix")) {
                throw new ConfigException("backend.temporaryCredentials.scope must be object or prefix, got " + scope);
            }
        }
    }

    public record Dialects(Bos bos, Ks3 ks3, QingStor qingstor) {
        public Dialects {
            bos = bos == null ? new Bos(null, null, null) : bos;
            ks3 = ks3 == null ? new Ks3(null, null) : ks3;
            qingstor = qingstor == null ? new QingStor(null, null, null) : qingstor;
        }
    }

    /**
     * @param zoneId             {@code zone_id} in notifier messages
     * @param hostSuffix         virtual-host style: requests to {@code {bucket}.{hostSuffix}}
     * @param moderationEndpoint where {@code tupu-porn} rules send objects for moderation; unset =
     *                           such rules are refused
     */
    public record QingStor(String zoneId, String hostSuffix, String moderationEndpoint) {
    }

    /**
     * @param hostSuffix     virtual-host style: requests to {@code {bucket}.{hostSuffix}}
     * @param reportInterval how often failed deliveries of rules with a {@code Report} are written
     *                       to the backend; KS3 does it daily
     */
    public record Ks3(String hostSuffix, Duration reportInterval) {
        public Ks3 {
            reportInterval = reportInterval == null ? Duration.ofDays(1) : reportInterval;
            if (reportInterval.isNegative() || reportInterval.isZero()) {
                throw new ConfigException("dialects.ks3.reportInterval must be positive");
            }
        }
    }

    /**
     * @param domain     {@code content.domain} in pushes (omitted when unset)
     * @param hostSuffix virtual-host style: requests to {@code {bucket}.{hostSuffix}}
     * @param appUrls    delivery URL for {@code brn:}/{@code app:} eventUrls, by exact eventUrl
     */
    public record Bos(String domain, String hostSuffix, Map<String, String> appUrls) {
        public Bos {
            appUrls = appUrls == null ? Map.of() : Map.copyOf(appUrls);
        }
    }
}
