package dev.herald.sidecar.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sign-ins, held by the server only: the browser's cookie carries a random id, and
 * the session carries the CSRF token that every state change must echo. A session ends when
 * signed out, after {@link #IDLE} without a request, or {@link #LIFETIME} after sign-in; a restart
 * ends them all (the operator signs in again).
 */
public final class ConsoleSessions {
    public static final Duration IDLE = Duration.ofMinutes(30);
    public static final Duration LIFETIME = Duration.ofHours(12);
    /** Sign-ins need the admin token, so this bounds memory, not an attacker: the oldest goes first. */
    static final int MAX_SESSIONS = 1_000;

    /** A signed-in browser. {@code lastSeen} moves with each request. */
    public record Session(String id, String csrfToken, long createdAt, long lastSeen) {
        Session seenAt(long now) {
            return new Session(id, csrfToken, createdAt, now);
        }

        /** When it ends unless used again. */
        public long expiresAt() {
            return Math.min(createdAt + LIFETIME.toMillis(), lastSeen + IDLE.toMillis());
        }

        /** Whether {@code token} is this session's CSRF token, compared in constant time. */
        public boolean csrfMatches(String token) {
            return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                    csrfToken.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Clock clock;
    private final byte[] adminToken;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** @param adminToken {@code admin.token}; without one nobody can sign in */
    public ConsoleSessions(String adminToken, Clock clock) {
        this.adminToken = adminToken == null ? null : adminToken.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    public boolean enabled() {
        return adminToken != null;
    }

    /** A new session when {@code token} is the admin token (compared in constant time); empty otherwise. */
    public Optional<Session> signIn(String token) {
        if (adminToken == null || token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), adminToken)) {
            return Optional.empty();
        }
        long now = clock.millis();
        dropExpired(now);
        while (sessions.size() >= MAX_SESSIONS) {
            sessions.values().stream().min(Comparator.comparingLong(Session::lastSeen)).ifPresent(s -> sessions.remove(s.id()));
        }
        Session s = new Session(randomToken(), randomToken(), now, now);
        sessions.put(s.id(), s);
        return Optional.of(s);
    }

    /** The live session with this id, its idle time reset; empty when unknown or expired. */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        Session s = sessions.computeIfPresent(id, (k, v) -> v.expiresAt() > now ? v.seenAt(now) : null);
        return Optional.ofNullable(s);
    }

    public void signOut(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    private void dropExpired(long now) {
        sessions.values().removeIf(s -> s.expiresAt() <= now);
    }

    private String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
