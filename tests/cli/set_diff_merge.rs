//! `gapwalk set`, `diff` and `merge` run as scripts run them: the built binary on real files.
//! Every way `set` can be told something wrong exits 2 and leaves the file byte for byte as it
//! was; `diff` and `merge` keep their exit-code contracts.

use std::path::{Path, PathBuf};

use crate::common::Run;

fn gapwalk_env(args: &[&str], dir: &Path, user: Option<&str>) -> Run {
    let mut cmd = crate::common::gapwalk(dir);
    cmd.args(args);
    match user {
        Some(u) => cmd.env("USER", u),
        None => cmd.env_remove("USER"),
    };
    crate::common::run(&mut cmd)
}

fn gapwalk(args: &[&str], dir: &Path) -> Run {
    gapwalk_env(args, dir, Some("tester"))
}

fn ok(args: &[&str], dir: &Path) -> Run {
    let run = gapwalk(args, dir);
    assert_eq!(run.code, 0, "gapwalk {args:?}: {}", run.stderr);
    run
}

/// A session with two providers (and a facilitator when `facilitator` is given).
fn session(dir: &Path, name: &str, facilitator: Option<&str>) -> PathBuf {
    let mut args = vec![
        "new",
        name,
        "--title",
        "Quarterly review",
        "--provider",
        "AWS",
        "--provider",
        "Google Cloud",
    ];
    if let Some(f) = facilitator {
        args.extend(["--facilitator", f]);
    }
    ok(&args, dir);
    dir.join(name)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn set_records_fields_in_the_files_words_and_stays_canonical() {
    let dir = tempfile::tempdir().unwrap();
    let file = session(dir.path(), "s.ron", Some("Ana Lima"));
    ok(
        &[
            "set",
            "s.ron",
            "cld.9.5.1",
            "Applicability=Applicable",
            "status=Not-Implemented",
            "reason=legal-regulatory,RISK_ASSESSMENT",
            "justification=Tenants share hardware",
            "holder=Shared_Provider_Third_Party",
            "provider_owner=GCP security",
            "remediation.due=2027-03-31",
            "remediation-priority=HIGH",
            "next_review=2027-06-01",
            "flag=yes",
            "evidence+=SEC-142",
            "--provider",
            "google cloud",
        ],
        dir.path(),
    );
    let text = read(&file);
    for expected in [
        "control: \"CLD.9.5.1\"",
        "applicability: applicable",
        "reasons: [\n                risk_assessment,\n                legal_regulatory,\n            ]",
        "status: not_implemented",
        "provider: \"Google Cloud\"",
        "holder: shared_provider_third_party",
        "provider_owner: \"GCP security\"",
        "due: Some(\"2027-03-31\")",
        "priority: high",
        "next_review: Some(\"2027-06-01\")",
        "flagged: true",
        "kind: ticket",
        "location: \"SEC-142\"",
        "changed_by: \"Ana Lima\"",
        "changed_at: Some(\"",
    ] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
    assert!(
        !text.contains("provider: \"AWS\",\n                    holder"),
        "only the named line"
    );
    ok(&["fmt", "--check", "s.ron"], dir.path());
    assert!(
        dir.path().join("s.ron.bak").exists(),
        "the previous file is kept"
    );
    // Removing works in the same words.
    ok(
        &[
            "set",
            "s.ron",
            "CLD.9.5.1",
            "remediation=none",
            "evidence-=SEC-142",
            "flagged=false",
        ],
        dir.path(),
    );
    let text = read(&file);
    assert!(
        !text.contains("remediation:") && !text.contains("SEC-142") && !text.contains("flagged")
    );
}

#[test]
fn set_names_who_changed_it_from_by_then_facilitator_then_user() {
    let dir = tempfile::tempdir().unwrap();
    let with = session(dir.path(), "with.ron", Some("Ana Lima"));
    let without = session(dir.path(), "without.ron", None);
    ok(
        &[
            "set",
            "with.ron",
            "5.1.1",
            "status=planned",
            "--by",
            "Chen Wei",
        ],
        dir.path(),
    );
    assert!(read(&with).contains("changed_by: \"Chen Wei\""));
    ok(&["set", "with.ron", "5.1.2", "status=planned"], dir.path());
    assert!(read(&with).contains("changed_by: \"Ana Lima\""));
    ok(
        &["set", "without.ron", "5.1.1", "status=planned"],
        dir.path(),
    );
    assert!(read(&without).contains("changed_by: \"tester\""));
}

#[test]
fn one_provider_needs_no_provider_flag_and_repeating_a_value_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["new", "one.ron", "--provider", "AWS"], dir.path());
    ok(
        &[
            "set",
            "one.ron",
            "9.2.3",
            "holder=customer",
            "customer_owner=Bruno",
        ],
        dir.path(),
    );
    let before = read(&dir.path().join("one.ron"));
    assert!(before.contains("provider: \"AWS\"") && before.contains("holder: customer"));
    std::fs::remove_file(dir.path().join("one.ron.bak")).unwrap();
    let again = ok(&["set", "one.ron", "9.2.3", "holder=Customer"], dir.path());
    assert!(
        again.stderr.contains("nothing to change"),
        "{}",
        again.stderr
    );
    assert_eq!(read(&dir.path().join("one.ron")), before);
    assert!(
        !dir.path().join("one.ron.bak").exists(),
        "nothing was written"
    );
}

