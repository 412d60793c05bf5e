package dev.herald.dialects;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * How every request body Herald reads as JSON is parsed: one document and nothing after it, no key
 * twice in one object ({@code {"id":"a","id":"b"}} has no single meaning), and at most
 * {@value #MAX_DEPTH} levels of nesting, so that no body makes the parser, or a later writer, recurse deeply.
 */
public final class StrictJson {
    public static final int MAX_DEPTH = 64;

    private StrictJson() {
    }

    /** A mapper builder with those rules; callers add their own features. */
    public static JsonMapper.Builder builder() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
