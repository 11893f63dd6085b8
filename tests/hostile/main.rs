//! Bad input: hostile files, fuzz regressions, caps, terminal escapes in text, and paths that are not what they seem.
//!
//! One test binary per feature (not one per file): linking is most of a test build.

#[path = "../common/mod.rs"]
mod common;
#[path = "../fs_support/mod.rs"]
mod fs_support;
#[path = "../fuzz/oracle.rs"]
mod oracle;

mod caps;
mod catalogue_path;
mod cli;
mod files;
mod fuzz_regressions;
mod input_edges;
mod pty;
mod text;