#[test]
fn every_bad_set_exits_2_says_what_is_valid_and_leaves_the_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = session(dir.path(), "s.ron", Some("Ana Lima"));
    ok(&["set", "s.ron", "9.2.3", "status=partial"], dir.path());
    let before = std::fs::read(&file).unwrap();
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["9.2.3", "colour=red"],
            &[
                "unknown key \"colour\"",
                "applicability",
                "customer_owner",
                "remediation.due",
            ],
        ),
        (
            &["9.2.3", "status=done"],
            &[
                "status: \"done\" is not valid",
                "implemented, partial, planned, not_implemented",
            ],
        ),
        (
            &["9.2.3", "applicability=maybe"],
            &["applicable, not_applicable"],
        ),
        (
            &["9.2.3", "reasons=whim"],
            &["risk_assessment, legal_regulatory, contractual, business_need"],
        ),
        (
            &["9.2.3", "next_review=soon"],
            &["next_review: \"soon\" is not valid", "YYYY-MM-DD"],
        ),
        (&["9.2.3", "remediation.due=2027-02-30"], &["YYYY-MM-DD"]),
        (
            &["9.2.3", "remediation.priority=urgent"],
            &["low, medium, high, critical"],
        ),
        (&["9.2.3", "flagged=perhaps"], &["true or false"]),
        (
            &["9.2.3", "holder=nobody", "--provider", "AWS"],
            &["customer, provider, shared"],
        ),
        (
            &["9.2.3", "remediation=(action: 3)"],
            &["expected none, or a record"],
        ),
        (&["9.2.3", "status"], &["is not KEY=VALUE"]),
        (&["9.2.3", "evidence=https://x"], &["evidence+=LOCATION"]),
        (
            &["9.2.3", "evidence-=https://nowhere"],
            &["no evidence at \"https://nowhere\""],
        ),
        (&["9.2.3", "evidence+="], &["needs a location"]),
        (
            &["9.2.3", "customer_owner=Bruno"],
            &["several providers (AWS, Google Cloud)", "--provider"],
        ),
        (
            &["9.2.3", "holder=shared", "--provider", "Azure"],
            &["\"Azure\" is not in scope", "AWS, Google Cloud"],
        ),
        (
            &["99.1.1", "status=planned"],
            &["unknown control id \"99.1.1\"", "iso27017-2015"],
        ),
        // One bad assignment stops the good ones before it too.
        (
            &["9.2.3", "status=implemented", "status=finished"],
            &["\"finished\" is not valid"],
        ),
    ];
    for (args, expected) in cases {
        let mut full = vec!["set", "s.ron"];
        full.extend_from_slice(args);
        let run = gapwalk(&full, dir.path());
        assert_eq!(run.code, 2, "{args:?} should fail: {}", run.stderr);
        for e in *expected {
            assert!(
                run.stderr.contains(e),
                "{args:?}: {e:?} not in {}",
                run.stderr
            );
        }
        assert_eq!(
            std::fs::read(&file).unwrap(),
            before,
            "{args:?} changed the file"
        );
    }
    let run = gapwalk(&["set", "s.ron", "9.2.3"], dir.path());
    assert_eq!(run.code, 2, "no assignment is a usage error");
    let run = gapwalk(
        &["set", "missing.ron", "9.2.3", "status=planned"],
        dir.path(),
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("missing.ron"));
    std::fs::write(dir.path().join("bad.ron"), "(format_version: 1, meta: (").unwrap();
    let run = gapwalk(&["set", "bad.ron", "9.2.3", "status=planned"], dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("bad.ron:1:"), "{}", run.stderr);
    assert_eq!(
        read(&dir.path().join("bad.ron")),
        "(format_version: 1, meta: ("
    );
}

#[test]
fn diff_exits_0_for_the_same_session_1_for_changes_2_for_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    session(dir.path(), "a.ron", Some("Ana Lima"));
    std::fs::copy(dir.path().join("a.ron"), dir.path().join("b.ron")).unwrap();
    let same = gapwalk(&["diff", "a.ron", "b.ron"], dir.path());
    assert_eq!(
        (same.code, same.stdout.as_str()),
        (0, ""),
        "{}",
        same.stderr
    );
    ok(&["set", "b.ron", "9.4.1", "status=planned"], dir.path());
    let changed = gapwalk(&["diff", "a.ron", "b.ron"], dir.path());
    assert_eq!(changed.code, 1, "{}", changed.stderr);
    assert!(changed.stdout.contains("status: unknown → planned"));
    let json = gapwalk(&["diff", "a.ron", "b.ron", "--format", "json"], dir.path());
    assert_eq!(json.code, 1);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["equal"], false);
    assert!(
        value["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["field"] == "status"
                && c["control"] == "9.4.1"
                && c["old"] == "unknown"
                && c["new"] == "planned")
    );
    std::fs::write(dir.path().join("bad.ron"), "(format_version: 9)").unwrap();
    let bad = gapwalk(&["diff", "a.ron", "bad.ron"], dir.path());
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("format_version 9"), "{}", bad.stderr);
    let usage = gapwalk(&["diff", "a.ron", "b.ron", "c.ron"], dir.path());
    assert_eq!(usage.code, 2);
    assert!(usage.stderr.contains("seven arguments"), "{}", usage.stderr);
}

