package dev.herald.sidecar.console;

import dev.herald.sidecar.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleSessionsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final ConsoleSessions sessions = new ConsoleSessions("admin-secret", clock);

    @Test
    void onlyTheAdminTokenSignsIn() {
        assertThat(sessions.signIn("admin-secre")).isEmpty();
        assertThat(sessions.signIn("admin-secret ")).isEmpty();
        assertThat(sessions.signIn(null)).isEmpty();
        ConsoleSessions.Session s = sessions.signIn("admin-secret").orElseThrow();
        assertThat(s.id()).hasSize(43).isNotEqualTo(s.csrfToken());
        assertThat(sessions.find(s.id())).isPresent();
        assertThat(sessions.find("forged")).isEmpty();
    }

    @Test
    void withoutATokenNobodySignsIn() {
        ConsoleSessions off = new ConsoleSessions(null, clock);
        assertThat(off.enabled()).isFalse();
        assertThat(off.signIn("")).isEmpty();
        assertThat(off.signIn(null)).isEmpty();
    }

    @Test
    void aSessionEndsAfterIdleTimeUnlessUsed() {
        String id = sessions.signIn("admin-secret").orElseThrow().id();
        clock.advance(ConsoleSessions.IDLE.minusSeconds(1));
        assertThat(sessions.find(id)).as("used just before the idle limit").isPresent();
        clock.advance(ConsoleSessions.IDLE.minusSeconds(1));
        assertThat(sessions.find(id)).as("the use reset the idle time").isPresent();
        clock.advance(ConsoleSessions.IDLE);
        assertThat(sessions.find(id)).isEmpty();
    }

    @Test
    void aSessionInUseStillEndsAtItsLifetime() {
        ConsoleSessions.Session s = sessions.signIn("admin-secret").orElseThrow();
        Duration step = ConsoleSessions.IDLE.dividedBy(2);
        for (Duration used = Duration.ZERO; used.plus(step).compareTo(ConsoleSessions.LIFETIME) < 0; used = used.plus(step)) {
            clock.advance(step);
            assertThat(sessions.find(s.id()).orElseThrow().expiresAt()).as("never past its lifetime")
                    .isLessThanOrEqualTo(s.createdAt() + ConsoleSessions.LIFETIME.toMillis());
        }
        clock.advance(step);
        assertThat(sessions.find(s.id())).isEmpty();
    }

    @Test
    void signingOutEndsOnlyThatSession() {
        String a = sessions.signIn("admin-secret").orElseThrow().id();
        String b = sessions.signIn("admin-secret").orElseThrow().id();
        sessions.signOut(a);
        assertThat(sessions.find(a)).isEmpty();
        assertThat(sessions.find(b)).isPresent();
    }

    @Test
    void theOldestSessionsGoWhenTooManyAreOpen() {
        String first = sessions.signIn("admin-secret").orElseThrow().id();
        clock.advance(Duration.ofSeconds(1));
        String second = sessions.signIn("admin-secret").orElseThrow().id();
        Set<String> ids = new HashSet<>();
        for (int i = 2; i < ConsoleSessions.MAX_SESSIONS + 1; i++) {
            clock.advance(Duration.ofMillis(1));
            ids.add(sessions.signIn("admin-secret").orElseThrow().id());
        }
        assertThat(ids).hasSize(ConsoleSessions.MAX_SESSIONS - 1);
        assertThat(sessions.find(first)).isEmpty();
        assertThat(sessions.find(second)).isPresent();
    }

    @Test
    void theCsrfTokenMatchesOnlyItself() {
        ConsoleSessions.Session s = sessions.signIn("admin-secret").orElseThrow();
        assertThat(s.csrfMatches(s.csrfToken())).isTrue();
        assertThat(s.csrfMatches(s.id())).isFalse();
        assertThat(s.csrfMatches("")).isFalse();
        assertThat(s.csrfMatches(null)).isFalse();
    }
}
