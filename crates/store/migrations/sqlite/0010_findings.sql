-- Issue 13: findings ("kiến nghị"): every mandatory criterion left unmet in a published round,
-- made in the transaction that publishes it, with what the unit reports it did and the team's
-- review (closed, or still open).
CREATE TABLE findings (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id        TEXT NOT NULL REFERENCES rounds (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    criterion       TEXT NOT NULL,
    legal_basis     TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    due_on          TEXT,
    state           TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    created_at      TEXT NOT NULL,
    reviewed_by     TEXT,
    reviewed_at     TEXT,
    review_note     TEXT NOT NULL DEFAULT '',
    UNIQUE (round_id, organization_id, criterion)
);

CREATE INDEX findings_by_organization ON findings (organization_id, state);

CREATE TABLE finding_reports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    finding_id  INTEGER NOT NULL REFERENCES findings (id),
    text        TEXT NOT NULL,
    reported_by TEXT NOT NULL,
    reported_at TEXT NOT NULL
);

CREATE INDEX finding_reports_by_finding ON finding_reports (finding_id);
