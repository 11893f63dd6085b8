//! The walk's session settings (depth, timebox, agenda) as scripts, diffs and merges see them:
//! `gapwalk set FILE session …` records them, `diff` shows them, `merge` takes each side's change.

use std::path::Path;

use gapwalk::persist;
use gapwalk::walkplan::Depth;

fn run(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = crate::common::gapwalk(dir)
        .args(args)
        .output()
        .expect("run gapwalk");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(args: &[&str], dir: &Path) -> String {
    let (code, stdout, stderr) = run(args, dir);
    assert_eq!(code, 0, "gapwalk {args:?}: {stderr}");
    stdout
}

#[test]
fn depth_timebox_and_agenda_are_set_shown_by_diff_and_merged() {
    let dir = tempfile::tempdir().unwrap();
    ok(
        &["new", "s.ron", "--title", "T", "--provider", "AWS"],
        dir.path(),
    );
    std::fs::copy(dir.path().join("s.ron"), dir.path().join("base.ron")).unwrap();
    ok(
        &[
            "set",
            "s.ron",
            "session",
            "walk.depth=triage",
            "walk.timebox=4",
        ],
        dir.path(),
    );
    let loaded = persist::load(&dir.path().join("s.ron")).unwrap();
    assert_eq!(loaded.session.meta.walk_depth, Depth::Triage);
    assert_eq!(loaded.session.meta.timebox_minutes, Some(4));
    ok(
        &[
            "set",
            "s.ron",
            "9.2.3",
            "flagged=yes",
            "follow_up=Ask AWS for the SOC 2 bridge letter",
        ],
        dir.path(),
    );
    let (code, diff, _) = run(&["diff", "base.ron", "s.ron"], dir.path());
    assert_eq!(code, 1);
    assert!(diff.contains("follow_up"), "{diff}");
    assert!(diff.contains("SOC 2 bridge letter"), "{diff}");
    assert!(diff.contains("walk.depth"), "{diff}");
    assert!(diff.contains("triage"), "{diff}");
    assert!(diff.contains("walk.timebox"), "{diff}");

    // The other side of a merge sets the agenda; each side's change is kept.
    std::fs::copy(dir.path().join("base.ron"), dir.path().join("theirs.ron")).unwrap();
    ok(
        &[
            "set",
            "theirs.ron",
            "session",
            "agenda=CLD.6.3.1, logging-monitoring",
        ],
        dir.path(),
    );
    let (code, diff, _) = run(&["diff", "base.ron", "theirs.ron"], dir.path());
    assert_eq!(code, 1);
    assert!(diff.contains("agenda"), "{diff}");
    let (code, _, stderr) = run(&["merge", "base.ron", "s.ron", "theirs.ron"], dir.path());
    assert_eq!(code, 0, "{stderr}");
    let merged = persist::load(&dir.path().join("s.ron"))
        .unwrap()
        .session
        .meta;
    assert_eq!(merged.walk_depth, Depth::Triage);
    assert_eq!(merged.timebox_minutes, Some(4));
    assert_eq!(merged.agenda, ["CLD.6.3.1", "logging-monitoring"]);
    let merged = persist::load(&dir.path().join("s.ron")).unwrap();
    let a = merged
        .session
        .assessment("9.2.3", &merged.catalogue)
        .unwrap();
    assert_eq!(a.follow_up, "Ask AWS for the SOC 2 bridge letter");
}

#[test]
fn a_bad_timebox_or_depth_is_refused_and_the_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["new", "s.ron", "--title", "T"], dir.path());
    let before = std::fs::read(dir.path().join("s.ron")).unwrap();
    for bad in ["walk.timebox=soon", "walk.timebox=0", "walk.depth=deep"] {
        let (code, _, stderr) = run(&["set", "s.ron", "session", bad], dir.path());
        assert_eq!(code, 2, "{bad}: {stderr}");
        assert!(stderr.contains("not changed"), "{stderr}");
    }
    assert_eq!(std::fs::read(dir.path().join("s.ron")).unwrap(), before);
}
