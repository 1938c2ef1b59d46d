//! Applying a plan: dependencies, bounded concurrency, journal, ownership, failure isolation.
