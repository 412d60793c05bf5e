package dev.herald.sidecar.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link HeraldConfig} from a YAML file and applies {@code HERALD_...} environment overrides.
 *
 * <p>An environment name is the key path in upper case joined by {@code _}; a camelCase key may be
 * written as one word or with underscores ({@code HERALD_DELIVERY_ALLOWPRIVATETARGETS} or
 * {@code HERALD_DELIVERY_ALLOW_PRIVATE_TARGETS}); list elements are addressed by index
 * ({@code HERALD_CREDENTIALS_0_SECRETKEY}); a list of strings may be given comma-separated.
 * Paths are resolved against the record components, so an override of a key that does not exist
 * is an error rather than silently ignored.
 */
public final class ConfigLoader {
    private static final String ENV_PREFIX = "HERALD_";
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    /**
     * The service links Kubernetes injects into every pod of a namespace with a Service named
     * {@code herald} ({@code HERALD_SERVICE_HOST}, {@code HERALD_PORT=tcp://...},
     * {@code HERALD_PORT_9100_TCP_ADDR}, {@code HERALD_SERVICE_PORT_HTTP}, ...): not overrides.
     * No config key is called {@code port} or {@code service}, so nothing real is hidden.
     */
    private static final Pattern SERVICE_LINK = Pattern.compile(
            "HERALD_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT|PORT_\\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)");

    private ConfigLoader() {
    }

    public static HeraldConfig load(Path file, Map<String, String> env) {
        ObjectMapper yaml = mapper();
        ObjectNode root;
        if (file == null) {
            root = JsonNodeFactory.instance.objectNode();
        } else {
            try {
                JsonNode tree = yaml.readTree(Files.readAllBytes(file));
                if (tree == null || tree.isMissingNode() || tree.isNull()) {
                    root = JsonNodeFactory.instance.objectNode();
                } else if (tree instanceof ObjectNode o) {
                    root = o;
                } else {
                    throw new ConfigException(file + ": the top level must be a mapping of keys");
                }
            } catch (IOException e) {
                throw new ConfigException("cannot read config " + file + ": " + e.getMessage(), e);
            }
        }
        new TreeMap<>(env).forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && !SERVICE_LINK.matcher(name).matches()) {
                applyOverride(root, name, value);
            }
        });
        try {
            return yaml.treeToValue(root, HeraldConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("unknown config key '" + e.getPropertyName() + "' at " + path(e)
                    + " (known: " + e.getKnownPropertyIds() + ")", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("invalid config: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static String path(UnrecognizedPropertyException e) {
        StringBuilder sb = new StringBuilder();
        e.getPath().forEach(ref -> {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        });
        return sb.toString();
    }

    static ObjectMapper mapper() {
        SimpleModule durations = new SimpleModule().addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                return parseDuration(p.getValueAsString());
            }
        });
        return new ObjectMapper(new YAMLFactory())
                .registerModule(durations)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** {@code 250ms}, {@code 5s}, {@code 5m}, {@code 2h}, {@code 1d}; a bare number is seconds. */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException("not a duration: '" + text + "' (use e.g. 250ms, 5s, 5m, 2h, 1d)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static void applyOverride(ObjectNode root, String envName, String value) {
        List<String> segments = Arrays.asList(envName.substring(ENV_PREFIX.length()).split("_"));
        JsonNode node = root;
        Type type = HeraldConfig.class;
        int i = 0;
        while (i < segments.size()) {
            Class<?> raw = rawClass(type);
            boolean last;
            if (raw.isRecord()) {
                RecordComponent match = null;
                int used = 0;
                for (int n = 1; n <= segments.size() - i && match == null; n++) {
                    String joined = String.join("", segments.subList(i, i + n));
                    for (RecordComponent c : raw.getRecordComponents()) {
                        if (c.getName().equalsIgnoreCase(joined)) {
                            match = c;
                            used = n;
                        }
                    }
                }
                if (match == null) {
                    throw new ConfigException(envName + ": no config key matches '" + segments.get(i).toLowerCase(Locale.ROOT)
                            + "' under " + raw.getSimpleName());
                }
                i += used;
                last = i == segments.size();
                ObjectNode obj = (ObjectNode) node;
                if (last) {
                    obj.set(match.getName(), scalarOrList(match.getGenericType(), value));
                    return;
                }
                node = child(obj, match.getName(), match.getGenericType());
                type = match.getGenericType();
            } else if (List.class.isAssignableFrom(raw)) {
                int index;
                try {
                    index = Integer.parseInt(segments.get(i));
                } catch (NumberFormatException e) {
                    throw new ConfigException(envName + ": expected a list index at '" + segments.get(i) + "'");
                }
                ArrayNode arr = (ArrayNode) node;
                while (arr.size() <= index) {
                    arr.addObject();
                }
                Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
                i++;
                if (i == segments.size()) {
                    arr.set(index, scalarOrList(element, value));
                    return;
                }
                node = arr.get(index);
                type = element;
            } else {
                throw new ConfigException(envName + ": '" + raw.getSimpleName() + "' values cannot be set from the environment");
            }
        }
    }

    private static JsonNode child(ObjectNode parent, String name, Type type) {
        JsonNode existing = parent.get(name);
        if (existing != null && !existing.isNull()) {
            return existing;
        }
        return List.class.isAssignableFrom(rawClass(type)) ? parent.putArray(name) : parent.putObject(name);
    }

    private static JsonNode scalarOrList(Type type, String value) {
        if (List.class.isAssignableFrom(rawClass(type))) {
            ArrayNode arr = JsonNodeFactory.instance.arrayNode();
            Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(arr::add);
            return arr;
        }
        return JsonNodeFactory.instance.textNode(value);
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new ConfigException("unsupported config type " + type);
    }
}
