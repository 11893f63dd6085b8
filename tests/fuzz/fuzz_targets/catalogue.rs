//! Any bytes as a catalogue file: parsing and checking never panic, and whatever loads survives
//! writing it back out unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../oracle.rs"]
mod oracle;

fuzz_target!(|data: &[u8]| oracle::catalogue(data));
