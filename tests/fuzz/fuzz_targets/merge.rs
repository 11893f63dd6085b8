//! Three sessions (base, ours, theirs) as one input: the three-way merge never panics, an
//! unchanged side gives way, a change merged with itself is that change, and every result
//! loads back unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../oracle.rs"]
mod oracle;

fuzz_target!(|data: &[u8]| oracle::merge(data));
