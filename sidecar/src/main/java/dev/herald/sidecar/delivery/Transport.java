package dev.herald.sidecar.delivery;

/** Makes one HTTP exchange and says what came back; never throws for the receiver's failures. */
public interface Transport extends AutoCloseable {
    /** Sends the request and blocks (on a virtual thread) until it completes or times out. */
    Response send(PushRequest request);

    /**
     * What the receiver answered.
     *
     * @param status           the HTTP status, or {@code null} when no response came
     * @param error            why it failed (status line, timeout, refused address...), {@code null} on 2xx
     * @param retryAfterMillis the receiver's {@code Retry-After}, or -1
     * @param body             the response body, as much as the request asked to keep; empty otherwise
     */
    record Response(Integer status, String error, long retryAfterMillis, byte[] body) {
        static Response notSent(String why) {
            return new Response(null, why, -1, new byte[0]);
        }
    }

    @Override
    void close();
}
