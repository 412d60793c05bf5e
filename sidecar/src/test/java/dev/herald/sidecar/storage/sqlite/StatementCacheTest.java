package dev.herald.sidecar.storage.sqlite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class StatementCacheTest {
    @TempDir
    Path dir;

    @Test
    void aStatementClosedByItsUserIsHandedOutAgainAndANestedOneIsFresh() throws Exception {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
             StatementCache cache = new StatementCache(raw)) {
            try (Statement st = raw.createStatement()) {
                st.execute("CREATE TABLE t (v INTEGER)");
            }
            Connection c = cache.connection();
            PreparedStatement first;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
                first = ps;
                ps.setInt(1, 1);
                ps.executeUpdate();
                try (PreparedStatement nested = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
                    assertThat(nested).as("the cached one is in use").isNotSameAs(ps);
                    nested.setInt(1, 2);
                    nested.executeUpdate();
                }
            }
            assertThat(first.isClosed()).as("closing returns it to the cache").isTrue();
            try (PreparedStatement again = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
                assertThat(again).isSameAs(first);
                assertThat(again.isClosed()).isFalse();
                again.setInt(1, 3);
                again.executeUpdate();
            }
            try (PreparedStatement q = c.prepareStatement("SELECT group_concat(v) FROM t"); ResultSet rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1,2,3");
            }
        }
    }
}
