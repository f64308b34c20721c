package io.branchwise.storage.h2;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The storage's one JDBC connection with a prepared statement per SQL text, kept for the life of the connection:
 * H2 parses and plans a statement once, and every later call only binds values. Not thread-safe; the storage
 * lock guards it.
 */
final class Statements implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> cache = new HashMap<>();

    Statements(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    PreparedStatement get(String sql) throws SQLException {
        PreparedStatement ps = cache.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            cache.put(sql, ps);
        }
        return ps;
    }

    /** The cached statement for {@code sql} with {@code args} bound in order. */
    PreparedStatement bound(String sql, Object... args) throws SQLException {
        PreparedStatement ps = get(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    int update(String sql, Object... args) throws SQLException {
        return bound(sql, args).executeUpdate();
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : cache.values()) {
            ps.close();
        }
        cache.clear();
        connection.close();
    }
}
