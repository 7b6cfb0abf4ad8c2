-- The vrijstellingenregister and the arrangements of schools. Every table keeps all
-- versions of a record, as the register does: (id, version) is the key, is_current marks
-- the newest. Columns hold what is queried; the record is the JSON body.

-- Exemptions from enrolment (Leerplichtwet art. 5, 5a, 15), held by the municipality
-- where the child lives when it is registered.
CREATE TABLE exemptions (
    id              UUID        NOT NULL,
    version         BIGINT      NOT NULL,
    pupil_id        UUID        NOT NULL,
    municipality_id UUID        NOT NULL,
    ground          TEXT        NOT NULL,
    valid_from      DATE        NOT NULL,
    valid_until     DATE,
    body            JSONB       NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL,
    recorded_by     TEXT        NOT NULL,
    is_current      BOOLEAN     NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE UNIQUE INDEX exemptions_current ON exemptions (id) WHERE is_current;
CREATE INDEX exemptions_municipality ON exemptions (municipality_id) WHERE is_current;
CREATE INDEX exemptions_pupil ON exemptions (pupil_id) WHERE is_current;

-- Requests for an exemption under art. 5 onder a, as they progress; `step` is derived
-- from the body (ExemptionRequest::step) and kept for lists.
CREATE TABLE exemption_requests (
    id              UUID        NOT NULL,
    version         BIGINT      NOT NULL,
    pupil_id        UUID        NOT NULL,
    municipality_id UUID        NOT NULL,
    step            TEXT        NOT NULL,
    received_on     DATE        NOT NULL,
    body            JSONB       NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL,
    recorded_by     TEXT        NOT NULL,
    is_current      BOOLEAN     NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE UNIQUE INDEX exemption_requests_current ON exemption_requests (id) WHERE is_current;
CREATE INDEX exemption_requests_municipality ON exemption_requests (municipality_id) WHERE is_current;

-- Onderwijszorgarrangementen and reduced teaching time, recorded by a school.
CREATE TABLE arrangements (
    id          UUID        NOT NULL,
    version     BIGINT      NOT NULL,
    school_id   UUID        NOT NULL,
    kind        TEXT        NOT NULL,
    valid_from  DATE        NOT NULL,
    valid_until DATE,
    body        JSONB       NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    recorded_by TEXT        NOT NULL,
    is_current  BOOLEAN     NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE UNIQUE INDEX arrangements_current ON arrangements (id) WHERE is_current;
CREATE INDEX arrangements_school ON arrangements (school_id) WHERE is_current;

-- The pupils the current version of an arrangement names, to find the arrangements of a
-- municipality's residents or a parent's child; rewritten with every version.
CREATE TABLE arrangement_pupils (
    arrangement_id UUID NOT NULL,
    pupil_id       UUID NOT NULL,
    PRIMARY KEY (arrangement_id, pupil_id)
);
CREATE INDEX arrangement_pupils_pupil ON arrangement_pupils (pupil_id);
