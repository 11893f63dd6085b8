//! The command line: conventions, standard input, set/diff/merge, the session file and its migration, and the next cycle.
//!
//! One test binary per feature (not one per file): linking is most of a test build.

#[path = "../common/mod.rs"]
mod common;

mod conventions;
mod core;
mod diff_output;
mod example_session;
mod format_v2;
mod meeting_records;
mod next_cycle;
mod session_file;
mod set_diff_merge;
mod stdin;
