-- Sign-in, sessions, reviewers of rounds, and the audit trail.

ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;

-- Only a hash of the session id is stored: a copy of the database does not sign anyone in.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);

-- Reviewers approve or return the submitted records of the rounds they are assigned to.
CREATE TABLE round_reviewers (
    round_id TEXT NOT NULL REFERENCES rounds (id),
    user_id  INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (round_id, user_id)
);

-- Every change to a record, user, round, assignment or catalog, and every export. Each entry's
-- hash covers its fields and the previous entry's hash, so a changed, deleted or reordered
-- entry breaks the chain at that entry.
CREATE TABLE audit (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT NOT NULL,
    before     TEXT NOT NULL,
    after      TEXT NOT NULL,
    request_id TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);

CREATE INDEX audit_by_target ON audit (target);
CREATE INDEX audit_by_actor ON audit (actor);

CREATE TRIGGER audit_refuses_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit entries are append-only');
END;

CREATE TRIGGER audit_refuses_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit entries are append-only');
END;
