//! The run report: JSON (CONTRACT section 1) and text for people.
