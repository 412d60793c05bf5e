package dev.herald.dialects.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The committed fuzz corpus ({@code src/test/resources/fuzz/}, listed in {@code corpus.txt}) and
 * mutants of it: byte-level edits (flips, inserts of JSON-significant and invalid UTF-8 bytes,
 * deletions, duplications, splices) and JSON-level ones (one value replaced by an edge case: huge
 * strings, deep nesting, extreme numbers, out-of-range times). A mutant is what a hostile or
 * broken client sends; every parser must refuse it clearly or accept it whole.
 */
public final class FuzzCorpus {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<byte[]> INSERTS = List.of(bytes("\""), bytes("{"), bytes("}"), bytes("["), bytes("]"),
            bytes(","), bytes(":"), bytes("\\"), bytes("\\u0000"), new byte[]{(byte) 0xC0, (byte) 0xAF},
            new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, bytes("null"), bytes("1e999"),
            bytes("-0"), bytes("99999999999999999999"), bytes("\"-999999999-01-01T00:00:00Z\""), bytes("%C0%AF"),
            bytes("/"), bytes("*"), bytes("../"), bytes(" "), bytes("\n"), bytes("{\"a\":1,\"a\":2}"));

    private FuzzCorpus() {
    }

    /** The seeds of one corpus directory ({@code bos-rules}, {@code ingest}, ...). */
    public static List<byte[]> seeds(String dir) {
        List<byte[]> out = new ArrayList<>();
        for (String line : new String(resource("corpus.txt"), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith(dir + "/")) {
                out.add(resource(line.trim()));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no seeds under fuzz/" + dir + " in fuzz/corpus.txt");
        }
        return out;
    }

    /** The lines of a text seed file, such as Authorization headers. */
    public static List<String> lines(String path) {
        return Arrays.stream(new String(resource(path), StandardCharsets.UTF_8).split("\n"))
                .filter(l -> !l.isBlank()).toList();
    }

    /** Seeds of {@code dir}, each possibly mutated (about one in ten is left as it is). */
    public static Arbitrary<byte[]> mutants(String dir) {
        List<byte[]> seeds = seeds(dir);
        Arbitrary<byte[]> seed = Arbitraries.of(seeds);
        Arbitrary<List<Edit>> edits = edit(seeds).list().ofMaxSize(6);
        Arbitrary<byte[]> jsonLevel = Combinators.combine(seed, Arbitraries.integers().between(0, 10_000), edgeValue())
                .as(FuzzCorpus::replaceValue);
        Arbitrary<byte[]> byteLevel = Combinators.combine(seed, edits).as((s, es) -> {
            byte[] out = s;
            for (Edit e : es) {
                out = e.apply(out);
            }
            return out;
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, seed), net.jqwik.api.Tuple.of(4, jsonLevel), net.jqwik.api.Tuple.of(5, byteLevel));
    }

    /** Text mutants of {@code lines}: byte-level edits, and now and then an arbitrary string. */
    public static Arbitrary<String> textMutants(List<String> lines) {
        List<byte[]> seeds = lines.stream().map(FuzzCorpus::bytes).toList();
        Arbitrary<String> edited = Combinators.combine(Arbitraries.of(seeds), edit(seeds).list().ofMaxSize(4))
                .as((s, es) -> {
                    byte[] out = s;
                    for (Edit e : es) {
                        out = e.apply(out);
                    }
                    return new String(out, StandardCharsets.UTF_8);
                });
        return Arbitraries.oneOf(edited, edited, Arbitraries.strings().ofMaxLength(300));
    }

    private interface Edit {
        byte[] apply(byte[] in);
    }

    private static Arbitrary<Edit> edit(List<byte[]> seeds) {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 100_000);
        Arbitrary<Integer> length = Arbitraries.integers().between(1, 64);
        return Arbitraries.oneOf(
                Combinators.combine(at, Arbitraries.integers().between(0, 255))
                        .as((p, b) -> (Edit) in -> flip(in, p, b)),
                Combinators.combine(at, Arbitraries.of(INSERTS)).as((p, ins) -> (Edit) in -> insert(in, p, ins)),
                Combinators.combine(at, length).as((p, n) -> (Edit) in -> delete(in, p, n)),
                Combinators.combine(at, length).as((p, n) -> (Edit) in -> duplicate(in, p, n)),
                Combinators.combine(at, Arbitraries.of(seeds), at, length)
                        .as((p, other, q, n) -> (Edit) in -> splice(in, p, other, q, n)),
                at.map(p -> (Edit) in -> Arrays.copyOf(in, in.length == 0 ? 0 : p % in.length)));
    }

