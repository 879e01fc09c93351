-- Failed sign-ins by account and by client address, in the database so that every server
-- instance counts the same failures. `last_at` is seconds since 1970 (UTC).
CREATE TABLE sign_in_failures (
    key     TEXT PRIMARY KEY,
    count   INTEGER NOT NULL,
    last_at REAL NOT NULL
);
