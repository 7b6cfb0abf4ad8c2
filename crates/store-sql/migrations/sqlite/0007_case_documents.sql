-- The content of a case's documents. The metadata (title, kind, confidentiality) is the
-- document_added entry of the timeline; the bytes are stored beside it, in the same
-- transaction, and never changed (a new version is a new document).
CREATE TABLE case_documents (
    case_id      BLOB    NOT NULL REFERENCES cases (id),
    document_id  BLOB    NOT NULL,
    filename     TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    content      BLOB    NOT NULL,
    PRIMARY KEY (case_id, document_id)
);