    private static Arbitrary<JsonNode> edgeValue() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(f::textNode),
                Arbitraries.integers().between(1, 70_000).map(n -> f.textNode("x".repeat(n))),
                Arbitraries.of("", " ", "*", "**", "a..b", "/", "../../etc", "My_Bucket", "192.168.0.1", "%C0%AF",
                        "http://127.0.0.1/", "https://[::1]/", "brn:x", "app:Nope", "0000-01-01T00:00:00Z",
                        "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "2026-11-22T13:34:30.724Z",
                        "ks3:ObjectCreated:*", "create_object", "PutObject", "enabled", "\u0000", "\uD800")
                        .map(f::textNode),
                Arbitraries.of(f.nullNode(), f.booleanNode(true), f.numberNode(-1), f.numberNode(Long.MAX_VALUE),
                        f.numberNode(1e308), f.numberNode(0.5), f.arrayNode(), f.objectNode()),
                Arbitraries.integers().between(1, 200).map(FuzzCorpus::nested),
                Arbitraries.integers().between(1, 3000).map(n -> {
                    ArrayNode a = f.arrayNode();
                    for (int i = 0; i < n; i++) {
                        a.add("v" + i);
                    }
                    return a;
                }));
    }

    private static JsonNode nested(int depth) {
        JsonNode node = JsonNodeFactory.instance.arrayNode();
        for (int i = 1; i < depth; i++) {
            node = JsonNodeFactory.instance.arrayNode().add(node);
        }
        return node;
    }

    /** The seed with its {@code index}-th value (in document order, modulo their count) replaced. */
    private static byte[] replaceValue(byte[] seed, int index, JsonNode value) {
        JsonNode root;
        try {
            root = JSON.readTree(seed);
        } catch (IOException e) {
            return seed;
        }
        if (!(root instanceof ContainerNode<?>)) {
            return seed;
        }
        List<Object[]> slots = new ArrayList<>();
        collect(root, slots);
        if (slots.isEmpty()) {
            return seed;
        }
        Object[] slot = slots.get(index % slots.size());
        if (slot[0] instanceof ObjectNode o) {
            o.set((String) slot[1], value);
        } else {
            ((ArrayNode) slot[0]).set((Integer) slot[1], value);
        }
        return bytes(root.toString());
    }

    /** Every (parent, field name or index) pair under {@code node}. */
    private static void collect(JsonNode node, List<Object[]> slots) {
        if (node instanceof ObjectNode o) {
            o.properties().forEach(e -> {
                slots.add(new Object[]{o, e.getKey()});
                collect(e.getValue(), slots);
            });
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                slots.add(new Object[]{a, i});
                collect(a.get(i), slots);
            }
        }
    }

    private static byte[] flip(byte[] in, int at, int value) {
        if (in.length == 0) {
            return in;
        }
        byte[] out = in.clone();
        out[at % in.length] = (byte) value;
        return out;
    }

    private static byte[] insert(byte[] in, int at, byte[] what) {
        int p = in.length == 0 ? 0 : at % (in.length + 1);
        byte[] out = new byte[in.length + what.length];
        System.arraycopy(in, 0, out, 0, p);
        System.arraycopy(what, 0, out, p, what.length);
        System.arraycopy(in, p, out, p + what.length, in.length - p);
        return out;
    }

    private static byte[] delete(byte[] in, int at, int n) {
        if (in.length == 0) {
            return in;
        }
        int p = at % in.length;
        int end = Math.min(in.length, p + n);
        byte[] out = new byte[in.length - (end - p)];
        System.arraycopy(in, 0, out, 0, p);
        System.arraycopy(in, end, out, p, in.length - end);
        return out;
    }

    private static byte[] duplicate(byte[] in, int at, int n) {
        if (in.length == 0) {
            return in;
        }
        int p = at % in.length;
        return insert(in, p, Arrays.copyOfRange(in, p, Math.min(in.length, p + n)));
    }

    private static byte[] splice(byte[] in, int at, byte[] other, int from, int n) {
        if (other.length == 0) {
            return in;
        }
        int q = from % other.length;
        return insert(in, at, Arrays.copyOfRange(other, q, Math.min(other.length, q + n)));
    }

    private static byte[] resource(String path) {
        try (InputStream in = FuzzCorpus.class.getResourceAsStream("/fuzz/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /fuzz/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
