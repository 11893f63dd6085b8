//! The workshop screen (feature `tui`).

use std::path::PathBuf;
use std::process::ExitCode;

/// Entry point of the terminal UI.
pub fn main(_file: Option<PathBuf>) -> ExitCode {
    eprintln!("gapwalk: the workshop screen is not built yet; see `gapwalk --help`");
    ExitCode::from(crate::cli::EXIT_INVALID)
}
