package dev.herald.sidecar.delivery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A transport that answers as the test scripts it and records every request with the (test clock's) time it was sent. */
final class ScriptedTransport implements Transport {
    record Sent(long at, PushRequest request) {
        String header(String name) {
            return request.headers().get(name);
        }
    }

    final List<Sent> sent = new ArrayList<>();
    private final Clock clock;
    private volatile Function<PushRequest, Response> answer = r -> status(200);

    ScriptedTransport(Clock clock) {
        this.clock = clock;
    }

    void answer(Function<PushRequest, Response> answer) {
        this.answer = answer;
    }

    static Response status(int status) {
        return new Response(status, status / 100 == 2 ? null : "HTTP " + status, -1, new byte[0]);
    }

    static Response status(int status, long retryAfterMillis) {
        return new Response(status, "HTTP " + status, retryAfterMillis, new byte[0]);
    }

    static Response noAnswer() {
        return new Response(null, "connection refused", -1, new byte[0]);
    }

    synchronized List<Long> timesSentTo(String url) {
        return sent.stream().filter(s -> s.request().url().equals(url)).map(Sent::at).toList();
    }

    synchronized List<String> idsSent() {
        return sent.stream().map(s -> s.header("X-Herald-Delivery-Id")).toList();
    }

    @Override
    public Response send(PushRequest request) {
        synchronized (this) {
            sent.add(new Sent(clock.millis(), request));
        }
        return answer.apply(request);
    }

    @Override
    public void close() {
    }
}
