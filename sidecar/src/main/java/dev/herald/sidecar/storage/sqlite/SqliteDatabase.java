package dev.herald.sidecar.storage.sqlite;

import dev.herald.dialects.StoreUnavailableException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded store's SQLite file ({@code herald.db} in the data directory): its two connections
 * and its one writer. Each table's schema belongs to the class that owns the table; this class
 * only opens the file and runs them.
 *
 * <p>WAL mode with {@code synchronous=FULL}: a commit returns only after the WAL is fsync'd, so
 * an acknowledged event survives a crash or power loss. All writes go through one
 * {@link GroupCommitWriter}; reads use a separate connection (WAL readers never block the writer).
 */
public final class SqliteDatabase implements AutoCloseable {
    static final String FILE_NAME = "herald.db";

    /** Creates or migrates one owner's tables; runs on the writer connection before anything else. */
    @FunctionalInterface
    public interface Schema {
        void apply(Connection c) throws SQLException;
    }

    private final Path directory;
    private final String url;
    private final ReentrantLock readLock = new ReentrantLock();
    private final GroupCommitWriter writer;
    private Connection readConnection; // guarded by readLock

    private SqliteDatabase(Path directory, String url, Connection write, Connection read, int commitBatch) throws SQLException {
        this.directory = directory;
        this.url = url;
        this.readConnection = read;
        this.writer = new GroupCommitWriter(write, commitBatch, this::reopen);
    }

    /** Opens (creating if needed) the store in {@code directory}, applying each owner's schema in order. */
    public static SqliteDatabase open(Path directory, int commitBatch, List<Schema> schemas) {
        try {
            if (Files.notExists(directory)) {
                Files.createDirectories(directory);
                // The store holds signing keys and bodies: only Herald's user may read it.
                if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
                }
            }
            DataFileModes.secure(directory, FILE_NAME);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create data directory " + directory + ": " + e.getMessage(), e);
        }
        String url = "jdbc:sqlite:" + directory.resolve(FILE_NAME).toAbsolutePath();
        try {
            Connection write = openWriter(url);
            for (Schema schema : schemas) {
                schema.apply(write);
            }
            return new SqliteDatabase(directory, url, write, openReader(url), commitBatch);
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot open store " + url + ": " + e.getMessage(), e);
        }
    }

    private static Connection openWriter(String url) throws SQLException {
        Connection write = DriverManager.getConnection(url, driverOptions());
        try (Statement st = write.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
            // Checkpoint every ~32 MB of WAL, not SQLite's 4 MB: a page rewritten many times in between is
            // copied to the database once (docs/BENCHMARKS.md).
            st.execute("PRAGMA wal_autocheckpoint=8000");
            st.execute("PRAGMA busy_timeout=10000");
            st.execute("PRAGMA foreign_keys=OFF");
        } catch (SQLException e) {
            write.close();
            throw e;
        }
        return write;
    }

    /**
     * The driver's own options. Without {@code jdbc.get_generated_keys=false} sqlite-jdbc follows
     * every {@code INSERT} with a freshly prepared {@code SELECT last_insert_rowid()}, in case the
     * caller asks for generated keys: 6 % of Herald's CPU per delivered event in the benchmark's
     * profile (docs/BENCHMARKS.md). Nothing here asks; rows come back with {@code RETURNING}.
     */
    private static Properties driverOptions() {
        Properties p = new Properties();
        p.setProperty("jdbc.get_generated_keys", "false");
        return p;
    }

    private static Connection openReader(String url) throws SQLException {
        Connection read = DriverManager.getConnection(url, driverOptions());
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
