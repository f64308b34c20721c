package io.branchwise.storage.h2;

import org.flywaydb.core.Flyway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Opens the H2 file database and brings its schema up to date with Flyway. */
final class H2Database {
    private H2Database() {
    }

    /**
     * WRITE_DELAY=0 writes every commit to the file before the call returns, so a COMPLETE reported to a client
     * survives a kill -9 of the server (the OS still holds the bytes). It does not fsync: power loss may still
     * lose the last commits, as with SQLite's synchronous=NORMAL.
     */
    static String url(Path databaseFile) {
        Path base = databaseFile.toAbsolutePath();
        String text = base.toString();
        if (text.endsWith(".mv.db")) {
            text = text.substring(0, text.length() - ".mv.db".length());
        }
        return "jdbc:h2:file:" + text + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    static Connection open(Path databaseFile) throws SQLException {
        try {
            Path parent = databaseFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create the database folder for " + databaseFile + ": " + e.getMessage(), e);
        }
        String url = url(databaseFile);
        Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration").load().migrate();
        Connection connection = DriverManager.getConnection(url, "", "");
        connection.setAutoCommit(false);
        return connection;
    }
}
