//! Reading a session as a reviewer does: completeness findings and progress figures.

pub mod findings;
pub mod stats;

pub use findings::{Finding, FindingKind, findings};
pub use stats::{Stats, stats};
