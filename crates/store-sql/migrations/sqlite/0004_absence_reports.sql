-- Verzuimmeldingen: a school's report to the leerplichtambtenaar of the municipality that
-- holds it now. The report row carries what is queried and its current status (version
-- counts the changes, for optimistic locking); every step is an event row, never changed.
CREATE TABLE absence_reports (
    id              BLOB    NOT NULL PRIMARY KEY,
    version         INTEGER NOT NULL,
    pupil_id        BLOB    NOT NULL,
    school_id       BLOB    NOT NULL,
    municipality_id BLOB    NOT NULL,
    type            TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    signal_on       TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    created_at      TEXT    NOT NULL
);
-- One report per pupil, type and day the threshold was reached: a signal is reported once.
CREATE UNIQUE INDEX absence_reports_signal ON absence_reports (pupil_id, type, signal_on);
CREATE INDEX absence_reports_school ON absence_reports (school_id, created_at);
CREATE INDEX absence_reports_municipality ON absence_reports (municipality_id, created_at);

CREATE TABLE absence_report_events (
    report_id BLOB    NOT NULL REFERENCES absence_reports (id),
    seq       INTEGER NOT NULL,
    at        TEXT    NOT NULL,
    body      TEXT    NOT NULL,
    PRIMARY KEY (report_id, seq)
);
