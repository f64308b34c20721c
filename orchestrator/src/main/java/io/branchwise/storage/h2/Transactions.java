package io.branchwise.storage.h2;

import io.branchwise.storage.StorageException;
import io.branchwise.storage.StorageFailure;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * Runs storage operations one at a time, each as one H2 transaction, and makes the change an operation records
 * durable before its transaction commits.
 *
 * <p>One connection, one lock: that makes each operation linearizable and gives the id-visibility guarantee
 * Optuna's client cache needs (an id is allocated and its row inserted before any other operation can run)
 * without relying on isolation-level subtleties.
 *
 * <p>Durability: the change is written to the tables, appended to the {@link Journal}, and only then committed
 * and answered. H2 stores committed data in the background ({@link H2Database#WRITE_DELAY_MS}); the journal covers
 * the gap, and {@link Recovery} replays it on open. Every {@link #CHECKPOINT_BYTES} of journal the database is
 * checkpointed with a sync to disk and the journal emptied, which also bounds the replay.
 */
final class Transactions {
    /** Journal size that triggers a checkpoint: a few thousand trials, replayed in well under a second. */
    static final long CHECKPOINT_BYTES = 4L * 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(Transactions.class.getName());

    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    private final Statements sql;
    private final Journal journal;
    private final ChangeWriter writer;
    private final TrialCache cache;
    private final ReentrantLock lock = new ReentrantLock();
    /** Journal sequence number of the next change; the database's journal_position holds the last applied one. */
    private long nextSequence;
    /** The change of the running transaction and its journal record, appended just before it commits. */
    private Change pendingChange;
    private byte[] pendingRecord;
    /** Set when the journal and the database may disagree; every later call fails until a restart replays. */
    private String stopped;

    Transactions(Statements sql, Journal journal, ChangeWriter writer, TrialCache cache, long lastApplied) {
        this.sql = sql;
        this.journal = journal;
        this.writer = writer;
        this.cache = cache;
        this.nextSequence = lastApplied + 1;
    }

    /**
     * Runs {@code work} as one transaction. A {@link StorageException} from it (a refusal) rolls back and reaches
     * the caller as it is; any other failure rolls back and becomes a {@link StorageFailure}.
     */
    <T> T run(Work<T> work) {
        lock.lock();
        try {
            if (stopped != null) {
                throw new StorageFailure(stopped, null);
            }
            T result = work.run();
            if (pendingRecord == null) {
                sql.connection().commit();
            } else {
                commitWithJournal();
                cache.apply(pendingChange);
            }
            return result;
        } catch (StorageException e) {
            rollback();
            throw e;
        } catch (StorageFailure e) {
            throw e;
        } catch (SQLException | RuntimeException e) {
            rollback();
            throw new StorageFailure("database operation failed: " + e.getMessage(), e);
        } finally {
            pendingChange = null;
            pendingRecord = null;
            lock.unlock();
        }
    }

    /** Writes the change into the running transaction and keeps its journal record for the commit. */
    void record(Change change) throws SQLException {
        writer.apply(change);
        writer.markApplied(nextSequence);
        pendingChange = change;
        pendingRecord = ChangeCodec.encode(nextSequence, change);
    }

    /**
     * Journal first, then commit: once the record is written the change survives a kill -9 even if this process
     * dies before H2 stores it. A failed append changes nothing (rolled back, file cut back). A commit that fails
     * after the append leaves the journal ahead of the database, so the storage stops rather than answer from a
     * state the journal contradicts; a restart replays the journal.
     */
    private void commitWithJournal() {
        try {
            journal.append(pendingRecord);
        } catch (IOException e) {
            rollback();
            if (e instanceof Journal.JournalBroken) {
                stopped = "storage stopped: " + e.getMessage() + "; restart the server";
            }
            throw new StorageFailure("writing the journal " + journal.file() + " failed: " + e.getMessage(), e);
        }
        try {
            sql.connection().commit();
        } catch (SQLException | RuntimeException e) {
            stopped = "storage stopped after a failed commit (" + e.getMessage() + "); restart the server to"
                    + " recover the last changes from the journal " + journal.file();
            cache.clear();
            throw new StorageFailure(stopped, e);
        }
        nextSequence++;
        if (journal.size() >= CHECKPOINT_BYTES) {
            try {
                checkpoint();
            } catch (SQLException | IOException e) {
                // The change itself is safe in the journal; the next write tries the checkpoint again.
                LOG.warning("checkpoint failed, the journal keeps growing: " + e.getMessage());
            }
        }
    }

    /**
     * Makes the database file hold every committed change, synced to disk, then empties the journal. A crash
     * between the two leaves records the database already holds; replay skips them by sequence number.
     */
    void checkpoint() throws SQLException, IOException {
        lock.lock();
        try (Statement s = sql.connection().createStatement()) {
            s.execute("CHECKPOINT SYNC");
            journal.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checkpoints (so the journal is empty after a clean stop) and closes the database and the journal. Both are
     * closed even when the checkpoint fails; the journal is then kept and replayed on the next open.
     */
    void close() {
        lock.lock();
        try {
            Exception failure = null;
            if (stopped == null) {
                try {
                    checkpoint();
                } catch (SQLException | IOException e) {
                    failure = e;
                }
            }
            stopped = "the storage is closed";
            try {
                sql.close();
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            }
            try {
                journal.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
            if (failure != null) {
                throw new StorageFailure("closing the database failed: " + failure.getMessage(), failure);
            }
        } finally {
            lock.unlock();
        }
    }

    private void rollback() {
        try {
            sql.connection().rollback();
        } catch (SQLException ignored) {
            // The original failure is what the caller needs to see; a failed rollback leaves H2 to recover on open.
        }
    }
}
