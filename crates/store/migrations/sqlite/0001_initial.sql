-- The first schema of egov-scorecard. Migrations are only ever added, never edited:
-- the store refuses to start when an applied migration's checksum changed.

CREATE TABLE organizations (
    id            TEXT PRIMARY KEY,
    name_vi       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    peer_group    TEXT NOT NULL,
    merged_into   TEXT REFERENCES organizations (id) DEFERRABLE INITIALLY DEFERRED,
    split_from    TEXT REFERENCES organizations (id) DEFERRABLE INITIALLY DEFERRED,
    lineage_since TEXT
);

-- A catalog version is stored whole as the JSON of `scorecard_domain::Catalog`: a round's
-- catalog never changes, and a new version is a new row.
CREATE TABLE catalogs (
    id         TEXT PRIMARY KEY,
    family     TEXT NOT NULL,
    version    INTEGER NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (family, version)
);

CREATE TABLE rounds (
    id           TEXT PRIMARY KEY,
    name_vi      TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    catalog_id   TEXT NOT NULL REFERENCES catalogs (id),
    starts_on    TEXT NOT NULL,
    ends_on      TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('planned', 'open', 'closed', 'published')),
    illustrative INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'inspector', 'leader')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE assignments (
    round_id        TEXT NOT NULL REFERENCES rounds (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    inspector_id    INTEGER REFERENCES users (id),
    PRIMARY KEY (round_id, organization_id)
);

CREATE TABLE records (
    round_id        TEXT NOT NULL REFERENCES rounds (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    criterion       TEXT NOT NULL,
    outcome         TEXT NOT NULL DEFAULT '',
    value           REAL,
    evidence        TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    inspector       TEXT NOT NULL DEFAULT '',
    assessed_on     TEXT,
    state           TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'returned')),
    version         INTEGER NOT NULL DEFAULT 1,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (round_id, organization_id, criterion)
);

CREATE INDEX records_by_criterion ON records (round_id, criterion);

-- Facts about the database itself, e.g. that it holds the illustrative demo data.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
