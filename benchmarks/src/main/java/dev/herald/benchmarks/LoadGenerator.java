package dev.herald.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * A cheap HTTP/1.1 load generator: pre-built request bytes written to plain sockets, one
 * keep-alive connection per sender, the response's status line, headers and body read exactly
 * (Content-Length or chunked). No HTTP client library, no per-request allocation beyond the
 * response parse, so the senders cost little CPU next to the server they measure.
 *
 * <p>Sender threads are daemons: a failure in one stops the phase and is thrown to the caller,
 * and nothing left running keeps the JVM alive.
 */
final class LoadGenerator {
    private LoadGenerator() {
    }

    /** What one phase measured. */
    record Result(int requests, long[] latencyNanos, long elapsedNanos) {
        double perSecond(int itemsPerRequest) {
            return (double) requests * itemsPerRequest / (elapsedNanos / 1e9);
        }

        /** The {@code p}th percentile of the latencies (nearest rank). */
        long percentileNanos(int p) {
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
        }
    }

    /**
     * A POST of {@code body} to {@code target} as bytes on the wire (request line, headers, body).
     * {@code Authorization: Bearer token} when {@code token} is not null.
     */
    static byte[] post(URI target, String token, byte[] body) {
        String head = "POST " + target.getRawPath() + " HTTP/1.1\r\n"
                + "Host: " + target.getHost() + ":" + target.getPort() + "\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[h.length + body.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        return out;
    }

    /**
     * Sends requests {@code 0..n-1} (request {@code i} is {@code request.apply(i)}) from
     * {@code senders} threads, each on its own keep-alive connection to {@code target}, each taking
     * the next unsent request when its previous one was answered. Every answer must be 2xx.
     *
     * @return the latency of each request (send of its first byte to the last byte of the answer)
     *         and the wall time from the first send to the last answer
     * @throws IOException the first failure of any sender (the others stop at their next request)
     */
    static Result run(URI target, int n, int senders, IntFunction<byte[]> request, Duration timeout)
            throws IOException, InterruptedException {
        return run(List.of(target), n, senders, List.of(request), timeout);
    }

    /**
     * The same spread over several servers (Herald's replicas): sender {@code s} is connected to
     * {@code targets.get(s % targets.size())} and sends its requests as
     * {@code requests.get(s % targets.size())} builds them for that server.
     */
    static Result run(List<URI> targets, int n, int senders, List<IntFunction<byte[]>> requests, Duration timeout)
            throws IOException, InterruptedException {
        if (targets.size() != requests.size()) {
            throw new IllegalArgumentException(targets.size() + " targets, " + requests.size() + " request builders");
        }
        long[] latencies = new long[n];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(senders);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(senders);
        List<KeepAliveConnection> connections = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            URI target = targets.get(s % targets.size());
            IntFunction<byte[]> request = requests.get(s % targets.size());
            KeepAliveConnection c = new KeepAliveConnection(target);
            connections.add(c);
            Thread.ofPlatform().daemon(true).name("bench-sender-" + s).start(() -> {
                try {
                    c.connect();
                    ready.countDown();
                    go.await();
                    for (int i = next.getAndIncrement(); i < n && failure.get() == null; i = next.getAndIncrement()) {
                        byte[] bytes = request.apply(i);
                        long t0 = System.nanoTime();
                        int status = c.exchange(bytes);
                        latencies[i] = System.nanoTime() - t0;
                        if (status / 100 != 2) {
                            throw new IOException(target + " answered " + status + " to request " + i + ": " + c.lastBody());
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    ready.countDown();
                } finally {
                    c.close();
                    done.countDown();
                }
            });
        }
        ready.await();
        long t0 = System.nanoTime();
        go.countDown();
        boolean finished = done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long elapsed = System.nanoTime() - t0;
        if (!finished) {
            failure.compareAndSet(null, new IOException("senders to " + targets + " not done within " + timeout
                    + " (" + Math.min(next.get(), n) + " of " + n + " requests started)"));
            connections.forEach(KeepAliveConnection::close); // unblocks a sender stuck in a read
        }
        Throwable t = failure.get();
        if (t != null) {
            throw t instanceof IOException io ? io : new IOException("sender failed: " + t, t);
        }
        return new Result(n, latencies, elapsed);
    }
}
