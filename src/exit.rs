//! The exit statuses every gapwalk command keeps to, the workshop screen included: one
//! definition for the CLI and the TUI alike.

/// Exit status for "ran fine, nothing to report".
pub const EXIT_OK: u8 = 0;
/// Exit status for "ran fine, and found something" (findings, not canonical, conflicts).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status for bad usage or an unreadable or invalid file.
pub const EXIT_INVALID: u8 = 2;