#[test]
fn diff_as_a_driver_reads_dev_null_as_no_session_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    session(dir.path(), "a.ron", Some("Ana Lima"));
    let added = gapwalk(
        &[
            "diff",
            "s.ron",
            "/dev/null",
            ".",
            ".",
            "a.ron",
            "abc",
            "100644",
        ],
        dir.path(),
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    assert!(
        added
            .stdout
            .starts_with("gapwalk diff s.ron\n  (new session file)\n"),
        "{}",
        added.stdout
    );
    assert!(added.stdout.contains("provider added: Google Cloud"));
    let deleted = gapwalk(
        &[
            "diff",
            "s.ron",
            "a.ron",
            "abc",
            "100644",
            "/dev/null",
            ".",
            ".",
        ],
        dir.path(),
    );
    assert_eq!(deleted.code, 0, "{}", deleted.stderr);
    assert!(deleted.stdout.contains("(session file deleted)"));
    assert!(
        deleted
            .stdout
            .contains("\"Quarterly review\": 0 assessed control(s)")
    );
}

#[test]
fn merge_writes_ours_and_exits_by_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let base = session(dir.path(), "base.ron", Some("Ana Lima"));
    for side in ["ours.ron", "theirs.ron", "clean.ron"] {
        std::fs::copy(&base, dir.path().join(side)).unwrap();
    }
    ok(&["set", "ours.ron", "9.2.3", "status=planned"], dir.path());
    ok(
        &["set", "clean.ron", "12.3.1", "status=planned"],
        dir.path(),
    );
    ok(
        &["set", "theirs.ron", "9.2.3", "status=implemented"],
        dir.path(),
    );
    // Clean: written to --out, ours untouched.
    let ours_before = std::fs::read(dir.path().join("ours.ron")).unwrap();
    let clean = gapwalk(
        &[
            "merge",
            "base.ron",
            "ours.ron",
            "clean.ron",
            "--out",
            "merged.ron",
        ],
        dir.path(),
    );
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    assert_eq!(
        std::fs::read(dir.path().join("ours.ron")).unwrap(),
        ours_before
    );
    let merged = read(&dir.path().join("merged.ron"));
    assert!(merged.contains("control: \"9.2.3\"") && merged.contains("control: \"12.3.1\""));
    // Conflict: exit 1, recorded in ours, which stays a valid canonical session. A merge
    // driver writes into git's temporary file, so it leaves no backup beside it.
    std::fs::remove_file(dir.path().join("ours.ron.bak")).unwrap();
    let conflict = gapwalk(&["merge", "base.ron", "ours.ron", "theirs.ron"], dir.path());
    assert_eq!(conflict.code, 1, "{}", conflict.stderr);
    assert!(
        conflict.stderr.contains("9.2.3: merge conflict on status"),
        "{}",
        conflict.stderr
    );
    let text = read(&dir.path().join("ours.ron"));
    assert!(text.contains("theirs: \"implemented\""), "{text}");
    ok(&["fmt", "--check", "ours.ron"], dir.path());
    assert!(!dir.path().join("ours.ron.bak").exists());
}

#[test]
fn merge_refuses_other_catalogues_and_unreadable_sides_without_touching_ours() {
    let dir = tempfile::tempdir().unwrap();
    session(dir.path(), "base.ron", None);
    std::fs::copy(dir.path().join("base.ron"), dir.path().join("ours.ron")).unwrap();
    ok(
        &["new", "annex.ron", "--catalogue", "iso27001-2022"],
        dir.path(),
    );
    std::fs::write(dir.path().join("broken.ron"), "(format_version: 1,").unwrap();
    let before = std::fs::read(dir.path().join("ours.ron")).unwrap();
    let other = gapwalk(&["merge", "base.ron", "ours.ron", "annex.ron"], dir.path());
    assert_eq!(other.code, 2);
    assert!(
        other.stderr.contains("different catalogues"),
        "{}",
        other.stderr
    );
    assert!(other.stderr.contains("iso27001-2022"));
    let broken = gapwalk(&["merge", "base.ron", "ours.ron", "broken.ron"], dir.path());
    assert_eq!(broken.code, 2);
    assert!(broken.stderr.contains("(theirs)"), "{}", broken.stderr);
    assert!(broken.stderr.contains("not changed"));
    assert_eq!(std::fs::read(dir.path().join("ours.ron")).unwrap(), before);
}
