package dev.herald.sidecar.storage;

/**
 * One finished attempt of a delivery.
 *
 * @param number           1 for the first attempt
 * @param status           the receiver's HTTP status, or {@code null} when no response came
 * @param error            why it failed (status line, timeout, refused address...), or {@code null}
 * @param retryAfterMillis the receiver's Retry-After, or -1
 */
public record Attempt(int number, long startedAt, long durationMillis, Integer status, String error,
                      long retryAfterMillis) {
}
