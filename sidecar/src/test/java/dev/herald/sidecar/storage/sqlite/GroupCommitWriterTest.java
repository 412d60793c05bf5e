package dev.herald.sidecar.storage.sqlite;

import dev.herald.dialects.StoreUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitWriterTest {
    @TempDir
    Path dir;
    SqliteDatabase store;

    @BeforeEach
    void open() {
        store = SqliteDatabase.open(dir, 512, List.of());
        store.writer().execute(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static SqlWork<Integer> insert(int k, String v) {
        return c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)")) {
                ps.setInt(1, k);
                ps.setString(2, v);
                return ps.executeUpdate();
            }
        };
    }

    private int count() {
        return store.read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Test
    void concurrentWritersShareCommits() throws Exception {
        long commitsBefore = store.writer().commits();
        int n = 2000;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                results.add(pool.submit(() -> store.writer().execute(insert(k, "v" + k))));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(1);
            }
        }
        assertThat(count()).isEqualTo(n);
        long commits = store.writer().commits() - commitsBefore;
        assertThat(commits).as("group commit: far fewer commits than writes").isLessThan(n / 4);
    }

    @Test
    void aFailingUnitIsRolledBackAloneAndItsCallerTold() {
        CompletableFuture<Integer> ok1 = store.writer().submit(insert(1, "a"));
        CompletableFuture<Integer> bad = store.writer().submit(c -> {
            insert(2, "b").apply(c); // applied, then rolled back with its savepoint
            return insert(1, "dup").apply(c);
        });
        CompletableFuture<Integer> ok2 = store.writer().submit(insert(3, "c"));
        assertThat(ok1.join()).isEqualTo(1);
        assertThat(ok2.join()).isEqualTo(1);
        assertThatThrownBy(bad::join).hasCauseInstanceOf(StoreUnavailableException.class);
        List<Integer> stored = store.read(c -> {
            List<Integer> keys = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT k FROM t ORDER BY k")) {
                while (rs.next()) {
                    keys.add(rs.getInt(1));
                }
            }
            return keys;
        });
        assertThat(stored).containsExactly(1, 3);
    }

    @Test
    void aFullDiskFailsTheWriteAndTheStoreRecoversWhenSpaceReturns() {
        // max_page_count caps the file size: SQLite then fails exactly as on a full disk (SQLITE_FULL).
        int pages = store.writer().execute(c -> pageCount(c));
        store.writer().execute(c -> setMaxPages(c, pages));
        String big = "x".repeat(64 * 1024);
        assertThatThrownBy(() -> store.writer().execute(insert(1, big)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("full");
        assertThat(count()).isZero();
        store.writer().execute(c -> setMaxPages(c, 1_000_000));
        assertThat(store.writer().execute(insert(1, big))).isEqualTo(1);
        assertThat(count()).isEqualTo(1);
    }

    /**
     * SQLite opens the database read-only, silently, when it cannot open it for writing (a
     * read-only mount); that connection stays read-only after the mount is writable again. The
     * writer must get a new one after a write failed with SQLITE_READONLY, not fail for ever.
     */
    @Test
    void aReadOnlyConnectionIsReplacedAfterAWriteFails() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve(SqliteDatabase.FILE_NAME).toAbsolutePath();
        org.sqlite.SQLiteConfig readOnly = new org.sqlite.SQLiteConfig();
        readOnly.setReadOnly(true);
        java.sql.Connection first = java.sql.DriverManager.getConnection(url, readOnly.toProperties());
        List<java.sql.Connection> replaced = new ArrayList<>();
        GroupCommitWriter writer = new GroupCommitWriter(first, 16, old -> {
            replaced.add(old);
            old.close();
            return java.sql.DriverManager.getConnection(url);
        });
        try {
            assertThatThrownBy(() -> writer.execute(insert(1, "a")))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("SQLITE_READONLY");
            assertThat(writer.execute(insert(1, "a"))).isEqualTo(1);
            assertThat(writer.execute(insert(2, "b"))).isEqualTo(1);
        } finally {
            writer.close();
        }
        assertThat(replaced).containsExactly(first);
        assertThat(first.isClosed()).isTrue();
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void closedWriterRefusesInsteadOfDropping() {
        store.close();
        assertThatThrownBy(() -> store.writer().execute(insert(1, "a"))).isInstanceOf(StoreUnavailableException.class);
        store = SqliteDatabase.open(dir, 512, List.of());
    }

    private static int pageCount(java.sql.Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA page_count")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Object setMaxPages(java.sql.Connection c, int pages) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA max_page_count = " + pages);
        }
        return null;
    }
}
