package dev.herald.adapter.producer;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The MinIO and Ceph captures of {@code shared/fixtures} copied to {@code src/test/resources/producer/}. */
final class Captures {
    private Captures() {
    }

    /** The exact body of a captured request. */
    static String body(String name) {
        try (InputStream in = Captures.class.getResourceAsStream("/producer/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource producer/" + name);
            }
            return new ObjectMapper().readTree(in).get("body_text").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
