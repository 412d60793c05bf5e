package dev.herald.sidecar.storage.sqlite;

import dev.herald.dialects.StoreUnavailableException;
import dev.herald.sidecar.storage.CloudfuncJobStore;
import dev.herald.sidecar.storage.DeadLetterStore;
import dev.herald.sidecar.storage.DeliveryQueue;
import dev.herald.sidecar.storage.DisabledTargetStore;
import dev.herald.sidecar.storage.EventLog;
import dev.herald.sidecar.storage.ObjectIndex;
import dev.herald.sidecar.storage.RuleStorage;
import dev.herald.sidecar.storage.Storage;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The embedded default: every seam in one SQLite file, one owner per table. */
public final class SqliteStorage implements Storage {
    /** Each owner's schema, in the order a database written by an earlier Herald must be migrated. */
    private static final List<SqliteDatabase.Schema> SCHEMAS = List.of(RuleTable.SCHEMA, EventTable.SCHEMA,
            DeliveryTable.SCHEMA, DisabledTargetTable.SCHEMA, CloudfuncJobTable.SCHEMA, AttemptTable.SCHEMA,
            DeadLetterTable.SCHEMA, ObjectIndexTable.SCHEMA);

    private final SqliteDatabase db;
    private final EventTable events;
    private final RuleTable rules;
    private final DeliveryTable deliveries;
    private final DeadLetterTable deadLetters;
    private final CloudfuncJobTable jobs;
    private final DisabledTargetTable disabledTargets;
    private final ObjectIndexTable objectIndex;
    private final EventRetention retention;

    private SqliteStorage(SqliteDatabase db, Duration retention, Clock clock) {
        this.db = db;
        this.events = new EventTable(db, clock);
        this.rules = new RuleTable(db);
        this.deliveries = new DeliveryTable(db);
        this.deadLetters = new DeadLetterTable(db);
        this.jobs = new CloudfuncJobTable(db);
        this.disabledTargets = new DisabledTargetTable(db);
        this.objectIndex = new ObjectIndexTable(db);
        this.retention = new EventRetention(events, objectIndex, retention, clock);
    }

    /**
     * Opens (creating or migrating) {@code herald.db} in {@code directory}.
     *
     * @param commitBatch most writes one group commit takes
     * @param retention   how long events are remembered for de-duplication
     * @throws dev.herald.dialects.StoreUnavailableException when it cannot be opened
     */
    public static SqliteStorage open(Path directory, int commitBatch, Duration retention, Clock clock) {
        return new SqliteStorage(SqliteDatabase.open(directory, commitBatch, SCHEMAS), retention, clock);
    }

    @Override
    public EventLog events() {
        return events;
    }

    @Override
    public RuleStorage rules() {
        return rules;
    }

    @Override
    public DeliveryQueue deliveries() {
        return deliveries;
    }

    @Override
    public DeadLetterStore deadLetters() {
        return deadLetters;
    }

    @Override
    public CloudfuncJobStore cloudfuncJobs() {
        return jobs;
    }

    @Override
    public DisabledTargetStore disabledTargets() {
        return disabledTargets;
    }

    @Override
    public ObjectIndex objectIndex() {
        return objectIndex;
    }

    @Override
    public void start() {
        retention.start();
    }

    @Override
    public void probe(Duration timeout) {
        try {
            db.writer().submit(c -> {
                try (Statement st = c.createStatement()) {
                    return st.execute("SELECT 1");
                }
            }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while probing the store", e);
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("the writer did not answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new StoreUnavailableException(e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public Path location() {
        return db.directory();
    }

    /** The database itself, for tests and tooling that look at what is stored. */
    public SqliteDatabase database() {
        return db;
    }

    @Override
    public void close() {
        retention.close();
        db.close();
    }
}
