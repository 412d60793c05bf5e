package dev.herald.sidecar.storage.sqlite;

import dev.herald.dialects.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's only writer. Concurrent callers hand in small units of work; one thread runs
 * everything that is waiting in a single transaction and commits once (group commit), so N
 * concurrent ingest requests cost one fsync instead of N. When a unit fails, the group is rolled
 * back and applied again with each unit under its own savepoint: the failing one is rolled back
 * alone and its caller gets the error, the others commit (savepoints on every group cost the
 * writer thread two statements per unit). A failed commit fails the whole group, and every caller learns that nothing of theirs
 * was stored.
 *
 * <p>A connection that SQLite opened read-only (it falls back to that silently when the database
 * file cannot be opened for writing, e.g. on a file system mounted read-only) stays read-only
 * after the file system becomes writable again; so after a write failed with
 * {@code SQLITE_READONLY} the writer has its connection replaced before its next group.
 */
public final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final Pending<?> POISON = new Pending<>(c -> null);

    private final Reopener reopener;
    private final int maxBatch;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean closed;
    private Connection connection;
    private StatementCache statements;
    private boolean reopen;

    /** Replaces the writer's connection: closes {@code old} and returns a new one, configured as the first. */
    @FunctionalInterface
    public interface Reopener {
        Connection reopen(Connection old) throws SQLException;
    }

    public GroupCommitWriter(Connection connection, int maxBatch) throws SQLException {
        this(connection, maxBatch, null);
    }

    /** @param reopener replaces the connection after a write failed because it is read-only; null: never */
    public GroupCommitWriter(Connection connection, int maxBatch, Reopener reopener) throws SQLException {
        this.connection = connection;
        this.reopener = reopener;
        this.maxBatch = maxBatch;
        // Transactions are issued as SQL, not through JDBC's autocommit switch: SQLite ends a
        // transaction by itself on SQLITE_FULL or IOERR, and the driver's bookkeeping would then
        // disagree with the database and fail every later commit.
        connection.setAutoCommit(true);
        this.statements = new StatementCache(connection);
        this.thread = Thread.ofPlatform().name("herald-store-writer").daemon(false).start(this::run);
    }

    /** Runs {@code work} in the next group and waits until it is committed. */
    public <T> T execute(SqlWork<T> work) {
        try {
            return submit(work).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the store", e);
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("the store did not commit within 60 s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreUnavailableException s) {
                throw s;
            }
            throw new StoreUnavailableException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Runs {@code work} in the next group; the future completes once it is committed. */
    public <T> CompletableFuture<T> submit(SqlWork<T> work) {
        Pending<T> p = new Pending<>(work);
        if (closed) {
            p.future.completeExceptionally(new StoreUnavailableException("store is closed", null));
            return p.future;
        }
        queue.add(p);
        return p.future;
    }

    /** Transactions committed so far. */
    public long commits() {
        return commits.get();
    }

    /** Units of work committed so far; {@code writes / commits} is the average group size. */
    public long writes() {
        return writes.get();
    }

    private void run() {
        List<Pending<?>> batch = new ArrayList<>(maxBatch);
        while (true) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, maxBatch - 1);
            boolean stop = batch.remove(POISON);
            runGroup(batch);
            if (stop) {
                break;
            }
        }
        // Anything submitted after close was requested is refused, never silently dropped.
        for (Pending<?> p : queue) {
            p.future.completeExceptionally(new StoreUnavailableException("store is closed", null));
        }
    }

    private void runGroup(List<Pending<?>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Pending<?>> applied = new ArrayList<>(batch.size());
        if (reopen) {
            try {
                statements.close();
                connection = reopener.reopen(connection);
                connection.setAutoCommit(true);
                statements = new StatementCache(connection);
                reopen = false;
                LOG.info("store connections reopened after a write failed on a read-only connection");
            } catch (SQLException e) {
                batch.forEach(p -> p.future.completeExceptionally(unavailable(e)));
                return;
            }
        }
        if (!begin(batch)) {
            return;
        }
        if (!applyAll(batch, applied)) {
            if (!begin(batch)) {
                return;
            }
            applyEachUnderASavepoint(batch, applied);
        }
        commit(applied);
    }

    /** Begins the group's transaction; false, with every unit failed, when it cannot. */
    private boolean begin(List<Pending<?>> batch) {
        try {
            sql("BEGIN IMMEDIATE");
            return true;
        } catch (SQLException e) {
            resetStatements();
            batch.forEach(p -> p.future.completeExceptionally(unavailable(e)));
            return false;
        }
    }

    /**
     * The common case: every unit applies, with no savepoint statements around each. On the first
     * failure the whole group is rolled back; false then. Units are SQL work whose result comes
     * from the database, so applying one again after the rollback is safe.
     */
    private boolean applyAll(List<Pending<?>> batch, List<Pending<?>> applied) {
        try {
            for (Pending<?> p : batch) {
                p.apply(statements.connection());
                applied.add(p);
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            LOG.debug("a unit of a group of {} failed ({}); applying them one by one", batch.size(), e.getMessage());
            resetStatements();
            rollbackQuietly();
            applied.clear();
            return false;
        }
    }

    /** Each unit under its own savepoint: a unit that fails is rolled back alone and its caller gets the error. */
    private void applyEachUnderASavepoint(List<Pending<?>> batch, List<Pending<?>> applied) {
        for (Pending<?> p : batch) {
            try {
                sql("SAVEPOINT unit");
                p.apply(statements.connection());
                sql("RELEASE unit");
                applied.add(p);
            } catch (SQLException | RuntimeException e) {
                p.future.completeExceptionally(unavailable(e));
                resetStatements();
                try {
                    sql("ROLLBACK TO unit");
                    sql("RELEASE unit");
                } catch (SQLException transactionGone) {
                    // SQLite rolls the whole transaction back by itself on SQLITE_FULL, IOERR and
                    // NOMEM: the units applied before this one are gone too, and must be told so.
                    rollbackQuietly();
                    applied.forEach(a -> a.future.completeExceptionally(unavailable(e)));
                    applied.clear();
                    try {
                        sql("BEGIN IMMEDIATE");
                    } catch (SQLException e2) {
                        failRest(batch, p, e2);
                        return;
                    }
                }
            }
        }
    }

    private void commit(List<Pending<?>> applied) {
        try {
            sql("COMMIT");
        } catch (SQLException e) {
            LOG.warn("store commit failed for {} writes: {}", applied.size(), e.getMessage());
            resetStatements();
            rollbackQuietly();
            applied.forEach(p -> p.future.completeExceptionally(unavailable(e)));
            return;
        }
        commits.incrementAndGet();
        writes.addAndGet(applied.size());
        applied.forEach(Pending::complete);
    }

    /**
     * Drops every cached statement: the SQLite driver finalizes a statement that failed with an
     * I/O or disk-full error, and a cached one would then fail every later group.
     */
    private void resetStatements() {
        statements.close();
        statements = new StatementCache(connection);
    }

    private void sql(String statement) throws SQLException {
        statements.statement(statement).execute();
    }

    private void rollbackQuietly() {
        try {
            sql("ROLLBACK");
        } catch (SQLException ignored) {
            // Already rolled back by SQLite, or the caller reports the original error anyway.
        }
    }

    /** Fails every unit of {@code batch} after {@code failed}; used when no new transaction can start. */
    private void failRest(List<Pending<?>> batch, Pending<?> failed, SQLException e) {
        batch.subList(batch.indexOf(failed) + 1, batch.size()).forEach(p -> p.future.completeExceptionally(unavailable(e)));
    }

    private StoreUnavailableException unavailable(Exception e) {
        if (reopener != null && readOnly(e)) {
            reopen = true;
        }
        return new StoreUnavailableException("store write failed: " + e.getMessage(), e);
    }

    /** SQLITE_READONLY or one of its extended codes (SQLite's primary code is the low byte). */
    private static boolean readOnly(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && (s.getErrorCode() & 0xff) == 8) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        queue.add(POISON);
        thread.join();
        statements.close();
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the store connection failed: {}", e.getMessage());
        }
    }

    private static final class Pending<T> {
        final SqlWork<T> work;
        final CompletableFuture<T> future = new CompletableFuture<>();
        private T result;

        Pending(SqlWork<T> work) {
            this.work = work;
        }

        void apply(Connection connection) throws SQLException {
            result = work.apply(connection);
        }

        void complete() {
            future.complete(result);
        }
    }
}
