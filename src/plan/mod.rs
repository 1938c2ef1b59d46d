//! Planning: a pure diff of desired against observed under the ownership rules, ordered so that
//! every single step is valid in EIAM; and the guards. No I/O.
