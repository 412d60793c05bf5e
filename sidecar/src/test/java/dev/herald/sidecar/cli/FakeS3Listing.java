package dev.herald.sidecar.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bucket as ListObjectsV2 (one page) and HeadObject show it, for tests of what Herald does with a
 * listing; real S3 servers are tested in the test-harness (CephReconcileTest).
 */
final class FakeS3Listing implements AutoCloseable {
    private final HttpServer server;
    private final String bucket;
    private final Map<String, Instant> objects = new TreeMap<>();

    FakeS3Listing(String bucket) {
        this.bucket = bucket;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    synchronized FakeS3Listing put(String key, Instant lastModified) {
        objects.put(key, lastModified);
        return this;
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (exchange.getRequestMethod().equals("HEAD") && path.startsWith("/" + bucket + "/")) {
            Instant modified = objects.get(path.substring(bucket.length() + 2));
            if (modified != null) {
                exchange.getResponseHeaders().add("ETag", "\"" + eTag(path.substring(bucket.length() + 2)) + "\"");
                exchange.getResponseHeaders().add("Content-Type", "text/plain");
                exchange.getResponseHeaders().add("Content-Length", "3");
                exchange.getResponseHeaders().add("Last-Modified",
                        DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.atOffset(ZoneOffset.UTC)));
            }
            exchange.sendResponseHeaders(modified != null ? 200 : 404, -1);
            exchange.close();
            return;
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult "
                + "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>" + bucket + "</Name><KeyCount>" + objects.size()
                + "</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>");
        objects.forEach((key, modified) -> xml.append("<Contents><Key>").append(key).append("</Key><LastModified>")
                .append(modified).append("</LastModified><ETag>\"").append(eTag(key)).append("\"</ETag><Size>3</Size>")
                .append("<StorageClass>STANDARD</StorageClass></Contents>"));
        byte[] body = xml.append("</ListBucketResult>").toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static String eTag(String key) {
        return Integer.toHexString(key.hashCode());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
