-- The register. Every table keeps all versions of a record: (id, version) is the key,
-- is_current marks the newest. Columns hold what is queried; the rest of a record is a
-- JSON document (body) in the shape of the domain type.

CREATE TABLE organisations (
    id              BLOB    NOT NULL,
    version         INTEGER NOT NULL,
    kind            TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    code            TEXT,
    swv_id          BLOB,
    municipality_id BLOB,
    zorgkantoor_id  BLOB,
    body            TEXT    NOT NULL,
    valid_from      TEXT    NOT NULL,
    valid_until     TEXT,
    recorded_at     TEXT    NOT NULL,
    recorded_by     TEXT    NOT NULL,
    is_current      BOOLEAN NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE UNIQUE INDEX organisations_current ON organisations (id) WHERE is_current;
CREATE UNIQUE INDEX organisations_code ON organisations (kind, code) WHERE is_current AND code IS NOT NULL;

CREATE TABLE classes (
    id          BLOB    NOT NULL,
    version     INTEGER NOT NULL,
    school_id   BLOB    NOT NULL,
    school_year INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    recorded_by TEXT    NOT NULL,
    is_current  BOOLEAN NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE UNIQUE INDEX classes_current ON classes (id) WHERE is_current;
CREATE INDEX classes_school ON classes (school_id) WHERE is_current;

CREATE TABLE workers (
    id          BLOB    NOT NULL,
    version     INTEGER NOT NULL,
    provider_id BLOB    NOT NULL,
    body        TEXT    NOT NULL,
    valid_from  TEXT    NOT NULL,
    valid_until TEXT,
    recorded_at TEXT    NOT NULL,
    recorded_by TEXT    NOT NULL,
    is_current  BOOLEAN NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE UNIQUE INDEX workers_current ON workers (id) WHERE is_current;
CREATE INDEX workers_provider ON workers (provider_id) WHERE is_current;

CREATE TABLE pupils (
    id              BLOB    NOT NULL,
    version         INTEGER NOT NULL,
    pgn             TEXT    NOT NULL,
    municipality_id BLOB    NOT NULL,
    insurer_id      BLOB,
    body            TEXT    NOT NULL,
    valid_from      TEXT    NOT NULL,
    valid_until     TEXT,
    recorded_at     TEXT    NOT NULL,
    recorded_by     TEXT    NOT NULL,
    is_current      BOOLEAN NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE UNIQUE INDEX pupils_current ON pupils (id) WHERE is_current;
CREATE UNIQUE INDEX pupils_pgn ON pupils (pgn) WHERE is_current;

CREATE TABLE pupil_facts (
    id          BLOB    NOT NULL,
    version     INTEGER NOT NULL,
    pupil_id    BLOB    NOT NULL,
    kind        TEXT    NOT NULL,
    org_id      BLOB,
    class_id    BLOB,
    body        TEXT    NOT NULL,
    valid_from  TEXT    NOT NULL,
    valid_until TEXT,
    recorded_at TEXT    NOT NULL,
    recorded_by TEXT    NOT NULL,
    is_current  BOOLEAN NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE UNIQUE INDEX pupil_facts_current ON pupil_facts (id) WHERE is_current;
CREATE INDEX pupil_facts_pupil ON pupil_facts (pupil_id) WHERE is_current;
CREATE INDEX pupil_facts_org ON pupil_facts (org_id, kind) WHERE is_current;

CREATE TABLE agreements (
    id          BLOB    NOT NULL,
    version     INTEGER NOT NULL,
    school_id   BLOB    NOT NULL,
    body        TEXT    NOT NULL,
    valid_from  TEXT    NOT NULL,
    valid_until TEXT,
    recorded_at TEXT    NOT NULL,
    recorded_by TEXT    NOT NULL,
    is_current  BOOLEAN NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE UNIQUE INDEX agreements_current ON agreements (id) WHERE is_current;
CREATE INDEX agreements_school ON agreements (school_id) WHERE is_current;

CREATE TABLE users (
    id            BLOB NOT NULL PRIMARY KEY,
    org_id        BLOB NOT NULL,
    login         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX users_org ON users (org_id);

CREATE TABLE sessions (
    token_hash TEXT NOT NULL PRIMARY KEY,
    user_id    BLOB NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Append-only: the triggers below refuse every change and removal.
CREATE TABLE audit_log (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    at                TEXT NOT NULL,
    user_id           BLOB,
    user_name         TEXT NOT NULL,
    org_id            BLOB,
    org_name          TEXT NOT NULL,
    role              TEXT,
    action            TEXT NOT NULL,
    object            TEXT NOT NULL,
    pupil_id          BLOB,
    purpose           TEXT NOT NULL,
    outcome           TEXT NOT NULL,
    origin            TEXT NOT NULL
);
CREATE INDEX audit_log_pupil ON audit_log (pupil_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
