//! Rendering results for people and machines. Renderers read scorecards; they never
//! compute or change a score.

pub mod calibration;
pub mod html;
pub mod machine;
pub mod spool;
pub mod table;
pub mod text;
pub mod xapi;
