-- Incremental runs: the keyed fingerprint of each managed group's member set as last applied
-- (the group's external id and its members' external ids; nothing in clear). NULL means the
-- members must be observed again.
ALTER TABLE owned_objects ADD COLUMN members_fingerprint TEXT;
