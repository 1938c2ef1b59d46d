//! EIAM's field rules (lengths, character sets, required pairs), shared by snapshot validation
//! and the emulator so both enforce the same thing.
