//! Session format version 2: files from version 1 are migrated on load (every command, the
//! merge driver's base and sides), the canonical writer writes version 2, a newer version is
//! refused naming both, and every field version 2 added is set by `gapwalk set`, shown by
//! `diff` and merged by `merge`.

use crate::common::Run;

use std::path::Path;

use gapwalk::fields::FieldKey;
use gapwalk::persist;

fn gapwalk(args: &[&str], dir: &Path) -> Run {
    crate::common::run(crate::common::gapwalk(dir).args(args))
}

fn ok(args: &[&str], dir: &Path) -> Run {
    let run = gapwalk(args, dir);
    assert_eq!(run.code, 0, "gapwalk {args:?}: {}", run.stderr);
    run
}

/// A session as gapwalk 0.1 wrote it (format_version 1: no id, no document control).
const V1: &str = r#"(
    format_version: 1,
    meta: (
        title: "Old review",
        scope: "Payroll SaaS",
        role: csc,
        providers: [
            (
                name: "AWS",
            ),
        ],
        created: "2025-11-20T09:00:00Z",
        updated: "2025-11-21T16:30:00Z",
    ),
    catalogue: (
        id: "iso27017-2015",
        version: "2015",
        hash: "sha256:de15b4d9190f543befcff1cacd9cbd880c8d3150b99fac9b46d8a80758431572",
    ),
    assessments: [
        (
            control: "9.2.3",
            applicability: applicable,
            reasons: [
                risk_assessment,
            ],
            justification: "Admin rights are the crown jewels",
            responsibilities: [
                (
                    provider: "AWS",
                    holder: shared,
                    customer_owner: "Ana",
                ),
            ],
            status: partial,
        ),
    ],
)
"#;

fn field(text: &str, name: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix(&format!("{name}: ")))
        .map(|v| v.trim_end_matches(',').trim_matches('"').to_string())
}

#[test]
fn a_version_1_file_is_migrated_on_load_and_written_as_version_2_with_a_stable_id() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.ron", "b.ron"] {
        std::fs::write(dir.path().join(name), V1).unwrap();
    }
    // Reading commands accept it and leave it alone.
    let check = gapwalk(&["check", "a.ron"], dir.path());
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.ron")).unwrap(),
        V1
    );
    // `fmt --check` says it is not canonical: the canonical form is version 2.
    assert_eq!(gapwalk(&["fmt", "--check", "a.ron"], dir.path()).code, 1);
    ok(&["fmt", "a.ron"], dir.path());
    ok(&["fmt", "b.ron"], dir.path());
    let a = std::fs::read_to_string(dir.path().join("a.ron")).unwrap();
    let b = std::fs::read_to_string(dir.path().join("b.ron")).unwrap();
    assert!(
        a.starts_with("(\n    format_version: 2,\n    id: \""),
        "{a}"
    );
    let id = field(&a, "id").unwrap();
    assert!(gapwalk::session::is_uuid(&id), "{id}");
    assert_eq!(
        a, b,
        "two copies of one old session migrate to the same file"
    );
    assert!(a.contains("justification: \"Admin rights are the crown jewels\""));
    assert!(a.contains("customer_owner: \"Ana\""));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.ron.bak")).unwrap(),
        V1
    );
}

#[test]
fn new_sessions_get_different_ids_that_every_later_write_keeps() {
    let dir = tempfile::tempdir().unwrap();
    ok(
        &["new", "x.ron", "--title", "T", "--provider", "AWS"],
        dir.path(),
    );
    ok(
        &["new", "y.ron", "--title", "T", "--provider", "AWS"],
        dir.path(),
    );
    let id = |name: &str| {
        field(
            &std::fs::read_to_string(dir.path().join(name)).unwrap(),
            "id",
        )
    };
    let x = id("x.ron").unwrap();
    assert_ne!(Some(x.clone()), id("y.ron"));
    ok(&["set", "x.ron", "9.2.3", "status=partial"], dir.path());
    ok(&["approve", "x.ron", "--by", "Ana"], dir.path());
    assert_eq!(id("x.ron"), Some(x));
}

#[test]
fn a_newer_version_is_refused_naming_both_versions_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = V1.replace("format_version: 1,", "format_version: 3,");
    std::fs::write(dir.path().join("n.ron"), &text).unwrap();
    for args in [
        vec!["check", "n.ron"],
        vec!["fmt", "n.ron"],
        vec!["set", "n.ron", "9.2.3", "status=planned"],
        vec!["approve", "n.ron", "--by", "Ana"],
    ] {
        let run = gapwalk(&args, dir.path());
        assert_eq!(run.code, 2, "{args:?}");
        assert!(
            run.stderr.contains("format_version 3") && run.stderr.contains("format_version 2"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("n.ron")).unwrap(),
            text
        );
    }
}

