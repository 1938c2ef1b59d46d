-- Adoption rules ([sync.adopt]): the key an existing EIAM object was matched to its snapshot
-- record by (`username`, `email`, `phone_number`, `path`, `name`). NULL for objects eiam-sync
-- created or found under the record's own external id. An object adopted by a rule keeps its
-- own external id in EIAM (the API cannot change it): this row is the only link, and makes
-- the object eiam-sync's as if it had created it (leavers, guards).
ALTER TABLE owned_objects ADD COLUMN matched_by TEXT;
