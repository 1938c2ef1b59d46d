-- A small sample snapshot in the tables of docs/snapshot.md. config/example-snapshot.db is
-- built from this file (a test checks they agree):
--   sqlite3 config/example-snapshot.db < config/example-snapshot.sql
PRAGMA page_size = 512;  -- keeps the committed file small
CREATE TABLE organizational_units (
  id          TEXT PRIMARY KEY,
  parent_id   TEXT,
  name        TEXT NOT NULL,
  description TEXT
);
CREATE TABLE users (
  id                    TEXT PRIMARY KEY,
  username              TEXT NOT NULL,
  display_name          TEXT,
  email                 TEXT,
  email_verified        BOOLEAN,
  phone_region          TEXT,
  phone_number          TEXT,
  phone_number_verified BOOLEAN,
  primary_ou_id         TEXT NOT NULL,
  description           TEXT,
  status                TEXT NOT NULL DEFAULT 'enabled'
);
CREATE TABLE user_organizational_units (
  user_id TEXT NOT NULL,
  ou_id   TEXT NOT NULL,
  PRIMARY KEY (user_id, ou_id)
);
CREATE TABLE groups (
  id   TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE group_members (
  group_id TEXT NOT NULL,
  user_id  TEXT NOT NULL,
  PRIMARY KEY (group_id, user_id)
);

INSERT INTO organizational_units VALUES
  ('d100', NULL,   'Example Corp', 'The whole company'),
  ('d110', 'd100', 'Engineering',  NULL),
  ('d111', 'd110', 'Platform',     'Infrastructure and tooling'),
  ('d112', 'd110', 'Web',          NULL),
  ('d120', 'd100', 'People',       NULL);

INSERT INTO users VALUES
  ('e1001', 'alice.chen', 'Alice Chen', 'alice.chen@example.com', 1, '86', '13800138001', 1, 'd111', NULL, 'enabled'),
  ('e1002', 'bob.li',     'Bob Li',     'bob.li@example.com',     1, NULL, NULL,         NULL, 'd112', NULL, 'enabled'),
  ('e1003', 'carol.wang', 'Carol Wang', 'carol.wang@example.com', 0, NULL, NULL,         NULL, 'd120', 'HR partner', 'enabled'),
  ('e1004', 'dan.zhao',   'Dan Zhao',   NULL,                     NULL, '86', '13800138004', 0, 'd110', NULL, 'disabled');

INSERT INTO user_organizational_units VALUES ('e1001', 'd112');

INSERT INTO groups VALUES ('g-admins', 'Administrators'), ('g-all', 'Everyone');

INSERT INTO group_members VALUES
  ('g-admins', 'e1001'),
  ('g-all', 'e1001'), ('g-all', 'e1002'), ('g-all', 'e1003'), ('g-all', 'e1004');
