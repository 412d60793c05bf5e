package dev.herald.sidecar.store;

import dev.herald.dialects.StoreUnavailableException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded store: one SQLite file ({@code herald.db}) in the data directory holding rules,
 * received events, pending deliveries, attempts and dead letters.
 *
 * <p>WAL mode with {@code synchronous=FULL}: a commit returns only after the WAL is fsync'd, so
 * an acknowledged event survives a crash or power loss. All writes go through one
 * {@link GroupCommitWriter}; reads use a separate connection (WAL readers never block the writer).
 */
public final class HeraldStore implements AutoCloseable {
    static final String FILE_NAME = "herald.db";

    /** What a delivery is, shared by pending ones and dead letters, which keep it for replay. */
    private static final String DELIVERY_COLUMNS = """
          id TEXT PRIMARY KEY,
          event_id TEXT NOT NULL,
          dialect TEXT NOT NULL,
          bucket TEXT NOT NULL,
          rule_id TEXT,
          vendor_event_id TEXT,
          target_url TEXT NOT NULL,
          method TEXT NOT NULL,
          content_type TEXT,
          body BLOB NOT NULL,
          signing_key TEXT,
          headers TEXT,
          order_key TEXT,""";

    private static final String[] SCHEMA = {
        """
        CREATE TABLE IF NOT EXISTS rules (
          bucket TEXT NOT NULL,
          dialect TEXT NOT NULL,
          rules_json TEXT NOT NULL,
          updated_at INTEGER NOT NULL,
          PRIMARY KEY (bucket, dialect))""",
        // Events are remembered for de-duplication (store.retention); body is '' unless a cloudfunc job reads it.
        """
        CREATE TABLE IF NOT EXISTS events (
          id TEXT PRIMARY KEY,
          producer TEXT NOT NULL,
          bucket TEXT NOT NULL,
          object_key TEXT NOT NULL,
          event_name TEXT NOT NULL,
          received_at INTEGER NOT NULL,
          body TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS events_received ON events (received_at)",
        """
        CREATE TABLE IF NOT EXISTS bus_events (
          id TEXT PRIMARY KEY,
          bus_id TEXT NOT NULL,
          source TEXT NOT NULL,
          event_id TEXT NOT NULL,
          received_at INTEGER NOT NULL,
          body TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS bus_events_received ON bus_events (received_at)",
        """
        CREATE TABLE IF NOT EXISTS deliveries (
        """ + DELIVERY_COLUMNS + """
          origin TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL,
          created_at INTEGER NOT NULL,
          last_status INTEGER,
          last_error TEXT)""",
        """
        CREATE TABLE IF NOT EXISTS disabled_targets (
          target_url TEXT PRIMARY KEY,
          disabled_at INTEGER NOT NULL,
          reason TEXT NOT NULL)""",
        """
        CREATE TABLE IF NOT EXISTS cloudfunc_jobs (
          id TEXT PRIMARY KEY,
          event_id TEXT NOT NULL,
          dialect TEXT NOT NULL,
          bucket TEXT NOT NULL,
          rule_id TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL,
          created_at INTEGER NOT NULL,
          last_error TEXT)""",
        """
        CREATE TABLE IF NOT EXISTS attempts (
          delivery_id TEXT NOT NULL,
          attempt INTEGER NOT NULL,
          started_at INTEGER NOT NULL,
          duration_ms INTEGER NOT NULL,
          status INTEGER,
          error TEXT,
          PRIMARY KEY (delivery_id, attempt))""",
        """
        CREATE TABLE IF NOT EXISTS dead_letters (
        """ + DELIVERY_COLUMNS + """
          attempts INTEGER NOT NULL,
          created_at INTEGER NOT NULL,
          died_at INTEGER NOT NULL,
          last_status INTEGER,
          last_error TEXT,
          report_bucket TEXT,
          report_prefix TEXT,
          reported_at INTEGER)""",
        "CREATE INDEX IF NOT EXISTS dead_letters_unreported ON dead_letters (report_bucket) WHERE reported_at IS NULL",
    };

    private final Path directory;
    private final String url;
    private final ReentrantLock readLock = new ReentrantLock();
    private final GroupCommitWriter writer;
    private Connection readConnection; // guarded by readLock

    private HeraldStore(Path directory, String url, Connection write, Connection read, int commitBatch) throws SQLException {
        this.directory = directory;
        this.url = url;
        this.readConnection = read;
        this.writer = new GroupCommitWriter(write, commitBatch, this::reopen);
    }

    /** Opens (creating if needed) the store in {@code directory}. */
    public static HeraldStore open(Path directory, int commitBatch) {
        try {
            if (Files.notExists(directory)) {
                Files.createDirectories(directory);
                // The store holds signing keys and bodies: only Herald's user may read it.
                if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
                }
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create data directory " + directory + ": " + e.getMessage(), e);
        }
        String url = "jdbc:sqlite:" + directory.resolve(FILE_NAME).toAbsolutePath();
        try {
            Connection write = openWriter(url);
            try (Statement st = write.createStatement()) {
                for (String ddl : SCHEMA) {
                    st.execute(ddl);
                }
                StoreMigrations.apply(write);
                // Rows are loaded per destination in insertion (rowid) order; SQLite indexes carry the rowid.
                st.execute("CREATE INDEX IF NOT EXISTS deliveries_origin ON deliveries (origin)");
            }
            return new HeraldStore(directory, url, write, openReader(url), commitBatch);
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot open store " + url + ": " + e.getMessage(), e);
        }
    }

    private static Connection openWriter(String url) throws SQLException {
        Connection write = DriverManager.getConnection(url);
        try (Statement st = write.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
            st.execute("PRAGMA busy_timeout=10000");
            st.execute("PRAGMA foreign_keys=OFF");
        } catch (SQLException e) {
            write.close();
            throw e;
        }
        return write;
    }

    private static Connection openReader(String url) throws SQLException {
        Connection read = DriverManager.getConnection(url);
        try (Statement st = read.createStatement()) {
            st.execute("PRAGMA busy_timeout=10000");
        } catch (SQLException e) {
            read.close();
            throw e;
        }
        return read;
    }

    /**
     * The writer's way out of a read-only connection: SQLite opens {@code herald.db} read-only when
     * it cannot open it for writing (a read-only mount), and every connection of the process to
     * that file shares one wal-index, mapped read-only then. Only when both connections are closed
     * does a new one open it read-write. Called on the writer thread, between groups.
     */
    private Connection reopen(Connection write) throws SQLException {
        readLock.lock();
        try {
            closeQuietly(write);
            closeQuietly(readConnection);
            Connection fresh = openWriter(url);
            try {
                readConnection = openReader(url);
            } catch (SQLException e) {
                fresh.close();
                throw e;
            }
            return fresh;
        } finally {
            readLock.unlock();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Being replaced: its errors do not matter any more.
        }
    }

    public Path directory() {
        return directory;
    }

    public GroupCommitWriter writer() {
        return writer;
    }

    /** Runs a read on the shared read connection (SQLite connections are not thread-safe). */
    public <T> T read(SqlWork<T> work) {
        readLock.lock();
        try {
            return work.apply(readConnection);
        } catch (SQLException e) {
            throw new StoreUnavailableException("store read failed: " + e.getMessage(), e);
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            readConnection.close();
        } catch (SQLException ignored) {
            // Closing at shutdown: nothing useful to do with the error.
        }
    }
}
