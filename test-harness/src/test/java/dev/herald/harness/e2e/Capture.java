package dev.herald.harness.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** A request captured from a real MinIO or Ceph (test resources under {@code fixtures/}). */
record Capture(String name, String path, String authorization, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Capture load(String resource) {
        try (InputStream in = Capture.class.getResourceAsStream("/fixtures/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            JsonNode node = JSON.readTree(in);
            String auth = null;
            for (JsonNode h : node.get("headers")) {
                if (h.get(0).asText().equalsIgnoreCase("Authorization")) {
                    auth = h.get(1).asText();
                }
            }
            return new Capture(resource, node.get("path").asText(), auth, node.get("body_text").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode record() {
        try {
            return JSON.readTree(body).get("Records").get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
