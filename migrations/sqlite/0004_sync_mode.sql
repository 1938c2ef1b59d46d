-- Whether a run observed the whole managed subtree (`full`) or only what changed in the
-- snapshot (`incremental`). Runs recorded before it was kept were full runs.
ALTER TABLE runs ADD COLUMN sync_mode TEXT NOT NULL DEFAULT 'full';
