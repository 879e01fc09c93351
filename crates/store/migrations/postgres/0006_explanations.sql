-- Issue 13: a unit's explanation ("giải trình") of a criterion found unmet in the preliminary
-- results, and the inspector's decision on it: accepted (the record's outcome changed in the
-- same transaction) or rejected with a reason the unit reads.
CREATE TABLE explanations (
    round_id        TEXT COLLATE "C" NOT NULL REFERENCES rounds (id),
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
    criterion       TEXT COLLATE "C" NOT NULL,
    text            TEXT NOT NULL,
    sent_by         TEXT NOT NULL,
    sent_at         TEXT NOT NULL,
    decision        TEXT CHECK (decision IN ('accepted', 'rejected')),
    reason          TEXT NOT NULL DEFAULT '',
    decided_by      TEXT,
    decided_at      TEXT,
    PRIMARY KEY (round_id, organization_id, criterion)
);
