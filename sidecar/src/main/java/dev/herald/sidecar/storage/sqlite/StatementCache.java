package dev.herald.sidecar.storage.sqlite;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepared statements of the writer's connection, kept for reuse: the same few INSERTs run for
 * every event, and preparing them each time costs the single writer thread more than running
 * them. Work units see a {@link #connection() connection} whose {@code prepareStatement(sql)}
 * hands out the cached statement, and whose statements' {@code close()} only returns them to the
 * cache, so ordinary try-with-resources code gets the reuse. A statement still open (the same SQL
 * nested) gets a fresh, uncached one. Used by the writer thread only.
 */
final class StatementCache implements AutoCloseable {
    private final Connection raw;
    private final Connection view;
    private final Map<String, Entry> cache = new HashMap<>();

    private static final class Entry {
        final PreparedStatement statement;
        PreparedStatement lent;
        boolean inUse;

        Entry(PreparedStatement statement) {
            this.statement = statement;
        }
    }

    StatementCache(Connection raw) {
        this.raw = raw;
        this.view = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args != null && args.length == 1
                            && args[0] instanceof String sql) {
                        return lend(sql);
                    }
                    return invoke(raw, method, args);
                });
    }

    /** The connection work units use. */
    Connection connection() {
        return view;
    }

    /** The cached statement for {@code sql}, for the writer's own use (not to be closed). */
    PreparedStatement statement(String sql) throws SQLException {
        Entry e = entry(sql);
        return e.statement;
    }

    private PreparedStatement lend(String sql) throws SQLException {
        Entry e = entry(sql);
        if (e.inUse) {
            return raw.prepareStatement(sql);
        }
        e.inUse = true;
        if (e.lent == null) {
            PreparedStatement target = e.statement;
            e.lent = (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "close" -> {
                            target.clearParameters();
                            e.inUse = false;
                            yield null;
                        }
                        case "isClosed" -> !e.inUse;
                        default -> invoke(target, method, args);
                    });
        }
        return e.lent;
    }

    private Entry entry(String sql) throws SQLException {
        Entry e = cache.get(sql);
        if (e == null || e.statement.isClosed()) {
            e = new Entry(raw.prepareStatement(sql));
            cache.put(sql, e);
        }
        return e;
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Closes every cached statement (before the connection itself is closed or replaced). */
    @Override
    public void close() {
        for (Entry e : cache.values()) {
            try {
                e.statement.close();
            } catch (SQLException ignored) {
                // The connection goes next; nothing to do about a statement that will not close.
            }
        }
        cache.clear();
    }
}
