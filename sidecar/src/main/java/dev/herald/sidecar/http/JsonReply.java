package dev.herald.sidecar.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.dialects.HttpReply;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** Herald's own JSON answers ({@code {"error": ..., "reason": ...}} and small status objects). */
public final class JsonReply {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonReply() {
    }

    /**
     * A JSON object reply with the given keys, in order. Written straight out, not built as a tree
     * first: every ingest request is answered with one (3 % of Herald's CPU per ingested event
     * went to the tree, docs/BENCHMARKS.md).
     */
    public static HttpReply of(int status, Object... keysAndValues) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                g.writeFieldName((String) keysAndValues[i]);
                switch (keysAndValues[i + 1]) {
                    case null -> g.writeNull();
                    case Integer n -> g.writeNumber(n);
                    case Long n -> g.writeNumber(n);
                    case String text -> g.writeString(text);
                    case Object other -> JSON.writeValue(g, other);
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a JSON reply", e);
        }
        return HttpReply.json(status, out.toString(), Map.of());
    }

    public static HttpReply error(int status, String error, String reason) {
        return of(status, "error", error, "reason", reason);
    }
}
