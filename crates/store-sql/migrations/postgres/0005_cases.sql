-- Cases (zaken): a case is its timeline. case_entries holds every entry, appended and never
-- changed; cases is the projection the lists query (rebuilt from the fold on each append);
-- case_access names the organisations that see the case (its municipality, the parties, the
-- regisseur's organisation). OOGO agreements on doorzettingsmacht per SWV region, and the
-- notifications an escalation sends.
CREATE TABLE cases (
    id              UUID    NOT NULL PRIMARY KEY,
    version         BIGINT NOT NULL,
    pupil_id        UUID    NOT NULL,
    municipality_id UUID    NOT NULL,
    case_type       TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    closed          BOOLEAN NOT NULL,
    registered_on   DATE    NOT NULL,
    updated_at      TIMESTAMPTZ    NOT NULL
);
CREATE INDEX cases_open ON cases (closed, municipality_id);

CREATE TABLE case_entries (
    case_id UUID    NOT NULL REFERENCES cases (id),
    seq     INTEGER NOT NULL,
    at      TIMESTAMPTZ NOT NULL,
    by_name TEXT    NOT NULL,
    by_org  UUID    NOT NULL,
    kind    TEXT    NOT NULL,
    body    JSONB   NOT NULL,
    PRIMARY KEY (case_id, seq)
);

CREATE TABLE case_access (
    case_id UUID NOT NULL REFERENCES cases (id),
    org_id  UUID NOT NULL,
    PRIMARY KEY (case_id, org_id)
);
CREATE INDEX case_access_org ON case_access (org_id);

CREATE TABLE oogo_agreements (
    swv_id      UUID    NOT NULL,
    version     BIGINT NOT NULL,
    body        JSONB    NOT NULL,
    recorded_at TIMESTAMPTZ    NOT NULL,
    recorded_by TEXT    NOT NULL,
    is_current  BOOLEAN NOT NULL,
    PRIMARY KEY (swv_id, version)
);

CREATE TABLE notifications (
    id      UUID    NOT NULL PRIMARY KEY,
    org_id  UUID    NOT NULL,
    at      TIMESTAMPTZ NOT NULL,
    case_id UUID,
    message TEXT    NOT NULL
);
CREATE INDEX notifications_org ON notifications (org_id, at);
