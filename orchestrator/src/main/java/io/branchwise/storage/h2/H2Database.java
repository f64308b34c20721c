package io.branchwise.storage.h2;

import org.flywaydb.core.Flyway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Opens the H2 file database and brings its schema up to date with Flyway. */
final class H2Database {
    /**
     * Flyway reports every step at INFO on stderr, which would scroll through {@code branchwise run}'s progress
     * display on each start; its warnings and errors still show. Held in a field because JUL keeps loggers only
     * weakly, and a collected logger forgets its level.
     */
    private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

    static {
        FLYWAY_LOG.setLevel(Level.WARNING);
    }

    private H2Database() {
    }

    /**
     * How long H2 may keep committed changes in memory before it writes them to the file. Durability does not
     * depend on it: {@link H2Storage} journals every change before it commits (see {@link Journal}). With
     * WRITE_DELAY=0, H2 would write a new MVStore chunk on every commit instead: about a millisecond each, and the
     * file grew by a dead chunk per commit (450 MB after 6,000 trials) because H2's background housekeeping only
     * runs with a delay.
     */
    static final int WRITE_DELAY_MS = 500;

    /**
     * How long a statement waits for a table lock. H2's default, one second, is too short right after a process was
     * killed mid-commit: on reopening, H2 finishes or rolls back that transaction in the background while it holds
     * its locks, and on a loaded machine (the test suite on two cores) the journal's replay timed out behind it.
     */
    static final int LOCK_TIMEOUT_MS = 10_000;

    static String url(Path databaseFile) {
        return "jdbc:h2:file:" + base(databaseFile) + ";WRITE_DELAY=" + WRITE_DELAY_MS + ";LOCK_TIMEOUT="
                + LOCK_TIMEOUT_MS + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** The journal lives beside the database file: {@code <name>.journal} next to {@code <name>.mv.db}. */
    static Path journalFile(Path databaseFile) {
        return Path.of(base(databaseFile) + ".journal");
    }

    private static String base(Path databaseFile) {
        String text = databaseFile.toAbsolutePath().toString();
        if (text.endsWith(".mv.db")) {
            text = text.substring(0, text.length() - ".mv.db".length());
        }
        return text;
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
