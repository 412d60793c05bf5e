package dev.herald.sidecar.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code delivery}: how Herald delivers, globally, per dialect and per destination (a part of
 * {@link HeraldConfig}'s one record tree).
 *
 * @param allowPrivateTargets deliver to loopback/private/link-local addresses (tests, local demos)
 * @param allowTargets        exceptions to the SSRF guard: CIDR blocks and {@code host[:port]} entries
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
 * @param tls                 trust for receivers' certificates
 */
public record DeliveryConfig(Boolean allowPrivateTargets, List<String> allowTargets, List<Duration> retrySchedule,
                             Double jitter, Duration maxRetryAfter, Duration connectTimeout, Duration requestTimeout,
                             Integer maxConcurrencyPerDestination, Integer workers, Double rateLimit, Integer burst,
                             CircuitBreaker circuitBreaker, Integer maxScheduledPerDestination,
                             Map<String, DialectDelivery> dialects, List<Destination> destinations, DeliveryTls tls) {
    public static final List<Duration> DEFAULT_SCHEDULE = List.of(Duration.ZERO, Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
            Duration.ofHours(10), Duration.ofHours(10));

    public DeliveryConfig {
        allowPrivateTargets = allowPrivateTargets != null && allowPrivateTargets;
        allowTargets = allowTargets == null ? List.of() : List.copyOf(allowTargets);
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
        tls = tls == null ? new DeliveryTls(null) : tls;
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
            retrySchedule = DeliveryConfig.checkSchedule("delivery.dialects.*.retrySchedule", retrySchedule, null);
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
     * @param batch            send these URLs' pushes in batches (docs/delivery.md, "Batched pushes"); unset = one per request
     */
    public record Destination(String url, List<Duration> retrySchedule, Duration requestTimeout, Integer maxConcurrency,
                              Double rateLimit, Integer burst, CircuitBreaker circuitBreaker, Boolean fifo,
                              StandardWebhooks standardWebhooks, Batch batch) {
        public Destination {
            if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new ConfigException("delivery.destinations[].url must be an http(s) URL prefix, got " + url);
            }
            retrySchedule = DeliveryConfig.checkSchedule("delivery.destinations[" + url + "].retrySchedule", retrySchedule, null);
            fifo = fifo != null && fifo;
            if (maxConcurrency != null && maxConcurrency < 1) {
                throw new ConfigException("delivery.destinations[" + url + "].maxConcurrency must be >= 1");
            }
            DeliveryConfig.checkRate("delivery.destinations[" + url + "]", rateLimit, burst);
        }
    }

    /**
     * @param maxEvents pushes per request at most
     * @param maxWait   how long the first due push of a batch waits for more before the batch goes
     */
    public record Batch(Integer maxEvents, Duration maxWait) {
        /** A request's body stays bounded: about 1 KB per event. */
        static final int MAX_EVENTS = 1000;

        public Batch {
            maxEvents = maxEvents == null ? 100 : maxEvents;
            maxWait = maxWait == null ? Duration.ofMillis(50) : maxWait;
            if (maxEvents < 1 || maxEvents > MAX_EVENTS) {
                throw new ConfigException("delivery.destinations[].batch.maxEvents must be in [1, " + MAX_EVENTS + "], got "
                        + maxEvents);
            }
            if (maxWait.isNegative() || maxWait.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new ConfigException("delivery.destinations[].batch.maxWait must be in [0s, 1m], got " + maxWait);
            }
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
}
