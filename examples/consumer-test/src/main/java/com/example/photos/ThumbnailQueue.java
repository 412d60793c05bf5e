package com.example.photos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The application's code under test: reads a BOS push and queues a thumbnail job for every new image. */
public final class ThumbnailQueue {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One job: the object to make a thumbnail of. */
    public record Job(String bucket, String key, long size) {
    }

    /** The jobs a BOS push body asks for: one per {@code PutObject} event. */
    public static List<Job> jobsFrom(byte[] bosPushBody) throws IOException {
        List<Job> jobs = new ArrayList<>();
        for (JsonNode event : JSON.readTree(bosPushBody).path("events")) {
            if ("PutObject".equals(event.path("eventType").asText())) {
                JsonNode content = event.path("content");
                jobs.add(new Job(content.path("bucket").asText(), content.path("object").asText(),
                        content.path("filesize").asLong()));
            }
        }
        return jobs;
    }
}
