-- Every lookup a run, `status`, `approve` or `apply FILE` makes is served by an index, so a
-- run costs the same whatever history the store holds; and what pruning old history needs.

-- Creates left `started` by a killed run (in-doubt recovery), and operations in doubt.
CREATE INDEX journal_started ON journal (run_id, seq) WHERE status = 'started';
-- Creates by object: whether eiam-sync made an object found under a snapshot record's id.
CREATE INDEX journal_creates ON journal (kind, external_id, run_id, seq)
    WHERE action IN ('CreateOrganizationalUnit', 'CreateUser', 'CreateGroup')
      AND status IN ('started', 'applied');
-- Applied deletes by object: a create followed by one no longer names anything eiam-sync made.
CREATE INDEX journal_deletes ON journal (kind, external_id, run_id, seq)
    WHERE action IN ('DeleteOrganizationalUnit', 'DeleteUser', 'DeleteGroup')
      AND status = 'applied';
-- Pruning walks the oldest runs first, by start time.
CREATE INDEX runs_by_start ON runs (started_at);
-- Approvals still usable, and refused plans and approvals by age (pruning).
CREATE INDEX approvals_open ON approvals (expires_at) WHERE used_at IS NULL;
CREATE INDEX approvals_by_time ON approvals (approved_at);
CREATE INDEX guarded_plans_by_time ON guarded_plans (recorded_at);
-- Owned users gone from the snapshot that still hold managed groups (a few among many).
CREATE INDEX owned_kept_groups ON owned_objects (kind, external_id) WHERE kept_groups IS NOT NULL;

-- How many journal entries each run wrote, so the size of the history is known without
-- counting the journal.
ALTER TABLE runs ADD COLUMN journal_entries INTEGER;

-- Values eiam-sync learned and keeps between runs: the sync root found through the
-- provisioning scope, per instance and application.
CREATE TABLE remembered (
    name       TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);
UPDATE runs SET journal_entries = (SELECT COUNT(*) FROM journal WHERE journal.run_id = runs.id);

-- Incremental runs: the members of each managed group as last applied (a JSON array of the
-- members' external ids), written with `members_fingerprint` and meaningful only beside it.
-- A group whose member set changed in the snapshot is then planned from it without listing
-- its members in EIAM.
ALTER TABLE owned_objects ADD COLUMN members TEXT;
