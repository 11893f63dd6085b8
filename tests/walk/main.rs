//! The walk: key-count journeys through the real binary, slips that must record nothing, people and dates as a room says them, and agreement with `gapwalk check`.
//!
//! One test binary per feature (not one per file): linking is most of a test build.

#[path = "../common/mod.rs"]
mod common;

mod check_agreement;
mod dates;
mod facilitator;
mod journeys;
mod people;
mod session_fields;
mod slips;
