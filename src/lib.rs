//! `rehearse`: a terminal trainer for customer-service staff.
//!
//! Data flows one way: files (`scenario`, `rubric`, `transcript`, loaded by `library`
//! through `yaml`) → validated model → engine (`matcher`, `grading`, `customer`) →
//! results → rendering (`report`, in the trainee's language through `locale`). The front
//! ends (`commands`, `repl`) only wire them up.

// A `Diagnostic` is returned only on the error path, once per bad file; boxing it would
// add noise everywhere for no measurable gain.
#![allow(clippy::result_large_err)]
pub mod attempt_file;
pub mod batch;
pub mod cli;
pub mod commands;
pub mod config;
pub mod customer;
pub mod diagnostic;
pub mod grading;
pub mod labels;
pub mod library;
pub mod locale;
pub mod lrs;
pub mod matcher;
pub mod repl;
pub mod replay;
pub mod report;
pub mod rubric;
pub mod scenario;
pub mod shared_cache;
pub mod signature;
pub mod source;
pub mod temp_file;
pub mod transcript;
pub mod watch;
pub mod yaml;