#[test]
fn the_merge_driver_migrates_an_older_base() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.ron"), V1).unwrap();
    for side in ["ours.ron", "theirs.ron"] {
        std::fs::write(dir.path().join(side), V1).unwrap();
        ok(&["fmt", side], dir.path());
    }
    ok(
        &[
            "set",
            "ours.ron",
            "9.2.3",
            "documents+=Access control policy",
        ],
        dir.path(),
    );
    ok(
        &[
            "set",
            "theirs.ron",
            "9.2.3",
            "documents+=Joiners and leavers procedure",
            "accountable_owner=Ana Lima",
        ],
        dir.path(),
    );
    let merged = ok(&["merge", "base.ron", "ours.ron", "theirs.ron"], dir.path());
    let text = std::fs::read_to_string(dir.path().join("ours.ron")).unwrap();
    assert!(
        text.starts_with("(\n    format_version: 2,\n    id: \""),
        "{text}"
    );
    assert!(text.contains("\"Access control policy\""), "{text}");
    assert!(text.contains("\"Joiners and leavers procedure\""), "{text}");
    assert!(text.contains("accountable_owner: \"Ana Lima\""), "{text}");
    assert!(!text.contains("conflicts"), "{}", merged.stderr);
}

#[test]
fn every_new_field_is_set_shown_by_diff_and_classed() {
    let dir = tempfile::tempdir().unwrap();
    ok(
        &["new", "s.ron", "--title", "T", "--provider", "AWS"],
        dir.path(),
    );
    std::fs::copy(dir.path().join("s.ron"), dir.path().join("before.ron")).unwrap();
    ok(
        &[
            "set",
            "s.ron",
            "9.2.3",
            "applicability=applicable",
            "accountable_owner=Ana Lima",
            "documents=Access policy; Admin procedure",
            "risks+=R-12",
            "risks+=R-7",
            "holder=shared",
            "provider_assurance=SOC 2 Type II, Oct 2025 to Sep 2026",
            "reviewed=yes",
            "reconfirm=true",
        ],
        dir.path(),
    );
    ok(
        &[
            "set",
            "s.ron",
            "13.2.2",
            "applicability=not_applicable",
            "exclusion_reasons=no_asset_or_activity, risk_not_present",
        ],
        dir.path(),
    );
    ok(
        &[
            "set",
            "s.ron",
            "session",
            "document.id=ISMS-SOA-001",
            "document.version=1.2",
            "document.classification=confidential",
            "document.owner=Ana Lima",
        ],
        dir.path(),
    );
    let diff = gapwalk(&["diff", "before.ron", "s.ron"], dir.path());
    assert_eq!(diff.code, 1, "{}", diff.stderr);
    for shown in [
        "accountable_owner",
        "Access policy",
        "Admin procedure",
        "R-12",
        "provider assurance SOC 2 Type II",
        "reviewed_by",
        "reviewed_on",
        "reconfirm",
        "no_asset_or_activity, risk_not_present",
        "document.id",
        "ISMS-SOA-001",
        "document.classification",
        "document.owner",
    ] {
        assert!(
            diff.stdout.contains(shown),
            "diff lacks {shown}:\n{}",
            diff.stdout
        );
    }
    let loaded = persist::load(&dir.path().join("s.ron")).unwrap();
    let a = &loaded.session.assessments[0];
    assert_eq!(a.documents, ["Access policy", "Admin procedure"]);
    assert_eq!(a.risks, ["R-12", "R-7"]);
    assert_eq!(a.reviewed_by, "tester");
    assert!(a.reconfirm);
    // A list item can be taken out again; an item that is not there is an error, file untouched.
    ok(&["set", "s.ron", "9.2.3", "risks-=R-12"], dir.path());
    let before = std::fs::read_to_string(dir.path().join("s.ron")).unwrap();
    let bad = gapwalk(&["set", "s.ron", "9.2.3", "risks-=R-99"], dir.path());
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("R-7"), "{}", bad.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.ron")).unwrap(),
        before
    );
    // Each new field is classed: risk references and the re-confirm mark are internal, the
    // columns an auditor reads are external.
    for (key, internal) in [
        (FieldKey::Risks, true),
        (FieldKey::Reconfirm, true),
        (FieldKey::AccountableOwner, false),
        (FieldKey::Documents, false),
        (FieldKey::ProviderAssurance, false),
        (FieldKey::ReviewedBy, false),
        (FieldKey::ExclusionReasons, false),
    ] {
        assert_eq!(key.is_internal(), internal, "{}", key.name());
    }
}
