package dev.herald.sidecar.delivery;

import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.webhooks.StandardWebhooks;
import dev.herald.sidecar.config.ConfigException;
import dev.herald.sidecar.config.DeliveryConfig;
import dev.herald.sidecar.config.HeraldConfig;
import dev.herald.sidecar.storage.Delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Resolves the delivery settings of a URL from {@code delivery}: a destination entry (longest
 * matching URL prefix) over the dialect's entry over the global values. A dialect's documented
 * early retries (QingStor: 3 x 1 s) are added to the global or dialect schedule, not to a
 * destination's, which is taken exactly as written.
 */
public final class DestinationSettings {
    /** What applies to one destination origin as a whole. */
    record LaneSettings(int maxConcurrency, TokenBucket rateLimit, CircuitBreaker breaker) {
    }

    private final DeliveryConfig config;
    private final List<DeliveryConfig.Destination> destinations;
    private final Map<String, RetryPolicy> dialectPolicies = new HashMap<>();
    private final Map<String, Duration> dialectTimeouts = new HashMap<>();
    private final Map<DeliveryConfig.Destination, RetryPolicy> destinationPolicies = new HashMap<>();
    private final Map<DeliveryConfig.Destination, StandardWebhooks> signers = new HashMap<>();
    private final Clock clock;
    private final LongSupplier nanoTime;

    /** @param nanoTime the rate limits' time source ({@code System::nanoTime}; a test's clock in tests) */
    public DestinationSettings(DeliveryConfig config, Iterable<NotificationDialect> dialects, Clock clock,
                               LongSupplier nanoTime, RandomGenerator random) {
        this.config = config;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.destinations = config.destinations().stream()
                .sorted(Comparator.comparingInt((DeliveryConfig.Destination d) -> d.url().length()).reversed()).toList();
        Map<String, NotificationDialect> known = new LinkedHashMap<>();
        dialects.forEach(d -> known.put(d.id(), d));
        for (String id : config.dialects().keySet()) {
            if (!known.containsKey(id)) {
                throw new ConfigException("delivery.dialects." + id + ": no such dialect; known: " + known.keySet());
            }
        }
        for (NotificationDialect d : known.values()) {
            DeliveryConfig.DialectDelivery own = config.dialects().get(d.id());
            List<Duration> schedule = own != null && own.retrySchedule() != null ? own.retrySchedule() : config.retrySchedule();
            dialectPolicies.put(d.id(), policy(schedule, random).withLeadingRetries(d.leadingRetries()));
            Optional<Duration> timeout = own != null && own.requestTimeout() != null ? Optional.of(own.requestTimeout())
                    : d.requestTimeout();
            timeout.ifPresent(t -> dialectTimeouts.put(d.id(), t));
        }
        for (DeliveryConfig.Destination d : destinations) {
            if (d.retrySchedule() != null) {
                destinationPolicies.put(d, policy(d.retrySchedule(), random));
            }
            if (d.standardWebhooks() != null) {
                try {
                    signers.put(d, StandardWebhooks.withSecrets(d.standardWebhooks().secrets()));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("delivery.destinations[" + d.url() + "].standardWebhooks: " + e.getMessage());
                }
            }
        }
    }

    private RetryPolicy policy(List<Duration> schedule, RandomGenerator random) {
        return new RetryPolicy(schedule, config.jitter(), config.maxRetryAfter(), random);
    }

    /** The retry policy of a delivery, or empty for a dialect this Herald does not have. */
    Optional<RetryPolicy> retryPolicy(String dialect, String url) {
        RetryPolicy own = entry(url).map(destinationPolicies::get).orElse(null);
        return own != null ? Optional.of(own) : Optional.ofNullable(dialectPolicies.get(dialect));
    }

    /** The per-attempt timeout, when it differs from the HTTP client's default. */
    Optional<Duration> requestTimeout(String dialect, String url) {
        Optional<Duration> own = entry(url).map(DeliveryConfig.Destination::requestTimeout);
        return own.isPresent() ? own : Optional.ofNullable(dialectTimeouts.get(dialect));
    }

    public boolean fifo(String url) {
        return entry(url).map(DeliveryConfig.Destination::fifo).orElse(false);
    }

    /** How pushes to a URL are batched; empty for one push per request (the default). */
    Optional<DeliveryConfig.Batch> batch(String url) {
        return entry(url).map(DeliveryConfig.Destination::batch);
    }

    Optional<StandardWebhooks> standardWebhooks(String url) {
        return entry(url).map(signers::get);
    }

    /** Fresh lane state for an origin ({@code scheme://host:port}). */
    LaneSettings lane(String origin) {
        DeliveryConfig.Destination own = destinations.stream()
                .filter(d -> origin.equals(Delivery.originOf(d.url())))
                .min(Comparator.comparingInt(d -> d.url().length())).orElse(null);
        int concurrency = own != null && own.maxConcurrency() != null ? own.maxConcurrency()
                : config.maxConcurrencyPerDestination();
        Double rate = own != null && own.rateLimit() != null ? own.rateLimit() : config.rateLimit();
        Integer burst = own != null && own.burst() != null ? own.burst() : config.burst();
        TokenBucket bucket = rate == null ? null
                : new TokenBucket(rate, burst != null ? burst : Math.max(1, (int) Math.ceil(rate)), nanoTime);
        DeliveryConfig.CircuitBreaker b = own != null && own.circuitBreaker() != null ? own.circuitBreaker()
                : config.circuitBreaker();
        CircuitBreaker breaker = b.enabled()
                ? new CircuitBreaker(b.failureRate(), b.minimumAttempts(), b.window(), b.openFor(), clock) : null;
        return new LaneSettings(concurrency, bucket, breaker);
    }

    int maxScheduledPerDestination() {
        return config.maxScheduledPerDestination();
    }

    /** Longest prefix first, so the first match is the most specific; the list is short. */
    private Optional<DeliveryConfig.Destination> entry(String url) {
        return destinations.stream().filter(d -> url.startsWith(d.url())).findFirst();
    }
}
