-- Issue 13: which in-app notices each user has read. Notices themselves are derived from the
-- data whenever they are asked for; only the reader's marks are kept, like sessions: the
-- user's own view, not the installation's data (not audited, not copied).
CREATE TABLE notice_reads (
    user_id BIGINT NOT NULL REFERENCES users (id),
    key     TEXT COLLATE "C" NOT NULL,
    read_at TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);
