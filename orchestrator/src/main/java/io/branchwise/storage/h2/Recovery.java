package io.branchwise.storage.h2;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Logger;

/**
 * Brings the database up to the journal after a crash: every record the database does not hold yet (its
 * sequence number is above journal_position) is written again, in order, as one transaction. Id sequences are
 * then moved past the replayed ids, since H2 may have lost their last values with the rest of the unstored data.
 */
final class Recovery {
    private static final Logger LOG = Logger.getLogger(Recovery.class.getName());

    record Result(long lastApplied, int replayed) {
    }

    private final Statements sql;
    private final ChangeWriter writer;
    private final Journal journal;

    Recovery(Statements sql, ChangeWriter writer, Journal journal) {
        this.sql = sql;
        this.writer = writer;
        this.journal = journal;
    }

    Result replay() throws SQLException, IOException {
        long applied = appliedSequence();
        List<byte[]> records = journal.readAndRepair();
        long maxStudyId = 0;
        long maxTrialId = 0;
        int replayed = 0;
        try {
            for (byte[] payload : records) {
                ChangeCodec.Numbered record = ChangeCodec.decode(payload);
                if (record.sequence() <= applied) {
                    continue;
                }
                if (record.sequence() != applied + 1) {
                    throw new IOException("journal " + journal.file() + " jumps from change " + applied + " to "
                            + record.sequence() + "; the changes between are missing, refusing to guess");
                }
                writer.apply(record.change());
                writer.markApplied(record.sequence());
                applied = record.sequence();
                replayed++;
                if (record.change() instanceof Change.StudyCreated c) {
                    maxStudyId = Math.max(maxStudyId, c.studyId());
                } else if (record.change() instanceof Change.TrialCreated c) {
                    maxTrialId = Math.max(maxTrialId, c.trial().id());
                }
            }
            moveSequencePast("study_ids", maxStudyId);
            moveSequencePast("trial_ids", maxTrialId);
            sql.connection().commit();
        } catch (SQLException | IOException | RuntimeException e) {
            sql.connection().rollback();
            throw e;
        }
        if (replayed > 0) {
            LOG.info("recovered " + replayed + " change(s) from the journal " + journal.file());
        }
        return new Result(applied, replayed);
    }

    private long appliedSequence() throws SQLException {
        try (ResultSet rs = sql.get("SELECT applied_sequence FROM journal_position").executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("table journal_position is empty; the schema migration did not complete");
            }
            return rs.getLong(1);
        }
    }

    /** Ids are never reused: the next value must be above every id the journal handed out. */
    private void moveSequencePast(String sequence, long maxId) throws SQLException {
        if (maxId == 0) {
            return;
        }
        long next;
        try (ResultSet rs = sql.get("SELECT NEXT VALUE FOR " + sequence).executeQuery()) {
            rs.next();
            next = rs.getLong(1);
        }
        if (next <= maxId) {
            try (java.sql.Statement s = sql.connection().createStatement()) {
                s.execute("ALTER SEQUENCE " + sequence + " RESTART WITH " + (maxId + 1));
            }
        }
    }
}
