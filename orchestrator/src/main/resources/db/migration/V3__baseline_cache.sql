-- Single-task baselines, shared by every study on the same data, task, budget and seed: a study started later
-- reuses them instead of training each task alone again. The key is a digest of all of that; the value is JSON.
-- (V3, not V2: V2 is taken by the storage branch's journal position.)
CREATE TABLE stl_baselines (
    cache_key  VARCHAR(128) PRIMARY KEY,
    baseline   CHARACTER LARGE OBJECT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
