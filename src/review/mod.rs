//! Reading a session as a reviewer does: completeness findings, progress figures, the semantic
//! diff of two versions and the three-way merge of two branches.

pub mod diff;
pub mod findings;
pub mod merge;
pub mod stats;
pub mod three_way;

pub use diff::{Change, ChangeKind, diff};
pub use findings::{Finding, FindingKind, findings};
pub use merge::{MergeError, Merged, merge};
pub use stats::{ClauseProgress, Stats, stats};
