//! Catalogues: the facts tables, prompts, revisions and the move to 27001:2022.
//!
//! One test binary per feature (not one per file): linking is most of a test build.

#[path = "../common/mod.rs"]
mod common;

mod facts;
mod move_to_2022;
mod prompts;
mod revisions;
