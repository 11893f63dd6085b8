//! Saving: the save pipeline, recovery copies, changes on disk, backups, read-only folders and file-system edges.
//!
//! One test binary per feature (not one per file): linking is most of a test build.

#[path = "../common/mod.rs"]
mod common;
#[path = "../fs_support/mod.rs"]
mod fs_support;

mod backup;
mod conflicts;
mod disk_changes;
mod fs_edges;
mod read_only_folder;
mod recovery_merge;
mod recovery_unloadable;
mod safety;
mod saves;
