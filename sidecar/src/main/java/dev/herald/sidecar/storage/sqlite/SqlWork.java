package dev.herald.sidecar.storage.sqlite;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work run inside the writer's transaction. */
@FunctionalInterface
public interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
}
