//! The checks behind rule kinds that are not plain phrase lists: questions, mirroring and
//! style. Each is a small pure function over one normalised reply.

mod mirror;
mod questions;
mod style;
#[cfg(test)]
mod tests;

pub use mirror::{Profile, mirror, mirrored_terms};
pub use questions::first_questions;
pub use style::{StyleFacts, StyleProblem, style_note, style_problems};
