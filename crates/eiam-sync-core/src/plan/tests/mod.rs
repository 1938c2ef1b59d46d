//! Planner tests: named scenarios, and randomized directories replayed in every order the
//! dependencies allow.

mod adopt;
mod fixtures;
mod props;
mod random;
mod refs;
mod saved;
mod scenarios;
mod verify;
