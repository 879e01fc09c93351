-- Issue 13: the contact of an inspected organisation, role `unit`, bound to that organisation.
-- SQLite cannot change a CHECK constraint, so the users table is rebuilt (the documented
-- procedure: the migrations run with foreign keys off, and checked after, by `lock_schema`).
CREATE TABLE users_new (
    id              INTEGER PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    role            TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'inspector', 'leader', 'unit')),
    password_hash   TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    display_name    TEXT NOT NULL DEFAULT '',
    disabled        INTEGER NOT NULL DEFAULT 0,
    organization_id TEXT REFERENCES organizations (id),
    CHECK ((role = 'unit') = (organization_id IS NOT NULL))
);

INSERT INTO users_new (id, username, role, password_hash, created_at, display_name, disabled)
    SELECT id, username, role, password_hash, created_at, display_name, disabled FROM users;

DROP TABLE users;

ALTER TABLE users_new RENAME TO users;
