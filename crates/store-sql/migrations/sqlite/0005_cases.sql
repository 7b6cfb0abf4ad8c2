-- Cases (zaken): a case is its timeline. case_entries holds every entry, appended and never
-- changed; cases is the projection the lists query (rebuilt from the fold on each append);
-- case_access names the organisations that see the case (its municipality, the parties, the
-- regisseur's organisation). OOGO agreements on doorzettingsmacht per SWV region, and the
-- notifications an escalation sends.
CREATE TABLE cases (
    id              BLOB    NOT NULL PRIMARY KEY,
    version         INTEGER NOT NULL,
    pupil_id        BLOB    NOT NULL,
    municipality_id BLOB    NOT NULL,
    case_type       TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    closed          BOOLEAN NOT NULL,
    registered_on   TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);
CREATE INDEX cases_open ON cases (closed, municipality_id);

CREATE TABLE case_entries (
    case_id BLOB    NOT NULL REFERENCES cases (id),
    seq     INTEGER NOT NULL,
    at      TEXT    NOT NULL,
    by_name TEXT    NOT NULL,
    by_org  BLOB    NOT NULL,
    kind    TEXT    NOT NULL,
    body    TEXT    NOT NULL,
    PRIMARY KEY (case_id, seq)
);

CREATE TABLE case_access (
    case_id BLOB NOT NULL REFERENCES cases (id),
    org_id  BLOB NOT NULL,
    PRIMARY KEY (case_id, org_id)
);
CREATE INDEX case_access_org ON case_access (org_id);

CREATE TABLE oogo_agreements (
    swv_id      BLOB    NOT NULL,
    version     INTEGER NOT NULL,
    body        TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    recorded_by TEXT    NOT NULL,
    is_current  BOOLEAN NOT NULL,
    PRIMARY KEY (swv_id, version)
);

CREATE TABLE notifications (
    id      BLOB    NOT NULL PRIMARY KEY,
    org_id  BLOB    NOT NULL,
    at      TEXT    NOT NULL,
    case_id BLOB,
    message TEXT    NOT NULL
);
CREATE INDEX notifications_org ON notifications (org_id, at);
