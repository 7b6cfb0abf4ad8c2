-- Absence records (verzuim): one row per pupil, day and kind. A record is not changed in
-- place: a second record for the same pupil, day and kind is refused by the key.
CREATE TABLE absences (
    pupil_id    BLOB    NOT NULL,
    date        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    ground      TEXT,
    minutes     INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
    recorded_at TEXT    NOT NULL,
    recorded_by TEXT    NOT NULL,
    PRIMARY KEY (pupil_id, date, kind)
);
