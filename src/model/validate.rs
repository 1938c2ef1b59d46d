//! Validation of raw snapshot rows into the desired model, rejecting record by record.
