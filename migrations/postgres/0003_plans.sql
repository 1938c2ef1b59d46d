-- Saved plans, approvals and leavers with a grace period. Times are milliseconds since the epoch.

-- What a guard-refused run would have changed, so `approve PLAN_ID` knows what it lets through.
CREATE TABLE guarded_plans (
    plan_id     TEXT    PRIMARY KEY,
    -- JSON array of the guarded changes (removals, moves, membership removals, rewrites)
    items       TEXT    NOT NULL,
    -- the tripped guards' messages, one per line
    refusal     TEXT    NOT NULL,
    recorded_at BIGINT NOT NULL
);

-- `eiam-sync approve`: who let which plan through, why, until when, and which run used it.
CREATE TABLE approvals (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id     TEXT    NOT NULL,
    approved_by TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    approved_at BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT,
    used_by_run BIGINT
);
CREATE INDEX approvals_by_plan ON approvals (plan_id, used_at, expires_at);

-- Saved plan files applied (each at most once).
CREATE TABLE applied_plans (
    file_id    TEXT    PRIMARY KEY,
    plan_id    TEXT    NOT NULL,
    run_id     BIGINT NOT NULL,
    applied_at BIGINT NOT NULL
);

-- Users eiam-sync disabled because they left the snapshot (user_removal = "disable_then_delete").
CREATE TABLE leavers (
    external_id TEXT    PRIMARY KEY,
    eiam_id     TEXT    NOT NULL,
    disabled_at BIGINT NOT NULL
);

-- The plan each run computed, and the approval it used.
ALTER TABLE runs ADD COLUMN plan_id TEXT;
ALTER TABLE runs ADD COLUMN approval_id BIGINT;

-- The rolling removal window counts applied deletes and disables of the last 24 hours.
CREATE INDEX journal_removals ON journal (finished_at)
    WHERE status = 'applied'
      AND action IN ('DeleteOrganizationalUnit', 'DeleteUser', 'DeleteGroup', 'DisableUser');
