-- Incremental runs: for an owned user gone from the snapshot and owed nothing (a disabled
-- leaver), the EIAM ids of the managed groups it is still a member of, space-separated, so
-- that an incremental run weighs those memberships as a full observation would. Ids only.
ALTER TABLE owned_objects ADD COLUMN kept_groups TEXT;
