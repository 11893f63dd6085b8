//! The headless commands of the core, run as a user runs them: the built binary on real files.

use crate::common::Run;

use std::path::{Path, PathBuf};

fn gapwalk(args: &[&str], dir: &Path) -> Run {
    crate::common::run(crate::common::gapwalk(dir).args(args))
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn new_session(dir: &Path) -> PathBuf {
    let run = gapwalk(
        &[
            "new",
            "s.ron",
            "--title",
            "Quarterly review",
            "--org",
            "Acme",
            "--role",
            "csc",
            "--provider",
            "AWS",
            "--provider",
            "Google Cloud",
        ],
        dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir.join("s.ron")
}

#[test]
fn new_creates_a_private_canonical_session_and_refuses_to_overwrite() {
    let dir = temp();
    let file = new_session(dir.path());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with("(\n    format_version: 2,\n    id: \""),
        "{text}"
    );
    assert!(text.contains("title: \"Quarterly review\""));
    assert!(text.contains("name: \"Google Cloud\""));
    assert!(text.contains("id: \"iso27017-2015\""));
    assert!(text.contains("hash: \"sha256:"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a gap register is readable by its owner only");
    }
    assert_eq!(gapwalk(&["fmt", "--check", "s.ron"], dir.path()).code, 0);
    let again = gapwalk(&["new", "s.ron"], dir.path());
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn new_session_on_the_2022_catalogue() {
    let dir = temp();
    let run = gapwalk(
        &["new", "a.ron", "--catalogue", "iso27001-2022"],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stats = gapwalk(&["stats", "a.ron", "--format", "json"], dir.path());
    let json: serde_json::Value = serde_json::from_str(&stats.stdout).unwrap();
    assert_eq!(json["total"], 93);
}

#[test]
fn check_counts_unassessed_controls_as_findings() {
    let dir = temp();
    new_session(dir.path());
    let run = gapwalk(&["check", "s.ron", "--as-of", "2026-11-25"], dir.path());
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout
            .lines()
            .filter(|l| l.contains(": unassessed:"))
            .count(),
        132
    );
    assert!(run.stdout.contains("s.ron: CLD.13.1.4: unassessed:"));
    assert!(run.stderr.contains("132 unassessed"));
}

#[test]
fn check_reports_incomplete_and_stale_records_and_passes_a_complete_one() {
    let dir = temp();
    let cat = gapwalk::catalogue::embedded("iso27001-2022").unwrap();
    let mut s = gapwalk::session::Session::new(
        "t",
        &cat,
        gapwalk::session::Timestamp::from_unix(0).unwrap(),
    );
    s.meta.providers.push(gapwalk::session::Provider {
        name: "AWS".into(),
        services: vec![],
    });
    use gapwalk::session::*;
    let date = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    s.meta.scope = "Payroll service".into();
    for c in &cat.controls {
        let mut a = Assessment::new(&c.id);
        a.applicability = Applicability::NotApplicable;
        a.exclusion_reasons = vec![Exclusion::NoAssetOrActivity];
        a.justification = "Out of scope: no premises".into();
        s.assessments.push(a);
    }
    let a = &mut s.assessments[14]; // 5.15 Access control
    a.applicability = Applicability::Applicable;
    a.exclusion_reasons.clear();
    a.reasons = vec![Reason::RiskAssessment];
    a.status = Status::Implemented;
    a.justification = "Risk R-3".into();
    a.accountable_owner = "Ana".into();
    a.change_trigger = "new account or role model".into();
    a.escalation = "CISO".into();
    a.next_review = Some(date("2026-01-01"));
    a.evidence.push(Evidence {
        kind: EvidenceKind::Url,
        location: "https://wiki/iam".into(),
        as_of: Some(date("2024-06-01")),
        ..Evidence::default()
    });
    let r = a.responsibility_mut("AWS");
    r.holder = Holder::Shared;
    r.customer_owner = "Ana".into();
    r.inherited = "IAM service".into();
    r.customer_duty = "roles and reviews".into();
    r.provider_evidence = "SOC 2".into();
    gapwalk::persist::save(&dir.path().join("s.ron"), &s).unwrap();

    let run = gapwalk(&["check", "s.ron", "--as-of", "2026-11-25"], dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    let kinds: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split(": ").nth(2).unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["missing-provider-owner", "stale-evidence", "review-overdue"]
    );
    assert!(run.stdout.contains("s.ron: 5.15: missing-provider-owner:"));

    // Fix all three and the same check passes.
    let a = &mut s.assessments[14];
    a.responsibility_mut("AWS").provider_owner = "AWS IAM team".into();
    a.evidence[0].as_of = Some(date("2026-10-01"));
    a.next_review = Some(date("2027-06-01"));
    gapwalk::persist::save(&dir.path().join("s.ron"), &s).unwrap();
    let run = gapwalk(&["check", "s.ron", "--as-of", "2026-11-25"], dir.path());
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn stats_json_has_totals() {
    let dir = temp();
    new_session(dir.path());
    let run = gapwalk(&["stats", "s.ron", "--format", "json"], dir.path());
    assert_eq!(run.code, 0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["total"], 132);
    assert_eq!(json["assessed"], 0);
    assert_eq!(json["gaps"], 0);
    assert_eq!(json["by_clause"].as_array().unwrap().len(), 15);
    let text = gapwalk(&["stats", "s.ron"], dir.path());
    assert!(text.stdout.contains("assessed      0/132 (0%)"));
}

#[test]
fn fmt_rewrites_to_canonical_form_and_check_mode_reports_it() {
    let dir = temp();
    let file = new_session(dir.path());
    let canonical = std::fs::read_to_string(&file).unwrap();
    let messy = canonical.replace("\n    ", "\n  ").replace(",\n)", "\n)");
    std::fs::write(&file, &messy).unwrap();
    let check = gapwalk(&["fmt", "--check", "s.ron"], dir.path());
    assert_eq!(check.code, 1);
    assert!(check.stderr.contains("not in canonical form"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), messy);
    assert_eq!(gapwalk(&["fmt", "s.ron"], dir.path()).code, 0);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), canonical);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.ron.bak")).unwrap(),
        messy,
        "the previous version is kept as a backup"
    );
}

/// Each bad file gives exit 2, a message with file:line:column, and is left untouched.
fn assert_rejected(content: &[u8], expect_location: &str, expect_words: &str) {
    let dir = temp();
    let file = dir.path().join("bad.ron");
    std::fs::write(&file, content).unwrap();
    for args in [
        vec!["check", "bad.ron"],
        vec!["stats", "bad.ron"],
        vec!["fmt", "bad.ron"],
    ] {
        let run = gapwalk(&args, dir.path());
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(expect_location),
            "{args:?}: {} lacks {expect_location}",
            run.stderr
        );
        assert!(
            run.stderr.contains(expect_words),
            "{args:?}: {} lacks {expect_words}",
            run.stderr
        );
        assert_eq!(std::fs::read(&file).unwrap(), content, "file untouched");
        assert!(!dir.path().join("bad.ron.bak").exists());
    }
}

