//! Never a guess: placeholder until written.
