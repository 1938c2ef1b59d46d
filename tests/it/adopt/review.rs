//! Guard, approval and saved plans: placeholder until written.