fn valid_text() -> String {
    let dir = temp();
    let file = new_session(dir.path());
    std::fs::read_to_string(file).unwrap()
}

#[test]
fn empty_file_is_rejected() {
    assert_rejected(b"", "bad.ron:1:1:", "empty");
}

#[test]
fn truncated_file_is_rejected() {
    let text = valid_text();
    let cut = &text[..text.len() / 2];
    let lines = cut.lines().count();
    assert_rejected(cut.as_bytes(), &format!("bad.ron:{lines}:"), "truncated");
}

#[test]
fn random_bytes_are_rejected() {
    let junk: Vec<u8> = (0..400u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert_rejected(&junk, "bad.ron:1:", "not UTF-8");
    assert_rejected(b"{\"json\": true}", "bad.ron:1:1:", "Expected");
}

#[test]
fn unknown_field_is_rejected_with_its_line() {
    let text = valid_text().replace(
        "        role: csc,\n",
        "        role: csc,\n        colour: \"red\",\n",
    );
    let line = text.lines().position(|l| l.contains("colour")).unwrap() + 1;
    assert_rejected(
        text.as_bytes(),
        &format!("bad.ron:{line}:9:"),
        "unknown field `colour`",
    );
}

#[test]
fn wrong_enum_value_is_rejected_with_the_choices() {
    let text = valid_text().replace("role: csc,", "role: customer,");
    let line = text.lines().position(|l| l.contains("customer")).unwrap() + 1;
    assert_rejected(
        text.as_bytes(),
        &format!("bad.ron:{line}:15:"),
        "expected one of: csc, csp, both",
    );
}

#[test]
fn unknown_control_id_is_rejected() {
    let text = valid_text().replace(
        "    catalogue: (",
        "    resume_at: Some(\"CLD.13.1.1\"),\n    catalogue: (",
    );
    let text = text.replace("    resume_at: Some(\"CLD.13.1.1\"),\n", "") + "";
    // Put the bad id in an assessment, after the catalogue block.
    let text = text.trim_end().trim_end_matches(')').to_string()
        + "    assessments: [\n        (\n            control: \"CLD.13.1.1\",\n        ),\n    ],\n)\n";
    let line = text.lines().position(|l| l.contains("CLD.13.1.1")).unwrap() + 1;
    assert_rejected(
        text.as_bytes(),
        &format!("bad.ron:{line}:22:"),
        "unknown control id \"CLD.13.1.1\"",
    );
}

#[test]
fn newer_format_version_is_refused_naming_both_versions() {
    let text = valid_text().replace("format_version: 2,", "format_version: 7,");
    assert_rejected(text.as_bytes(), "bad.ron", "format_version 7");
    assert_rejected(text.as_bytes(), "bad.ron", "format_version 2 and older");
}

#[test]
fn catalogue_list_and_show() {
    let dir = temp();
    let list = gapwalk(&["catalogue", "list"], dir.path());
    assert_eq!(list.code, 0);
    assert!(list.stdout.contains("iso27017-2015\t132 controls"));
    assert!(list.stdout.contains("iso27001-2022\t93 controls"));
    let show = gapwalk(
        &["catalogue", "show", "iso27017-2015", "--format", "json"],
        dir.path(),
    );
    assert_eq!(show.code, 0);
    let json: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    let controls = json.as_array().unwrap();
    assert_eq!(controls.len(), 132);
    let cld = controls.iter().find(|c| c["id"] == "CLD.9.5.1").unwrap();
    assert_eq!(cld["clause"], "9");
    assert_eq!(cld["category"], "CLD.9.5");
    assert_eq!(cld["guidance"], "provider");
    assert_eq!(cld["mapping"], "gapwalk");
    assert!(!cld["iso27001_2022"].as_array().unwrap().is_empty());
    assert!(
        cld["themes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "virtualisation")
    );
    let text = gapwalk(&["catalogue", "show", "iso27017-2015"], dir.path());
    assert!(text.stdout.contains("CLD.13.1.4"));
    let missing = gapwalk(&["catalogue", "show", "nist"], dir.path());
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("no catalogue named \"nist\""));
}

#[test]
fn catalogue_check_locates_each_problem() {
    let dir = temp();
    let file = dir.path().join("mine.ron");
    std::fs::write(
        &file,
        r#"(
    format_version: 1,
    id: "mine",
    version: "1",
    title: "Our controls",
    clauses: [(id: "1", title: "One")],
    controls: [
        (id: "A-1", title: "First", clause: "1", iso27001_2022: ["5.1"]),
        (id: "A-2", title: "", clause: "1"),
        (id: "A-1", title: "Again", clause: "1"),
        (id: "A-3", title: "Third", clause: "1", iso27001_2022: ["5.99"]),
    ],
)
"#,
    )
    .unwrap();
    let run = gapwalk(&["catalogue", "check", "mine.ron"], dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(lines[0].starts_with("mine.ron:9:14: control A-2 has no title"));
    assert!(lines[1].starts_with("mine.ron:10:14: duplicate control id \"A-1\""));
    assert!(lines[2].starts_with("mine.ron:11:66: control A-3 maps to \"5.99\""));
    // A catalogue that checks clean can run a session.
    let good = gapwalk(&["catalogue", "check", "mine.ron"], dir.path());
    assert_eq!(good.code, 1);
    std::fs::write(
        &file,
        std::fs::read_to_string(&file)
            .unwrap()
            .replace("title: \"\"", "title: \"Second\"")
            .replace("(id: \"A-1\", title: \"Again\", clause: \"1\"),\n", "")
            .replace("5.99", "8.34"),
    )
    .unwrap();
    let ok = gapwalk(&["catalogue", "check", "mine.ron"], dir.path());
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    let new = gapwalk(&["new", "m.ron", "--catalogue", "mine.ron"], dir.path());
    assert_eq!(new.code, 0, "{}", new.stderr);
    let stats = gapwalk(&["stats", "m.ron", "--format", "json"], dir.path());
    assert_eq!(stats.code, 0, "{}", stats.stderr);
    assert!(stats.stdout.contains("\"total\": 3"));
    let syntax = dir.path().join("broken.ron");
    std::fs::write(&syntax, "(format_version: 1, id: \"x\",").unwrap();
    let run = gapwalk(&["catalogue", "check", "broken.ron"], dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("broken.ron:1:"));
}

#[test]
fn every_command_has_help() {
    let dir = temp();
    for args in [
        vec!["--help"],
        vec!["new", "--help"],
        vec!["open", "--help"],
        vec!["check", "--help"],
        vec!["stats", "--help"],
        vec!["fmt", "--help"],
        vec!["catalogue", "--help"],
        vec!["catalogue", "show", "--help"],
        vec!["catalogue", "check", "--help"],
    ] {
        let run = gapwalk(&args, dir.path());
        assert_eq!(run.code, 0, "{args:?}");
        assert!(run.stdout.contains("Usage:"), "{args:?}");
    }
    let bad = gapwalk(&["check"], dir.path());
    assert_eq!(bad.code, 2, "usage errors exit 2");
}

#[test]
fn a_catalogue_in_the_user_folder_is_found_by_its_id_whatever_its_file_name() {
    let dir = temp();
    let folder = dir.path().join("config/gapwalk/catalogues");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("our-baseline-v2.ron"),
        r#"(
    format_version: 1,
    id: "acme-cloud",
    version: "2026.1",
    title: "Acme cloud baseline",
    clauses: [(id: "1", title: "Network")],
    controls: [(id: "1.1", title: "Segment production", clause: "1")],
)
"#,
    )
    .unwrap();
    let list = gapwalk(&["catalogue", "list"], dir.path());
    assert!(list.stdout.contains("acme-cloud"), "{}", list.stdout);
    let new = gapwalk(&["new", "s.ron", "--catalogue", "acme-cloud"], dir.path());
    assert_eq!(new.code, 0, "{}", new.stderr);
    // Reopening resolves the recorded id, not a file called acme-cloud.ron.
    let stats = gapwalk(&["stats", "s.ron", "--format", "json"], dir.path());
    assert_eq!(stats.code, 0, "{}", stats.stderr);
    assert!(stats.stdout.contains("\"total\": 1"), "{}", stats.stdout);
}

