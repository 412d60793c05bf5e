package dev.herald.dialects.bos;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static dev.herald.dialects.bos.BosErrorCode.INAPPROPRIATE_JSON;
import static dev.herald.dialects.bos.BosErrorCode.INVALID_ARGUMENT;
import static dev.herald.dialects.bos.BosErrorCode.MALFORMED_JSON;

/**
 * A node of a request body together with its JSON path, so that every refusal names the exact
 * field ({@code notifications[0].apps[1].eventUrl is required}). A missing field or one of the
 * wrong JSON type is {@code InappropriateJSON}; a well-typed field with a bad value is
 * {@code InvalidArgument} (see {@link #invalid}). JSON {@code null} counts as missing.
 *
 * @param node the node, or {@code null} when the field is absent
 */
record JsonField(String path, JsonNode node) {

    /** The body as a JSON object; anything else is {@code MalformedJSON}. */
    static JsonField parseObject(byte[] body) {
        JsonNode root;
        try {
            root = BosJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new BosException(MALFORMED_JSON, "the request body is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new BosException(MALFORMED_JSON, "the request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new BosException(MALFORMED_JSON, "the request body must be a JSON object");
        }
        return new JsonField("", root);
    }

    JsonField get(String name) {
        return new JsonField(path.isEmpty() ? name : path + "." + name, isPresent() ? node.get(name) : null);
    }

    boolean isPresent() {
        return node != null && !node.isNull();
    }

    String text() {
        requirePresent();
        if (!node.isTextual()) {
            throw inappropriate("must be a string");
        }
        return node.textValue();
    }

    /** The string, or {@code null} when absent. */
    String optionalText() {
        return isPresent() ? text() : null;
    }

    /** The string, of at most {@code maxChars} characters ({@code InvalidArgument} beyond). */
    String text(int maxChars) {
        return limited(text(), maxChars);
    }

    /** The string of at most {@code maxChars} characters, or {@code null} when absent. */
    String optionalText(int maxChars) {
        return isPresent() ? text(maxChars) : null;
    }

    private String limited(String text, int maxChars) {
        if (text.length() > maxChars) {
            throw invalid("is " + text.length() + " characters long; at most " + maxChars + " are allowed");
        }
        return text;
    }

    /** The integer, or {@code null} when absent. */
    Long optionalLong() {
        if (!isPresent()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw inappropriate("must be an integer");
        }
        return node.longValue();
    }

    JsonField object() {
        requirePresent();
        if (!node.isObject()) {
            throw inappropriate("must be an object");
        }
        return this;
    }

    /** The elements of a required array of at most {@code max} entries (possibly none). */
    List<JsonField> items(int max) {
        requirePresent();
        if (!node.isArray()) {
            throw inappropriate("must be an array");
        }
        if (node.size() > max) {
            throw invalid("has " + node.size() + " entries; at most " + max + " are allowed");
        }
        List<JsonField> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(new JsonField(path + "[" + i + "]", node.get(i)));
        }
        return out;
    }

    /** Like {@link #items} but at least one entry. */
    List<JsonField> nonEmptyItems(int max) {
        List<JsonField> items = items(max);
        if (items.isEmpty()) {
            throw invalid("must not be empty");
        }
        return items;
    }

    /** {@code InvalidArgument} about this field: the message is the path followed by {@code reason}. */
    BosException invalid(String reason) {
        return new BosException(INVALID_ARGUMENT, path + " " + reason);
    }

    private void requirePresent() {
        if (!isPresent()) {
            throw new BosException(INAPPROPRIATE_JSON, path + " is required");
        }
    }

    private BosException inappropriate(String reason) {
        return new BosException(INAPPROPRIATE_JSON, path + " " + reason);
    }
}
