package dev.herald.sidecar.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/configuration.md true of {@link HeraldConfig}: the page's example YAML loads through
 * {@link ConfigLoader}; every {@code | `key.path` | default | meaning |} row names a real key whose
 * default is the code's ({@code unset} = none; a default in italics describes and is not compared);
 * and every key has a row.
 */
class ConfigurationDocTest {
    private static final Path PAGE = Path.of("..", "docs", "configuration.md");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z][A-Za-z0-9]*(?:\\[])?"
            + "(?:\\.(?:[a-z][A-Za-z0-9]*|<[a-z]+>)(?:\\[])?)*)`\\s*\\|([^|]*)\\|", Pattern.MULTILINE);
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    /** One element of every list and map, and every optional record, so that the keys below them exist. */
    private static final String SKELETON = """
            server: { tls: { certFile: cert.pem, keyFile: key.pem } }
            credentials: [ { accessKey: a, secretKey: s } ]
            backend: { endpoint: "http://127.0.0.1:9000", accessKey: a, secretKey: s, temporaryCredentials: { roleArn: r } }
            delivery:
              dialects: { bos: {} }
              destinations: [ { url: "http://h.example/", standardWebhooks: {}, batch: {} } ]
            eventBus: { buses: [ { id: b, rules: [ { name: r, targets: [ { url: "http://h.example/" } ] } ] } ] }
            cluster: { kafka: { bootstrapServers: "k.example:9092" } }
            ingest: { kafka: { topics: [ { topic: t, producer: minio } ] } }
            """;
    private static final Object UNREACHABLE = new Object();

    @TempDir
    Path dir;

    @Test
    void theExampleLoads() throws IOException {
        Matcher block = YAML_BLOCK.matcher(Files.readString(PAGE));
        assertThat(block.find()).as("a ```yaml block in " + PAGE).isTrue();
        assertThat(load(block.group(1)).eventBus().buses()).isNotEmpty();
    }

    @Test
    void everyStatedDefaultIsTheCodes() throws IOException {
        HeraldConfig skeleton = load(SKELETON);
        List<String> wrong = new ArrayList<>();
        rows().forEach((key, cell) -> {
            Object value = resolve(HeraldConfig.defaults(), key);
            value = value == UNREACHABLE ? resolve(skeleton, key) : value;
            if (value == UNREACHABLE) {
                wrong.add(key + " is documented, but HeraldConfig has no such key");
            } else if (!cell.startsWith("*") && !Objects.equals(stated(cell, value), value)) {
                wrong.add(key + ": the page says " + cell + ", the code's default is " + value);
            }
        });
        assertThat(wrong).as("rows of " + PAGE).isEmpty();
    }

    @Test
    void everyKeyIsDocumented() throws IOException {
        Set<String> keys = new TreeSet<>();
        leaves(load(SKELETON), "", keys);
        rows().keySet().forEach(k -> keys.remove(k.replaceAll("<[a-z]+>", "<*>")));
        assertThat(keys).as("keys of HeraldConfig without a row in " + PAGE).isEmpty();
    }

    private HeraldConfig load(String yaml) throws IOException {
        return ConfigLoader.load(Files.writeString(Files.createTempFile(dir, "config", ".yaml"), yaml), Map.of());
    }

    private static Map<String, String> rows() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        for (Matcher m = ROW.matcher(Files.readString(PAGE)); m.find(); ) {
            assertThat(rows.put(m.group(1), m.group(2).trim())).as("%s has two rows", m.group(1)).isNull();
        }
        return rows;
    }

    /** The value at {@code a.b[].c} ({@code a.<name>.c} for a map entry): the first element of lists and maps. */
    private static Object resolve(Object node, String key) {
        for (String segment : key.split("\\.")) {
            if (node == null || node == UNREACHABLE) {
                return UNREACHABLE;
            }
            if (segment.startsWith("<") && node instanceof Map<?, ?> map) {
                node = map.isEmpty() ? UNREACHABLE : map.values().iterator().next();
                continue;
            }
            String name = segment.replace("[]", "");
            RecordComponent c = !node.getClass().isRecord() ? null : Arrays.stream(node.getClass().getRecordComponents())
                    .filter(r -> r.getName().equals(name)).findFirst().orElse(null);
            node = c == null ? UNREACHABLE : get(c, node);
            if (segment.endsWith("[]") && node instanceof List<?> list) {
                node = list.isEmpty() ? UNREACHABLE : list.getFirst();
            }
        }
        return node;
    }

    /** The page's default as a value of the code's type. */
    private static Object stated(String cell, Object actual) {
        String text = cell.replace("`", "").trim();
        if (text.equals("unset")) {
            return actual instanceof List<?> l && l.isEmpty() || actual instanceof Map<?, ?> m && m.isEmpty() ? actual : null;
        }
        return switch (actual) {
            case Duration d -> ConfigLoader.parseDuration(text);
            case List<?> list when text.startsWith("[") && text.endsWith("]") -> Arrays.stream(
                    text.substring(1, text.length() - 1).split(",")).map(String::trim)
                    .map(s -> list.getFirst() instanceof Duration ? (Object) ConfigLoader.parseDuration(s) : s).toList();
            case Integer i -> Integer.valueOf(text);
            case Double x -> Double.valueOf(text);
            case Boolean b -> Boolean.valueOf(text);
            case null, default -> text;
        };
    }

    /** Every key under a config record: Herald's records (also as list and map elements) are walked, the rest are keys. */
    private static void leaves(Object record, String prefix, Set<String> out) {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Object value = get(c, record);
            Object element = value instanceof List<?> l && !l.isEmpty() ? l.getFirst()
                    : value instanceof Map<?, ?> m && !m.isEmpty() ? m.values().iterator().next() : value;
            Class<?> type = c.getGenericType() instanceof ParameterizedType p
                    ? (Class<?>) p.getActualTypeArguments()[p.getActualTypeArguments().length - 1] : c.getType();
            if (element != null && type.isRecord() && type.getPackage() == HeraldConfig.class.getPackage()) {
                leaves(element, prefix + c.getName() + (value instanceof List ? "[]." : value instanceof Map ? ".<*>." : "."), out);
            } else {
                out.add(prefix + c.getName());
            }
        }
    }

    private static Object get(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
