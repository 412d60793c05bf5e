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
                           Backend backend, Delivery delivery, Dialects dialects, EventBus eventBus, Admin admin) {

    public HeraldConfig {
        server = server == null ? new Server(null, null, null) : server;
        store = store == null ? new Store(null, null, null) : store;
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        ingest = ingest == null ? new Ingest(null, null) : ingest;
        backend = backend == null ? new Backend(null, null, null, null) : backend;
        delivery = delivery == null ? new Delivery(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null) : delivery;
        dialects = dialects == null ? new Dialects(null, null, null) : dialects;
        eventBus = eventBus == null ? new EventBus(null) : eventBus;
        admin = admin == null ? new Admin(null) : admin;
    }

    public static HeraldConfig defaults() {
        return new HeraldConfig(null, null, null, null, null, null, null, null, null);
    }

    public HeraldConfig withPort(int port) {
        return new HeraldConfig(new Server(server.host(), port, server.maxBodyBytes()), store, credentials, ingest,
                backend, delivery, dialects, eventBus, admin);
    }

    public HeraldConfig withStorePath(Path path) {
        return new HeraldConfig(server, new Store(path.toString(), store.commitBatch(), store.retention()), credentials, ingest,
                backend, delivery, dialects, eventBus, admin);
    }

    public List<Credential> credentialList() {
        return credentials.stream().map(CredentialEntry::toCredential).toList();
    }

    /** @param host interface to bind; @param port TCP port (0 picks a free one); @param maxBodyBytes request body cap */
    public record Server(String host, Integer port, Integer maxBodyBytes) {
        public Server {
            host = host == null ? "0.0.0.0" : host;
            port = port == null ? 9100 : port;
            maxBodyBytes = maxBodyBytes == null ? 1 << 20 : maxBodyBytes;
        }
    }

    /**
     * @param path        data directory holding {@code herald.db}
     * @param commitBatch max writes per group commit
     * @param retention   how long received events are remembered: a resend within it is recognised
     *                    and not delivered again (deliveries and dead letters are kept until done)
     */
    public record Store(String path, Integer commitBatch, Duration retention) {
        public Store {
            path = path == null ? "./data" : path;
            commitBatch = commitBatch == null ? 512 : commitBatch;
            retention = retention == null ? Duration.ofDays(7) : retention;
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

    public record Ingest(Token minio, Token ceph) {
        public Ingest {
            minio = minio == null ? new Token(null) : minio;
            ceph = ceph == null ? new Token(null) : ceph;
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
     */
    public record Backend(String endpoint, String accessKey, String secretKey, String region, String kind,
                          String webhookArn, String heraldUrl, String topic, Boolean enrich,
                          TemporaryCredentials temporaryCredentials) {
        public Backend {
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
        }

        public Backend(String endpoint, String accessKey, String secretKey, String region) {
            this(endpoint, accessKey, secretKey, region, null, null, null, null, null, null);
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

    /**
     * @param allowPrivateTargets deliver to loopback/private/link-local addresses (tests, local demos)
     * @param retrySchedule       wait before each attempt (the first is normally 0s); its length is the attempt budget
     * @param jitter              +/- fraction applied to each wait
     * @param maxRetryAfter       cap on a receiver's Retry-After beyond the schedule
     * @param connectTimeout      TCP connect timeout per attempt
     * @param requestTimeout      whole-exchange timeout per attempt
     * @param maxConcurrencyPerDestination in-flight pushes per scheme://host:port
     * @param workers             max in-flight pushes overall
     * @param rateLimit           requests per second per destination; unset = unlimited
     * @param burst               requests a destination may get at once within its rate limit
     * @param circuitBreaker      per-destination breaker
     * @param maxScheduledPerDestination deliveries per destination held in memory; the rest wait in the store
     * @param dialects            per-dialect overrides (bos, ks3, qingstor, eventbus)
     * @param destinations        per-destination overrides, matched by URL prefix (longest wins)
     */
    public record Delivery(Boolean allowPrivateTargets, List<Duration> retrySchedule, Double jitter,
                           Duration maxRetryAfter, Duration connectTimeout, Duration requestTimeout,
                           Integer maxConcurrencyPerDestination, Integer workers, Double rateLimit, Integer burst,
                           CircuitBreaker circuitBreaker, Integer maxScheduledPerDestination,
                           Map<String, DialectDelivery> dialects, List<Destination> destinations) {
        public static final List<Duration> DEFAULT_SCHEDULE = List.of(Duration.ZERO, Duration.ofSeconds(5),
                Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
                Duration.ofHours(10), Duration.ofHours(10));

        public Delivery {
            allowPrivateTargets = allowPrivateTargets != null && allowPrivateTargets;
            retrySchedule = checkSchedule("delivery.retrySchedule", retrySchedule, DEFAULT_SCHEDULE);
            jitter = jitter == null ? 0.2 : jitter;
            maxRetryAfter = maxRetryAfter == null ? Duration.ofHours(2) : maxRetryAfter;
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
            requestTimeout = requestTimeout == null ? Duration.ofSeconds(15) : requestTimeout;
            maxConcurrencyPerDestination = maxConcurrencyPerDestination == null ? 8 : maxConcurrencyPerDestination;
            workers = workers == null ? 256 : workers;
            circuitBreaker = circuitBreaker == null ? new CircuitBreaker(null, null, null, null, null) : circuitBreaker;
            maxScheduledPerDestination = maxScheduledPerDestination == null ? 20_000 : maxScheduledPerDestination;
            dialects = dialects == null ? Map.of() : Map.copyOf(dialects);
            destinations = destinations == null ? List.of() : List.copyOf(destinations);
            if (jitter < 0 || jitter >= 1) {
                throw new ConfigException("delivery.jitter must be in [0, 1), got " + jitter);
            }
            if (maxConcurrencyPerDestination < 1 || workers < 1) {
                throw new ConfigException("delivery.maxConcurrencyPerDestination and delivery.workers must be >= 1");
            }
            if (maxScheduledPerDestination < 10) {
                throw new ConfigException("delivery.maxScheduledPerDestination must be >= 10, got " + maxScheduledPerDestination);
            }
            checkRate("delivery", rateLimit, burst);
        }

        static List<Duration> checkSchedule(String key, List<Duration> schedule, List<Duration> otherwise) {
            if (schedule == null || schedule.isEmpty()) {
                return otherwise;
            }
            if (schedule.stream().anyMatch(d -> d == null || d.isNegative())) {
                throw new ConfigException(key + " must list non-negative durations, got " + schedule);
            }
            return List.copyOf(schedule);
        }

        static void checkRate(String key, Double rateLimit, Integer burst) {
            if (rateLimit != null && !(rateLimit > 0)) {
                throw new ConfigException(key + ".rateLimit must be > 0 requests per second, got " + rateLimit);
            }
            if (burst != null && burst < 1) {
                throw new ConfigException(key + ".burst must be >= 1, got " + burst);
            }
        }
    }

    /**
     * Opens a destination's circuit when at least {@code failureRate} of at least
     * {@code minimumAttempts} attempts within {@code window} failed; after {@code openFor} one
     * probe is let through.
     */
    public record CircuitBreaker(Boolean enabled, Double failureRate, Integer minimumAttempts, Duration window,
                                 Duration openFor) {
        public CircuitBreaker {
            enabled = enabled == null || enabled;
            failureRate = failureRate == null ? 0.7 : failureRate;
            minimumAttempts = minimumAttempts == null ? 10 : minimumAttempts;
            window = window == null ? Duration.ofMinutes(5) : window;
            openFor = openFor == null ? Duration.ofSeconds(30) : openFor;
            if (!(failureRate > 0 && failureRate <= 1)) {
                throw new ConfigException("circuitBreaker.failureRate must be in (0, 1], got " + failureRate);
            }
            if (minimumAttempts < 1 || window.isNegative() || window.isZero() || openFor.isNegative() || openFor.isZero()) {
                throw new ConfigException("circuitBreaker: minimumAttempts must be >= 1, window and openFor positive");
            }
        }
    }

    /** @param retrySchedule this dialect's schedule; @param requestTimeout its per-attempt timeout */
    public record DialectDelivery(List<Duration> retrySchedule, Duration requestTimeout) {
        public DialectDelivery {
            retrySchedule = Delivery.checkSchedule("delivery.dialects.*.retrySchedule", retrySchedule, null);
        }
    }

    /**
     * Settings of the deliveries whose URL starts with {@code url}. Rate limit, concurrency and
     * circuit breaker apply to the whole destination (scheme://host:port), from the entry whose
     * {@code url} is that origin or, failing that, the shortest entry on it.
     *
     * @param fifo             deliver each object's events in order: one at a time per object key,
     *                         the next waits until the previous succeeded or died
     * @param standardWebhooks add Standard Webhooks headers signed with these secrets
     */
    public record Destination(String url, List<Duration> retrySchedule, Duration requestTimeout, Integer maxConcurrency,
                              Double rateLimit, Integer burst, CircuitBreaker circuitBreaker, Boolean fifo,
                              StandardWebhooks standardWebhooks) {
        public Destination {
            if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new ConfigException("delivery.destinations[].url must be an http(s) URL prefix, got " + url);
            }
            retrySchedule = Delivery.checkSchedule("delivery.destinations[" + url + "].retrySchedule", retrySchedule, null);
            fifo = fifo != null && fifo;
            if (maxConcurrency != null && maxConcurrency < 1) {
                throw new ConfigException("delivery.destinations[" + url + "].maxConcurrency must be >= 1");
            }
            Delivery.checkRate("delivery.destinations[" + url + "]", rateLimit, burst);
        }
    }

    /** @param secrets {@code whsec_...} secrets; all sign every request (two during a rotation) */
    public record StandardWebhooks(List<String> secrets) {
        public StandardWebhooks {
            secrets = secrets == null ? List.of() : List.copyOf(secrets);
        }

        @Override
        public String toString() {
            return "StandardWebhooks[" + secrets.size() + " secrets]";
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
