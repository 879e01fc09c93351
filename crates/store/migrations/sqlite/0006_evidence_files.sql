-- Evidence files (issue 12). Each content is kept once, under its SHA-256, with what the
-- signature check found (`analysis`, JSON, for PDFs), in chunks of at most 1 MiB so that
-- neither an upload nor a download binds a whole file in one statement.
CREATE TABLE blobs (
    sha256      TEXT PRIMARY KEY,
    size        INTEGER NOT NULL,
    media_type  TEXT NOT NULL,
    chunks      INTEGER NOT NULL,
    analysis    TEXT,
    created_at  TEXT NOT NULL
);

CREATE TABLE blob_chunks (
    sha256 TEXT NOT NULL REFERENCES blobs (sha256),
    seq    INTEGER NOT NULL,
    bytes  BLOB NOT NULL,
    PRIMARY KEY (sha256, seq)
);

-- A file attached to a record (which need not exist yet), by the record's key.
CREATE TABLE record_files (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id        TEXT NOT NULL REFERENCES rounds (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    criterion       TEXT NOT NULL,
    sha256          TEXT NOT NULL REFERENCES blobs (sha256),
    name            TEXT NOT NULL,
    document_date   TEXT,
    uploaded_by     TEXT NOT NULL,
    uploaded_at     TEXT NOT NULL,
    UNIQUE (round_id, organization_id, criterion, sha256)
);

CREATE INDEX record_files_by_organization ON record_files (round_id, organization_id, criterion);
CREATE INDEX record_files_by_content ON record_files (sha256);

-- Root certificates the signature check trusts, loaded by an admin.
CREATE TABLE trust_roots (
    sha256   TEXT PRIMARY KEY,
    subject  TEXT NOT NULL,
    pem      TEXT NOT NULL,
    added_at TEXT NOT NULL
);
