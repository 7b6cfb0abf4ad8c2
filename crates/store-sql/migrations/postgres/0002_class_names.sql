-- A school names each class of a school year once.
CREATE UNIQUE INDEX classes_name ON classes (school_id, school_year, name) WHERE is_current;
