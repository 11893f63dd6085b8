//! Any bytes as a session file: parsing never panics, and whatever loads survives the canonical
//! round trip unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../oracle.rs"]
mod oracle;

fuzz_target!(|data: &[u8]| oracle::session(data));
