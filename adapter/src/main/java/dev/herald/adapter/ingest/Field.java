package dev.herald.adapter.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.herald.dialects.BucketNames;
import dev.herald.dialects.EventTimeRange;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A JSON value with its path in the body, so every complaint names the field it is about. */
record Field(JsonNode node, String path) {

    static Field root(JsonNode node) {
        return new Field(node, "");
    }

    Field get(String name) {
        JsonNode child = node.isObject() ? node.get(name) : null;
        return new Field(child == null ? MissingNode.getInstance() : child, path.isEmpty() ? name : path + "." + name);
    }

    /** The first of {@code names} that is present (producers disagree on spelling: eTag/etag). */
    Field first(String... names) {
        for (String name : names) {
            Field f = get(name);
            if (!f.isAbsent()) {
                return f;
            }
        }
        return get(names[0]);
    }

    boolean isAbsent() {
        return node.isMissingNode() || node.isNull();
    }

    List<Field> items() throws UndecodableNotificationException {
        if (!node.isArray()) {
            throw invalid("must be an array");
        }
        List<Field> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            items.add(new Field(node.get(i), path + "[" + i + "]"));
        }
        return items;
    }

    String text() throws UndecodableNotificationException {
        String text = optionalText();
        if (text == null) {
            throw invalid(isAbsent() ? "is missing" : "must be a string");
        }
        return text;
    }

    /** The string value, or {@code null} when absent, empty, or not a string. */
    String optionalText() {
        return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }

    /** A non-negative integer, sent as a number or (in AWS's doc examples) as a string. */
    Long optionalSize() throws UndecodableNotificationException {
        if (isAbsent() || node.isTextual() && node.asText().isEmpty()) {
            return null;
        }
        long size;
        if (node.canConvertToExactIntegral() && node.canConvertToLong()) {
            size = node.asLong();
        } else if (node.isTextual() && node.asText().matches("\\d{1,18}")) {
            size = Long.parseLong(node.asText());
        } else {
            throw invalid("must be a non-negative integer");
        }
        if (size < 0) {
            throw invalid("must be a non-negative integer");
        }
        return size;
    }

    Instant time() throws UndecodableNotificationException {
        String text = text();
        Instant time;
        try {
            time = EventTimes.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid("'" + excerpt(text) + "' is not a time like 2024-01-05T11:26:33.405Z");
        }
        Optional<String> outOfRange = EventTimeRange.problem(time);
        if (outOfRange.isPresent()) {
            throw invalid("'" + excerpt(text) + "' " + outOfRange.get());
        }
        return time;
    }

    /** The text, which must be a bucket name by S3's legacy rules ({@link BucketNames#S3_LEGACY}). */
    String bucketName() throws UndecodableNotificationException {
        String name = text();
        Optional<String> problem = BucketNames.S3_LEGACY.problem(name);
        if (problem.isPresent()) {
            throw invalid("is not an S3 bucket name: " + problem.get());
        }
        return name;
    }

    UndecodableNotificationException invalid(String problem) {
        return new UndecodableNotificationException(path + " " + problem);
    }

    /** Bodies are untrusted: quote at most a short, single-line piece of them. */
    static String excerpt(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 64 ? oneLine : oneLine.substring(0, 64) + "...";
    }
}
