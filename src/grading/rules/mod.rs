//! The checks behind rule kinds that are not plain phrase lists: questions, mirroring,
//! figures read back and style. Each is a small pure function over one normalised reply.

mod figures;
mod mirror;
mod questions;
mod style;
#[cfg(test)]
mod tests;

pub use figures::{figures, said_by_customer};
pub use mirror::{Profile, mirror, mirrored_terms};
pub use questions::first_questions;
pub use style::{StyleFacts, StyleProblem, style_note, style_problems};
