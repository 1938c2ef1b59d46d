-- The daemon reads, at start, when each reconciler last brought EIAM in step (its
-- last-success gauge survives a restart): the latest applying run of one reconciler with a
-- given result, found by a seek on this index instead of a scan of the run history.
CREATE INDEX runs_by_reconciler ON runs (reconciler, mode, result, id);
