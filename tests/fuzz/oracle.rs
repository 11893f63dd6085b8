//! What must hold for any input to the file parsers, shared by the fuzz targets and by the
//! regression test that replays every input the fuzzer ever found (`tests/hostile/fuzz_regressions.rs`).
//! A broken property panics, which is how libFuzzer and the test harness both notice it.
#![allow(dead_code)]

use std::sync::OnceLock;

use gapwalk::catalogue::{self, Catalogue};
use gapwalk::persist;

fn embedded(id: &str) -> Option<&'static Catalogue> {
    static CATALOGUES: OnceLock<Vec<Catalogue>> = OnceLock::new();
    CATALOGUES
        .get_or_init(|| {
            catalogue::embedded_names()
                .into_iter()
                .filter_map(catalogue::embedded)
                .collect()
        })
        .iter()
        .find(|c| c.id == id)
}

/// Session text: parse, validate against the embedded catalogue it names, and if that
/// succeeds, the canonical text must load back to the same session and the same bytes.
pub fn session(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = match persist::parse(text, "fuzz.ron") {
        Ok(parsed) => parsed,
        Err(e) => {
            // Building the located message is part of the error path users meet.
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    let Some(cat) = embedded(&parsed.catalogue.id) else {
        return;
    };
    let session = match persist::validate(parsed, cat, text, "fuzz.ron") {
        Ok(session) => session,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    let canonical = persist::to_canonical(&session).expect("a loaded session can be written");
    let again = persist::parse(&canonical, "canonical.ron").expect("canonical text parses");
    let again = persist::validate(again, cat, &canonical, "canonical.ron")
        .expect("canonical text validates");
    assert_eq!(
        again, session,
        "the canonical round trip changed the session"
    );
    assert_eq!(
        persist::to_canonical(&again).expect("written twice"),
        canonical,
        "the canonical text is not stable"
    );
}

/// Catalogue text: parse and check; whatever passes must survive being written back out.
pub fn catalogue(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let cat = match Catalogue::from_ron(text, "fuzz.ron") {
        Ok(cat) => cat,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    let written = ron::ser::to_string_pretty(&cat, ron::ser::PrettyConfig::default())
        .expect("a loaded catalogue can be written");
    let again = Catalogue::from_ron(&written, "written.ron").expect("written catalogue loads");
    assert_eq!(again, cat, "writing the catalogue out changed it");
    assert_eq!(again.content_hash(), cat.content_hash());
}

/// The line that separates base, ours and theirs in a merge input.
pub const MERGE_SEPARATOR: &str = "\n=====\n";

/// Session text that loads against an embedded catalogue, or nothing.
fn loaded(text: &str) -> Option<(gapwalk::session::Session, &'static Catalogue)> {
    let parsed = persist::parse(text, "fuzz.ron").ok()?;
    let cat = embedded(&parsed.catalogue.id)?;
    let session = persist::validate(parsed, cat, text, "fuzz.ron").ok()?;
    Some((session, cat))
}

/// Three sessions (base, ours, theirs, separated by [`MERGE_SEPARATOR`]): merging never panics;
/// a side that did not change gives way to the other; the same change on both sides is that
/// change; swapping sides records as many conflicts; and whatever a merge produces is a session
/// that survives the canonical round trip.
pub fn merge(data: &[u8]) {
    use gapwalk::review::merge;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parts: Vec<&str> = text.split(MERGE_SEPARATOR).collect();
    let [base, ours, theirs] = parts.as_slice() else {
        return;
    };
    let (Some((base, cat)), Some((ours, _)), Some((theirs, _))) =
        (loaded(base), loaded(ours), loaded(theirs))
    else {
        return;
    };
    let merged = match merge(&base, &ours, &theirs, cat) {
        Ok(merged) => merged,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    let canonical = persist::to_canonical(&merged.session).expect("a merge result can be written");
    let (again, _) = loaded(&canonical).expect("a merge result loads");
    assert_eq!(
        again, merged.session,
        "a merge result changed on its round trip"
    );
    let swapped = merge(&base, &theirs, &ours, cat).expect("the sides merge either way round");
    assert_eq!(
        swapped.conflicts, merged.conflicts,
        "swapping ours and theirs changed the number of conflicts"
    );
    for x in [&ours, &theirs] {
        let gives_way = merge(&base, x, &base, cat).expect("merges with an unchanged side");
        assert_eq!(
            &gives_way.session, x,
            "an unchanged theirs did not give way"
        );
        let gives_way = merge(&base, &base, x, cat).expect("merges with an unchanged side");
        assert_eq!(&gives_way.session, x, "an unchanged ours did not give way");
        let same = merge(&base, x, x, cat).expect("merges a change with itself");
        assert_eq!(&same.session, x, "the same change twice is not that change");
        assert_eq!(same.conflicts, 0);
    }
}
