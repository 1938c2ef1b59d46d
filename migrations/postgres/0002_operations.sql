-- Who holds the leader lease (the advisory lock says whether it is held, this row says by
-- whom) and which process ran each run, with its API call count (for `eiam-sync status`).

-- The process behind the advisory lock: one row per lease name, written by the lock holder.
CREATE TABLE lease_holders (
    name          TEXT   PRIMARY KEY,
    token         TEXT   NOT NULL,
    holder        TEXT   NOT NULL,
    host          TEXT   NOT NULL,
    boot_id       TEXT,
    pid_ns        TEXT,
    pid           BIGINT NOT NULL,
    process_start TEXT,
    acquired_at   BIGINT NOT NULL,
    renewed_at    BIGINT NOT NULL
);

ALTER TABLE runs ADD COLUMN holder TEXT;
ALTER TABLE runs ADD COLUMN api_calls BIGINT;
