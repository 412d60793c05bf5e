package dev.herald.sidecar.routing;

import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.TargetPolicy;
import dev.herald.dialects.eventbus.Bus;
import dev.herald.dialects.eventbus.BusDirectory;
import dev.herald.dialects.eventbus.BusEvent;
import dev.herald.dialects.eventbus.CloudEventsRendering;
import dev.herald.dialects.eventbus.EventPattern;
import dev.herald.dialects.eventbus.ObjectEventsOnBus;
import dev.herald.sidecar.config.ConfigException;
import dev.herald.sidecar.config.HeraldConfig;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The configured event buses, compiled: which bus an id names, which buses a bucket publishes to,
 * and which targets an event goes to. Built once at start; a bad pattern or target URL stops
 * Herald with a config error naming the rule.
 */
public final class BusRouter implements BusDirectory {
    private final Map<String, CompiledBus> buses = new LinkedHashMap<>();
    private final Map<String, List<CompiledBus>> byBucket = new LinkedHashMap<>();

    private record CompiledBus(Bus bus, List<CompiledRule> rules) {
    }

    private record CompiledRule(String name, EventPattern pattern, List<Target> targets) {
    }

    private record Target(String url, CloudEventsRendering.Mode mode) {
    }

    public BusRouter(List<HeraldConfig.Bus> config, TargetPolicy targets) {
        for (HeraldConfig.Bus b : config) {
            List<CompiledRule> rules = new ArrayList<>();
            for (HeraldConfig.BusRule r : b.rules()) {
                String where = "eventBus bus " + b.id() + " rule " + r.name();
                EventPattern pattern;
                try {
                    pattern = EventPattern.compile(r.pattern());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(where + ": bad pattern: " + e.getMessage());
                }
                List<Target> compiled = new ArrayList<>();
                for (HeraldConfig.BusTarget t : r.targets()) {
                    URI uri;
                    try {
                        uri = URI.create(t.url());
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(where + ": target '" + t.url() + "' is not a URL");
                    }
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                        throw new ConfigException(where + ": target '" + t.url() + "' must be an absolute http(s) URL");
                    }
                    targets.refusal(uri).ifPresent(why -> {
                        throw new ConfigException(where + ": target '" + t.url() + "' refused: " + why);
                    });
                    compiled.add(new Target(t.url(), t.mode().equals("binary")
                            ? CloudEventsRendering.Mode.BINARY : CloudEventsRendering.Mode.STRUCTURED));
                }
                rules.add(new CompiledRule(r.name(), pattern, compiled));
            }
            CompiledBus bus = new CompiledBus(new Bus(b.id(), b.name()), rules);
            if (buses.putIfAbsent(b.id(), bus) != null) {
                throw new ConfigException("eventBus: bus id " + b.id() + " is declared twice");
            }
            b.buckets().forEach(bucket -> byBucket.computeIfAbsent(bucket, k -> new ArrayList<>()).add(bus));
        }
    }

    @Override
    public Optional<Bus> find(String id) {
        return Optional.ofNullable(buses.get(id)).map(CompiledBus::bus);
    }

    /** Deliveries for an event on its bus: every matching rule, every target. */
    public List<OutboundPush> route(BusEvent event) {
        CompiledBus bus = buses.get(event.eventBusId());
        if (bus == null) {
            return List.of();
        }
        List<OutboundPush> out = new ArrayList<>();
        for (CompiledRule rule : bus.rules()) {
            if (rule.pattern().matches(event)) {
                for (int i = 0; i < rule.targets().size(); i++) {
                    Target t = rule.targets().get(i);
                    out.add(CloudEventsRendering.push(event, rule.name(), i, t.url(), t.mode()));
                }
            }
        }
        return out;
    }

    /** Whether the bucket's object events are published to any bus. */
    public boolean publishes(String bucket) {
        return byBucket.containsKey(bucket);
    }

    /** Deliveries for an object event on every bus its bucket publishes to. */
    public List<OutboundPush> route(ObjectEvent event, Instant receivedAt) {
        List<CompiledBus> publishing = byBucket.getOrDefault(event.bucket(), List.of());
        List<OutboundPush> out = new ArrayList<>();
        for (CompiledBus bus : publishing) {
            out.addAll(route(ObjectEventsOnBus.toBusEvent(event, bus.bus(), receivedAt)));
        }
        return out;
    }
}
