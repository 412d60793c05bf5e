package dev.herald.benchmarks;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The fast local receiver: answers 200 to everything and checks that every expected event
 * arrived exactly once. An event is identified by its number, taken from its object key
 * ({@code .../ev<number>.jpg}, the first {@code /ev<digits>.} in the body: the MinIO body the
 * relay forwards and the BOS push Herald renders both carry it); a {@link BitSet} over those
 * numbers keeps the check small even for millions of events.
 *
 * <p>It can stop listening and start again on the same port, so deliveries can pile up behind
 * a receiver that is down.
 */
final class Sink implements AutoCloseable {
    private final int port;
    private Server server;
    private BitSet seen = new BitSet();
    private int expected;
    private int distinct;
    private long duplicates;
    private long unparsed;
    private long received;
    private long firstArrivalNanos;
    private CountDownLatch done = new CountDownLatch(0);

    private Sink(int port) {
        this.port = port;
    }

    /** Listens on 127.0.0.1:{@code port}. */
    static Sink start(int port) throws Exception {
        Sink sink = new Sink(port);
        sink.listen();
        return sink;
    }

    /** Starts listening (again) on the same port. */
    synchronized void listen() throws Exception {
        if (server != null) {
            return;
        }
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("bench-sink");
        pool.setDaemon(true);
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server s = new Server(pool);
        ServerConnector connector = new ServerConnector(s);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setReuseAddress(true);
        s.addConnector(connector);
        s.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                byte[] body;
                try (InputStream in = Content.Source.asInputStream(request)) {
                    body = in.readAllBytes();
                }
                arrived(eventNumbers(body));
                response.setStatus(200);
                callback.succeeded();
                return true;
            }
        });
        s.start();
        server = s;
    }

    /** Stops listening: connections are refused until {@link #listen()}. */
    synchronized void stopListening() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Forgets what arrived so far and expects events {@code 0..n-1}. */
    synchronized void expect(int n) {
        seen = new BitSet(n);
        expected = n;
        distinct = 0;
        duplicates = 0;
        unparsed = 0;
        received = 0;
        firstArrivalNanos = 0;
        done = new CountDownLatch(n == 0 ? 0 : 1);
    }

    /** @param numbers the events of one request: one, or a batch's */
    private synchronized void arrived(IntStream numbers) {
        received++;
        if (firstArrivalNanos == 0) {
            firstArrivalNanos = System.nanoTime();
        }
        int[] events = numbers.toArray();
        if (events.length == 0) {
            unparsed++;
        }
        for (int number : events) {
            if (number >= expected) {
                unparsed++;
            } else if (seen.get(number)) {
                duplicates++;
            } else {
                seen.set(number);
                if (++distinct == expected) {
                    done.countDown();
                }
            }
        }
    }

    /** Waits until every expected event arrived at least once. */
    boolean await(Duration timeout) throws InterruptedException {
        CountDownLatch d;
        synchronized (this) {
            d = done;
        }
        return d.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized int distinct() {
        return distinct;
    }

    /** Requests carrying an event that had already arrived. */
    synchronized long duplicates() {
        return duplicates;
    }

    /** Requests whose body named no expected event. */
    synchronized long unparsed() {
        return unparsed;
    }

    synchronized long received() {
        return received;
    }

    /** {@link System#nanoTime()} of the first arrival since {@link #expect(int)}, 0 if none. */
    synchronized long firstArrivalNanos() {
        return firstArrivalNanos;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port + "/sink");
    }

    /**
     * The distinct numbers of every {@code /ev<digits>.} in the body: one per event (a MinIO body
     * names its key twice, a batch names each of its events).
     */
    static IntStream eventNumbers(byte[] body) {
        IntStream.Builder numbers = IntStream.builder();
        for (int at = 0; at < body.length; ) {
            long found = eventNumber(body, at);
            if (found < 0) {
                break;
            }
            numbers.add((int) (found >>> 32));
            at = (int) found;
        }
        return numbers.build().distinct();
    }

    /** The number in the first {@code /ev<digits>.} from {@code from} in the high int, where it ends in the low; or -1. */
    private static long eventNumber(byte[] body, int from) {
        for (int i = from; i + 4 < body.length; i++) {
            if (body[i] == '/' && body[i + 1] == 'e' && body[i + 2] == 'v') {
                long n = 0;
                int j = i + 3;
                while (j < body.length && body[j] >= '0' && body[j] <= '9' && j - i < 13) {
                    n = n * 10 + (body[j] - '0');
                    j++;
                }
                if (j > i + 3 && j < body.length && body[j] == '.' && n <= Integer.MAX_VALUE) {
                    return n << 32 | j;
                }
            }
        }
        return -1;
    }

    @Override
    public void close() throws Exception {
        stopListening();
    }
}