#[test]
fn a_reader_that_stops_early_ends_the_output_without_a_panic() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = temp();
    let mut child = crate::common::gapwalk(dir.path())
        .args(["catalogue", "show", "iso27017-2015", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read a little, as `| head -c 10` would, then close the pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 10];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(141), "{stderr}");
}

#[test]
fn a_hollow_treatment_in_a_file_is_no_treatment_for_check_or_the_gap_register() {
    let dir = temp();
    let file = new_session(dir.path());
    let set = gapwalk(
        &[
            "set",
            "s.ron",
            "9.2.3",
            "applicability=applicable",
            "justification=Admin access is our top risk",
            "status=partial",
        ],
        dir.path(),
    );
    assert_eq!(set.code, 0, "{}", set.stderr);
    // A hand edit leaves a remediation with a priority and nothing else.
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "            status: partial,\n",
        "            status: partial,\n            remediation: Some((action: \"\", priority: high)),\n",
    );
    std::fs::write(&file, text).unwrap();
    let check = gapwalk(&["check", "s.ron", "--as-of", "2026-11-25"], dir.path());
    assert!(
        check
            .stdout
            .contains("9.2.3: missing-remediation: gap (partially implemented) with a remediation with no action yet"),
        "{}",
        check.stdout
    );
    let gaps = gapwalk(
        &[
            "export", "s.ron", "--format", "json", "--view", "gaps", "--out", "-",
        ],
        dir.path(),
    );
    assert_eq!(gaps.code, 0, "{}", gaps.stderr);
    let json: serde_json::Value = serde_json::from_str(&gaps.stdout).unwrap();
    let text = json.to_string();
    assert!(!text.contains("\"treatment\":\"remediation\""), "{text}");
}
