-- Issue 13: a round's phases, each a window of time (UTC, RFC 3339 text), and the units'
-- self-assessments: one answer per criterion, and the moment the unit submitted them all.
CREATE TABLE round_phases (
    round_id  TEXT NOT NULL REFERENCES rounds (id),
    phase     TEXT NOT NULL
        CHECK (phase IN ('self_assessment', 'inspection', 'preliminary', 'explanations', 'final')),
    opens_at  TEXT NOT NULL,
    closes_at TEXT NOT NULL,
    PRIMARY KEY (round_id, phase)
);

CREATE TABLE self_assessments (
    round_id        TEXT NOT NULL REFERENCES rounds (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    criterion       TEXT NOT NULL,
    outcome         TEXT NOT NULL DEFAULT '',
    value           REAL,
    evidence        TEXT NOT NULL DEFAULT '',
    explanation     TEXT NOT NULL DEFAULT '',
    updated_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (round_id, organization_id, criterion)
);

CREATE TABLE self_assessment_submissions (
    round_id        TEXT NOT NULL REFERENCES rounds (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    submitted_by    TEXT NOT NULL,
    submitted_at    TEXT NOT NULL,
    PRIMARY KEY (round_id, organization_id)
);
