//! Taking over a populated instance (`[sync.adopt]`, docs/adoption.md): console-made OUs,
//! users and groups matched with their snapshot records by rule, never by a guess; the guard
//! and its approval; saved plans with adoptions; incremental runs over adopted objects.

mod ambiguity;
pub(crate) mod console;
mod review;
mod takeover;
