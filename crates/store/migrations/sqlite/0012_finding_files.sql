-- Issue 13: files the unit attaches to what it reports on a finding (contents kept once in
-- `blobs`, like evidence files).
CREATE TABLE finding_files (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    finding_id  INTEGER NOT NULL REFERENCES findings (id),
    sha256      TEXT NOT NULL REFERENCES blobs (sha256),
    name        TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    UNIQUE (finding_id, sha256)
);
