-- Optuna-compatible storage. Ids come from sequences so they are never reused, even after a delete.
-- JSON travels as text (attribute values, distributions): stored and returned byte-for-byte.
CREATE SEQUENCE study_ids START WITH 1;
CREATE SEQUENCE trial_ids START WITH 1;

CREATE TABLE studies (
    study_id    BIGINT PRIMARY KEY,
    study_name  VARCHAR(512) NOT NULL UNIQUE,
    directions  VARCHAR(4096) NOT NULL,            -- comma-separated MINIMIZE/MAXIMIZE, objective order
    next_number BIGINT NOT NULL DEFAULT 0,         -- the number the next trial of this study gets
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE study_attributes (
    study_id  BIGINT NOT NULL REFERENCES studies (study_id) ON DELETE CASCADE,
    is_system BOOLEAN NOT NULL,
    attr_key  VARCHAR(1048576) NOT NULL,
    attr_json CHARACTER LARGE OBJECT NOT NULL,
    PRIMARY KEY (study_id, is_system, attr_key)
);

-- The first distribution seen for a parameter name in a study: later ones must be compatible with it.
CREATE TABLE study_param_distributions (
    study_id     BIGINT NOT NULL REFERENCES studies (study_id) ON DELETE CASCADE,
    param_name   VARCHAR(1048576) NOT NULL,
    distribution CHARACTER LARGE OBJECT NOT NULL,
    PRIMARY KEY (study_id, param_name)
);

CREATE TABLE trials (
    trial_id          BIGINT PRIMARY KEY,
    study_id          BIGINT NOT NULL REFERENCES studies (study_id) ON DELETE CASCADE,
    number            BIGINT NOT NULL,
    state             VARCHAR(8) NOT NULL,
    datetime_start    VARCHAR(26),
    datetime_complete VARCHAR(26),
    UNIQUE (study_id, number)
);
CREATE INDEX trials_by_study ON trials (study_id, trial_id);

CREATE TABLE trial_values (
    trial_id  BIGINT NOT NULL REFERENCES trials (trial_id) ON DELETE CASCADE,
    objective INT NOT NULL,
    val       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (trial_id, objective)
);

CREATE TABLE trial_params (
    trial_id       BIGINT NOT NULL REFERENCES trials (trial_id) ON DELETE CASCADE,
    param_name     VARCHAR(1048576) NOT NULL,
    internal_value DOUBLE PRECISION NOT NULL,
    distribution   CHARACTER LARGE OBJECT NOT NULL,
    PRIMARY KEY (trial_id, param_name)
);

CREATE TABLE trial_attributes (
    trial_id  BIGINT NOT NULL REFERENCES trials (trial_id) ON DELETE CASCADE,
    is_system BOOLEAN NOT NULL,
    attr_key  VARCHAR(1048576) NOT NULL,
    attr_json CHARACTER LARGE OBJECT NOT NULL,
    PRIMARY KEY (trial_id, is_system, attr_key)
);

-- Optuna's scalar intermediate value per step (for MTL trials: the aggregate of the task vector).
CREATE TABLE trial_intermediate_values (
    trial_id BIGINT NOT NULL REFERENCES trials (trial_id) ON DELETE CASCADE,
    step     BIGINT NOT NULL,
    val      DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (trial_id, step)
);

-- Multi-task searches: the tasks of a study, in the order of every per-task vector below.
CREATE TABLE study_tasks (
    study_id   BIGINT NOT NULL REFERENCES studies (study_id) ON DELETE CASCADE,
    task_index INT NOT NULL,
    task_name  VARCHAR(512) NOT NULL,
    task_type  VARCHAR(128) NOT NULL,
    metric     VARCHAR(128) NOT NULL,
    direction  VARCHAR(8) NOT NULL,
    PRIMARY KEY (study_id, task_index),
    UNIQUE (study_id, task_name)
);

-- Multi-task searches: the spec a study was started from and where its search stands.
CREATE TABLE study_searches (
    study_id   BIGINT PRIMARY KEY REFERENCES studies (study_id) ON DELETE CASCADE,
    spec       CHARACTER LARGE OBJECT NOT NULL,
    status     VARCHAR(16) NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Per-task metric vectors per step (one row per task), beside Optuna's scalar intermediate value.
CREATE TABLE trial_task_values (
    trial_id   BIGINT NOT NULL REFERENCES trials (trial_id) ON DELETE CASCADE,
    step       BIGINT NOT NULL,
    task_index INT NOT NULL,
    val        DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (trial_id, step, task_index)
);
