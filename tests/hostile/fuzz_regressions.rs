//! Replays every input kept from fuzzing through the same checks the fuzz targets run
//! (`tests/fuzz/oracle.rs`): the committed seeds, and in `tests/fuzz/regressions/` each input
//! that ever crashed a target or broke a property, so a fixed bug stays fixed without cargo-fuzz.

use std::path::Path;

use crate::oracle;

fn replay(kind: &str, check: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut count = 0;
    for folder in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder).join(kind)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths.into_iter().filter(|p| p.is_file()) {
            let bytes = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&bytes));
            assert!(
                outcome.is_ok(),
                "{} fails its fuzz property",
                path.display()
            );
            count += 1;
        }
    }
    count
}

#[test]
fn every_kept_session_input_passes() {
    assert!(replay("session", oracle::session) > 0);
}

#[test]
fn every_kept_catalogue_input_passes() {
    assert!(replay("catalogue", oracle::catalogue) > 0);
}

#[test]
fn every_kept_merge_input_passes() {
    assert!(replay("merge", oracle::merge) > 0);
}
