//! `gapwalk catalogue move`: a 27017 session continues on the 27001:2022 catalogue through the
//! ISO correspondence. One source is copied whole, a split control lands on each of its targets,
//! several sources merge field by field with disagreements recorded as conflicts, the CLD
//! controls (gapwalk's own relations) are reported as not carried, and the source is untouched.

use std::path::Path;
use std::process::Output;

use gapwalk::persist;

fn gapwalk(dir: &Path, args: &[&str]) -> Output {
    crate::common::gapwalk(dir).args(args).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn set(dir: &Path, control: &str, fields: &[&str]) {
    let mut args = vec!["set", "s.ron", control];
    args.extend_from_slice(fields);
    let out = gapwalk(dir, &args);
    assert!(out.status.success(), "set {control}: {}", stderr(&out));
}

/// A 27017 session with: 5.1.1 alone on 2022's 5.1; 9.1.1 and 9.1.2 (both 5.15) disagreeing on
/// status; 12.6.1 and 18.2.3 (both 8.8, and 18.2.3 also 5.36) agreeing; CLD.6.3.1 assessed.
fn workshop(dir: &Path) -> String {
    let new = gapwalk(
        dir,
        &["new", "s.ron", "--title", "Move", "--provider", "Acme"],
    );
    assert!(new.status.success(), "{}", stderr(&new));
    set(
        dir,
        "5.1.1",
        &[
            "applicability=applicable",
            "status=implemented",
            "justification=Policy names cloud use.",
        ],
    );
    set(
        dir,
        "9.1.1",
        &["applicability=applicable", "status=implemented"],
    );
    set(
        dir,
        "9.1.2",
        &["applicability=applicable", "status=planned"],
    );
    set(
        dir,
        "12.6.1",
        &["applicability=applicable", "status=partial"],
    );
    set(
        dir,
        "18.2.3",
        &["applicability=applicable", "status=partial"],
    );
    set(
        dir,
        "CLD.6.3.1",
        &["applicability=applicable", "status=implemented"],
    );
    std::fs::read_to_string(dir.join("s.ron")).unwrap()
}

#[test]
fn a_27017_session_moves_onto_27001_2022_without_losing_a_decision() {
    let dir = tempfile::tempdir().unwrap();
    let before = workshop(dir.path());
    let out = gapwalk(
        dir.path(),
        &[
            "catalogue",
            "move",
            "s.ron",
            "--to",
            "iso27001-2022",
            "--out",
            "s2022.ron",
        ],
    );
    let err = stderr(&out);
    // 9.1.1 and 9.1.2 disagree on the status of 5.15: written, with a conflict to resolve.
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("5.15 from 9.1.1 + 9.1.2"), "{err}");
    assert!(err.contains("not carried"), "{err}");
    assert!(err.contains("CLD.6.3.1"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.ron")).unwrap(),
        before,
        "the source session is not touched"
    );

    let loaded = persist::load(&dir.path().join("s2022.ron")).expect("the moved session loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let s = &loaded.session;
    assert_eq!(s.catalogue.id, "iso27001-2022");
    assert_eq!(
        s.catalogue.hash,
        gapwalk::catalogue::embedded("iso27001-2022")
            .unwrap()
            .content_hash()
    );
    let a = |id: &str| {
        s.assessments
            .iter()
            .find(|a| a.control == id)
            .unwrap_or_else(|| panic!("{id} is assessed"))
    };
    // One source: copied whole.
    assert_eq!(a("5.1").justification, "Policy names cloud use.");
    assert_eq!(a("5.1").status.key(), "implemented");
    // Two sources that disagree: a recorded conflict, nothing chosen silently.
    let policy = a("5.15");
    assert!(
        policy.conflicts.iter().any(|c| c.field == "status"
            && [c.ours.as_str(), c.theirs.as_str()].contains(&"implemented")
            && [c.ours.as_str(), c.theirs.as_str()].contains(&"planned")),
        "{:?}",
        policy.conflicts
    );
    // Two sources that agree: one value, no conflict; a split control lands on both targets.
    assert!(a("8.8").conflicts.is_empty(), "{:?}", a("8.8").conflicts);
    assert_eq!(a("8.8").status.key(), "partial");
    assert_eq!(a("5.36").status.key(), "partial");
    // Every assessed control is somewhere: carried under a 2022 id or named as not carried.
    let record = s
        .decisions
        .iter()
        .find(|d| d.by == "gapwalk catalogue move")
        .expect("the move is in the decision log");
    assert!(record.text.contains("s.ron"), "{}", record.text);
    assert!(record.text.contains("CLD.6.3.1"), "{}", record.text);
    assert_eq!(s.assessments.len(), 4, "5.1, 5.15, 8.8 and 5.36");
}

#[test]
fn the_move_never_overwrites_and_needs_a_mapping() {
    let dir = tempfile::tempdir().unwrap();
    workshop(dir.path());
    std::fs::write(dir.path().join("taken.ron"), "keep me").unwrap();
    let out = gapwalk(
        dir.path(),
        &[
            "catalogue",
            "move",
            "s.ron",
            "--to",
            "iso27001-2022",
            "--out",
            "taken.ron",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("never overwrites"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("taken.ron")).unwrap(),
        "keep me"
    );
    // The 27001:2022 catalogue has no mapping back onto 27017.
    let moved = gapwalk(
        dir.path(),
        &[
            "catalogue",
            "move",
            "s.ron",
            "--to",
            "iso27001-2022",
            "--out",
            "s2022.ron",
        ],
    );
    assert_eq!(moved.status.code(), Some(1), "{}", stderr(&moved));
    let back = gapwalk(
        dir.path(),
        &[
            "catalogue",
            "move",
            "s2022.ron",
            "--to",
            "iso27017-2015",
            "--out",
            "back.ron",
        ],
    );
    assert_eq!(back.status.code(), Some(2));
    assert!(
        stderr(&back).contains("no ISO mapping"),
        "{}",
        stderr(&back)
    );
    assert!(!dir.path().join("back.ron").exists());
}
