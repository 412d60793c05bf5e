package dev.herald.sidecar.http;

import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request head is still arriving after {@code server.headerTimeout}:
 * Jetty's idle timeout restarts with every byte, so a client sending one header byte a second
 * (slowloris) would otherwise hold its connection forever. Each connection is looked at once per
 * timeout; one found in the middle of the same request's head twice in a row is closed, so a head
 * is cut off after between one and two timeouts. An idle keep-alive connection (no byte of a
 * next request yet) is left to the idle timeout.
 */
final class HeaderDeadline implements Connection.Listener {
    private final Scheduler scheduler;
    private final long timeoutMillis;

    HeaderDeadline(Scheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            watch(http, -1);
        }
    }

    /** @param midHeadOf the request count when the last look found a head arriving, or -1 */
    private void watch(HttpConnection http, long midHeadOf) {
        scheduler.schedule(() -> look(http, midHeadOf), timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void look(HttpConnection http, long midHeadOf) {
        if (!http.getEndPoint().isOpen()) {
            return;
        }
        // Read from another thread than the parser's: a stale state only delays the close by one look.
        HttpParser parser = http.getParser();
        boolean midHead = parser.inHeaderState() && !parser.isStart();
        long requests = http.getMessagesIn();
        if (midHead && requests == midHeadOf) {
            http.getEndPoint().close();
            return;
        }
        watch(http, midHead ? requests : -1);
    }
}
