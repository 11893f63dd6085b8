//! The workshop screen: pseudo-terminal journeys, in-process updates and snapshots, popups, text editing, the export dialog, and how a workshop ends.
//!
//! One test binary per feature (not one per file): linking is most of a test build.

#[path = "../common/mod.rs"]
mod common;
#[path = "../fs_support/mod.rs"]
mod fs_support;

mod attendance;
mod decision_reasons;
mod details;
mod edge_cases;
mod end;
mod evidence_description;
mod export_dialog;
mod export_dialog_choices;
mod facilitator;
mod field_vocabulary;
mod hangup;
mod import_cycles;
mod internal_records;
mod journeys;
mod keymap_contexts;
mod large_field;
mod meetings;
mod message_keys;
mod monkey;
mod parking;
mod popup_rooms;
mod screen_details;
mod snapshots;
mod start_keys;
mod text_editing;
mod update;
