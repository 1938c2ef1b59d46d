//! Reading the snapshot from SQLite or PostgreSQL in one consistent, read-only transaction.
