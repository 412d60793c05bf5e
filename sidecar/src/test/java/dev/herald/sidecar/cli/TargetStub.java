package dev.herald.sidecar.cli;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A push target answering a status that the test switches, and remembering the deliveries it answered 200. */
final class TargetStub implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger status = new AtomicInteger(500);
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();

    TargetStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int answer = status.get();
            if (answer == 200) {
                delivered.add(exchange.getRequestHeaders().getFirst("X-Herald-Delivery-Id"));
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void answer(int httpStatus) {
        status.set(httpStatus);
    }

    /** Delivery ids answered 200. */
    Set<String> delivered() {
        return delivered;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
