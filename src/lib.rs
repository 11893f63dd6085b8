//! gapwalk: ISO/IEC 27017 cloud security gap-analysis workshops in the terminal.
//!
//! The domain modules (`catalogue`, `session`, `persist`, `review`, `search`, `export`) know nothing of
//! terminals; the `tui` module, behind the default `tui` feature, is a thin layer over them.

#![forbid(unsafe_code)]

pub mod catalogue;
pub mod cli;
pub mod dates;
pub mod exit;
pub mod export;
pub mod fields;
pub mod import;
pub mod location;
pub mod lock;
pub mod persist;
pub mod recovery;
pub mod review;
pub mod sanitise;
pub mod search;
pub mod session;
pub mod textfile;
#[cfg(feature = "tui")]
pub mod tui;
pub mod walkplan;
