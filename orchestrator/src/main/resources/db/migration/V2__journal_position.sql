-- The sequence number of the last journal record whose change the tables hold (see H2Storage, Journal). It is
-- updated in the same transaction as each change, so after a crash replay resumes exactly after it.
CREATE TABLE journal_position (
    singleton        INT PRIMARY KEY CHECK (singleton = 1),
    applied_sequence BIGINT NOT NULL
);
INSERT INTO journal_position VALUES (1, 0);
