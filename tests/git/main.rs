//! Git: the merge and diff drivers, `git-setup`, and merge properties at scale.
//!
//! One test binary per feature (not one per file): linking is most of a test build.

#[path = "../common/mod.rs"]
mod common;

mod drivers;
mod merge_props;
mod merge_scale;
mod setup;
