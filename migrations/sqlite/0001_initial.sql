-- eiam-sync state store, SQLite. Released migrations are never edited; add a new file instead.
-- Times are milliseconds since the Unix epoch. No personal data is stored in clear.

-- Objects eiam-sync manages: source external ID <-> EIAM ID per kind.
CREATE TABLE owned_objects (
    kind        TEXT    NOT NULL CHECK (kind IN ('organizational_unit', 'user', 'group')),
    external_id TEXT    NOT NULL,
    eiam_id     TEXT    NOT NULL,
    origin      TEXT    NOT NULL CHECK (origin IN ('created', 'adopted')),
    -- keyed HMAC-SHA1 (hex) of what was last applied
    fingerprint TEXT,
    recorded_at INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (kind, external_id)
);

CREATE TABLE runs (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    reconciler     TEXT    NOT NULL,
    mode           TEXT    NOT NULL CHECK (mode IN ('apply', 'dry_run')),
    started_at     INTEGER NOT NULL,
    finished_at    INTEGER,
    result         TEXT    CHECK (result IN ('success', 'partial', 'refused', 'failed')),
    -- JSON object: EIAM action -> number of operations
    counts         TEXT,
    snapshot_users INTEGER
);
CREATE INDEX runs_by_result ON runs (result, mode, id);

-- Every planned operation of a run, then its outcome.
CREATE TABLE journal (
    run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    action      TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    external_id TEXT    NOT NULL,
    eiam_id     TEXT,
    -- JSON of the changes, personal values redacted
    detail      TEXT    NOT NULL,
    status      TEXT    NOT NULL
        CHECK (status IN ('planned', 'started', 'applied', 'failed', 'skipped')),
    error       TEXT,
    planned_at  INTEGER NOT NULL,
    started_at  INTEGER,
    finished_at INTEGER,
    PRIMARY KEY (run_id, seq)
);

-- The leader lease: one row per lease name, taken atomically, renewed while held.
CREATE TABLE leases (
    name       TEXT    PRIMARY KEY,
    holder     TEXT    NOT NULL,
    token      TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
);
