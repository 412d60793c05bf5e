package dev.herald.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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

    /** Sends pre-built requests; see {@link #run(URI, int, int, IntFunction, Duration)}. */
    static Result run(URI target, byte[][] requests, int senders, Duration timeout) throws IOException, InterruptedException {
        return run(target, requests.length, senders, i -> requests[i], timeout);
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
        long[] latencies = new long[n];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(senders);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(senders);
        List<Connection> connections = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            Connection c = new Connection(target);
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
            failure.compareAndSet(null, new IOException("senders to " + target + " not done within " + timeout
                    + " (" + Math.min(next.get(), n) + " of " + n + " requests started)"));
            connections.forEach(Connection::close); // unblocks a sender stuck in a read
        }
        Throwable t = failure.get();
        if (t != null) {
            throw t instanceof IOException io ? io : new IOException("sender failed: " + t, t);
        }
        return new Result(n, latencies, elapsed);
    }

    /** One keep-alive HTTP/1.1 connection with its own read buffer. */
    static final class Connection implements AutoCloseable {
        private final URI target;
        private final byte[] buf = new byte[64 * 1024];
        private final byte[] lastBody = new byte[512];
        private int lastBodyLength;
        private int pos;
        private int limit;
        private volatile Socket socket;
        private InputStream in;
        private OutputStream out;

        Connection(URI target) {
            this.target = target;
        }

        void connect() throws IOException {
            close();
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.setSoTimeout(120_000);
            s.connect(new InetSocketAddress(target.getHost(), target.getPort()), 5_000);
            socket = s;
            in = s.getInputStream();
            out = s.getOutputStream();
            pos = 0;
            limit = 0;
        }

        /** Writes the request, reads the whole answer; returns its status. Reconnects when the server closed. */
        int exchange(byte[] request) throws IOException {
            if (socket == null) {
                connect();
            }
            out.write(request);
            out.flush();
            String statusLine = line();
            if (statusLine == null) {
                throw new EOFException("connection closed before the answer");
            }
            // "HTTP/1.1 200 OK"
            int sp = statusLine.indexOf(' ');
            if (!statusLine.startsWith("HTTP/1.") || sp < 0 || statusLine.length() < sp + 4) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(sp + 1, sp + 4));
            long contentLength = -1;
            boolean chunked = false;
            boolean close = statusLine.startsWith("HTTP/1.0");
            for (String h = line(); ; h = line()) {
                if (h == null) {
                    throw new EOFException("connection closed in the answer's headers");
                }
                if (h.isEmpty()) {
                    break;
                }
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim();
                String value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    contentLength = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.toLowerCase().contains("chunked")) {
                    chunked = true;
                } else if (name.equalsIgnoreCase("Connection")) {
                    close = value.equalsIgnoreCase("close");
                }
            }
            lastBodyLength = 0;
            if (chunked) {
                while (true) {
                    String size = line();
                    if (size == null) {
                        throw new EOFException("connection closed in a chunked body");
                    }
                    int semi = size.indexOf(';');
                    long chunk = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    if (chunk == 0) {
                        while (true) { // trailers up to the empty line
                            String t = line();
                            if (t == null || t.isEmpty()) {
                                break;
                            }
                        }
                        break;
                    }
                    body(chunk);
                    if (!"".equals(line())) {
                        throw new IOException("chunk not followed by CRLF");
                    }
                }
            } else if (contentLength >= 0) {
                body(contentLength);
            } else if (status >= 200 && status != 204 && status != 304) {
                // No length: the body runs to the end of the connection.
                while (fill()) {
                    body(limit - pos);
                }
                close = true;
            }
            if (close) {
                close();
            }
            return status;
        }

        /** The start of the last answer's body, for error messages. */
        String lastBody() {
            return new String(lastBody, 0, lastBodyLength, StandardCharsets.UTF_8);
        }

        private void body(long length) throws IOException {
            long left = length;
            while (left > 0) {
                if (pos == limit && !fill()) {
                    throw new EOFException("connection closed with " + left + " body bytes unread");
                }
                int n = (int) Math.min(left, limit - pos);
                int keep = Math.min(n, lastBody.length - lastBodyLength);
                System.arraycopy(buf, pos, lastBody, lastBodyLength, keep);
                lastBodyLength += keep;
                pos += n;
                left -= n;
            }
        }

        /** One CRLF-terminated line (ISO-8859-1), without the CRLF; null at the end of the stream. */
        private String line() throws IOException {
            StringBuilder sb = null;
            while (true) {
                for (int i = pos; i < limit; i++) {
                    if (buf[i] == '\n') {
                        int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                        String part = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                        pos = i + 1;
                        if (sb == null) {
                            return part;
                        }
                        sb.append(part);
                        int last = sb.length() - 1;
                        if (end == i && last >= 0 && sb.charAt(last) == '\r') {
                            sb.setLength(last); // the CR was at the end of the previous buffer
                        }
                        return sb.toString();
                    }
                }
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(new String(buf, pos, limit - pos, StandardCharsets.ISO_8859_1));
                pos = limit;
                if (!fill()) {
                    return sb.isEmpty() ? null : sb.toString();
                }
            }
        }

        private boolean fill() throws IOException {
            if (pos < limit) {
                return true;
            }
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }

        @Override
        public void close() {
            Socket s = socket;
            socket = null;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
