-- Who holds the leader lease (so a holder that died on this host is recognised at once) and
-- which process ran each run, with its API call count (for `eiam-sync status`).

-- The process behind the current lease row: one row per lease name, replaced on each take.
CREATE TABLE lease_holders (
    name          TEXT    PRIMARY KEY,
    token         TEXT    NOT NULL,
    holder        TEXT    NOT NULL,
    host          TEXT    NOT NULL,
    -- Linux boot id and PID namespace: a PID is only comparable within both.
    boot_id       TEXT,
    pid_ns        TEXT,
    pid           INTEGER NOT NULL,
    -- the process's start time (clock ticks since boot): guards against a reused PID
    process_start TEXT,
    acquired_at   INTEGER NOT NULL,
    renewed_at    INTEGER NOT NULL
);

ALTER TABLE runs ADD COLUMN holder TEXT;
ALTER TABLE runs ADD COLUMN api_calls INTEGER;
