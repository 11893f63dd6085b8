//! The SoA as a controlled document: every export says DRAFT until `gapwalk approve`, names the
//! approver once approved, says "changed since approval" after a later change (and `check`
//! reports the stale approval), and carries the document id, version, classification and owner.

use crate::common::Run;

use std::path::Path;

fn gapwalk(args: &[&str], dir: &Path) -> Run {
    crate::common::run(
        crate::common::gapwalk(dir)
            .args(args)
            .env("SOURCE_DATE_EPOCH", "1795000000"),
    )
}

fn ok(args: &[&str], dir: &Path) -> Run {
    let run = gapwalk(args, dir);
    assert_eq!(run.code, 0, "gapwalk {args:?}: {}", run.stderr);
    run
}

fn export(dir: &Path, format: &str) -> String {
    ok(&["export", "s.ron", "--format", format, "--out", "-"], dir).stdout
}

/// The markdown SoA up to its controls table: the heading, status and document-control block.
fn head(md: &str) -> String {
    let end = md.find("## About this export").expect("about block");
    md[..end].to_string()
}

fn session(dir: &Path) {
    ok(
        &["new", "s.ron", "--title", "Payroll", "--provider", "AWS"],
        dir,
    );
    ok(
        &[
            "set",
            "s.ron",
            "session",
            "document.id=ISMS-SOA-001",
            "document.version=1.0",
            "document.classification=confidential",
            "document.owner=Ana Lima (CISO)",
        ],
        dir,
    );
    ok(
        &[
            "set",
            "s.ron",
            "9.2.3",
            "applicability=applicable",
            "justification=Admin access is our top risk",
            "status=partial",
        ],
        dir,
    );
}

#[test]
fn draft_then_approved_then_changed_since_approval_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    session(dir.path());
    for format in ["md", "csv", "html", "json"] {
        let text = export(dir.path(), format);
        assert!(text.contains("DRAFT: not approved"), "{format}: {text}");
    }

    ok(
        &["approve", "s.ron", "--by", "Ana Lima", "--role", "CISO"],
        dir.path(),
    );
    for format in ["md", "csv", "html", "json"] {
        let text = export(dir.path(), format);
        assert!(!text.contains("DRAFT"), "{format}");
        assert!(
            text.contains("Approved by Ana Lima (CISO) on "),
            "{format}: {text}"
        );
    }
    let check = gapwalk(&["check", "s.ron"], dir.path());
    assert!(!check.stdout.contains("stale-approval"), "{}", check.stdout);

    ok(&["set", "s.ron", "9.2.3", "status=implemented"], dir.path());
    for format in ["md", "csv", "html", "json"] {
        let text = export(dir.path(), format);
        assert!(
            text.contains("DRAFT: changed since approval (approved by Ana Lima (CISO) on "),
            "{format}: {text}"
        );
    }
    let json: serde_json::Value = serde_json::from_str(&export(dir.path(), "json")).unwrap();
    assert_eq!(
        json["metadata"]["document"]["status"],
        "changed_since_approval"
    );
    assert_eq!(json["metadata"]["document"]["draft"], true);
    let check = gapwalk(&["check", "s.ron"], dir.path());
    assert!(
        check
            .stdout
            .contains("s.ron: session: stale-approval: changed since approved by Ana Lima"),
        "{}",
        check.stdout
    );
}

#[test]
fn the_markdown_soa_opens_with_its_document_control_block() {
    let dir = tempfile::tempdir().unwrap();
    session(dir.path());
    let draft = head(&export(dir.path(), "md"));
    ok(&["approve", "s.ron", "--by", "Ana Lima"], dir.path());
    let approved = head(&export(dir.path(), "md"));
    // The session id and the approval time differ per run; the rest is the block as written.
    let stable = |text: &str| {
        text.lines()
            .map(|l| {
                if l.starts_with("| Session id |") {
                    "| Session id | [uuid] |".to_string()
                } else if let Some(i) = l.find(" on 20") {
                    format!("{} on [date]{}", &l[..i], &l[i + 14..])
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    insta::assert_snapshot!("soa_md_document_control_draft", stable(&draft));
    insta::assert_snapshot!("soa_md_document_control_approved", stable(&approved));
}

#[test]
fn the_soa_has_the_columns_auditors_ask_for_and_the_external_edition_leaves_out_risks() {
    let dir = tempfile::tempdir().unwrap();
    session(dir.path());
    ok(
        &[
            "set",
            "s.ron",
            "9.2.3",
            "accountable_owner=Bruno Costa",
            "documents=Privileged Access Procedure v2; Break-glass runbook",
            "risks=R-12; R-14",
            "change_trigger=new production account",
            "next_review=2027-03-01",
            "reviewed_by=Ana",
            "reviewed_on=2030-01-05",
        ],
        dir.path(),
    );
    ok(
        &[
            "set",
            "s.ron",
            "9.2.3",
            "--provider",
            "AWS",
            "holder=shared",
            "provider_assurance=SOC 2 Type II, Oct 2025 to Sep 2026",
        ],
        dir.path(),
    );
    let csv = |audience: &str| {
        ok(
            &[
                "export",
                "s.ron",
                "--format",
                "csv",
                "--out",
                "-",
                "--audience",
                audience,
            ],
            dir.path(),
        )
        .stdout
    };
    let internal = csv("internal");
    for header in [
        "Accountable owner",
        "Implementing documents",
        "Risks",
        "Last reviewed",
        "Next review",
        "Change trigger",
    ] {
        assert!(internal.contains(header), "{header}");
    }
    let row = internal
        .split("\r\n")
        .find(|l| l.starts_with("A.8.2,"))
        .expect("the 2022 row of 9.2.3");
    assert!(row.contains("Bruno Costa"), "{row}");
    assert!(row.contains("R-12, R-14"), "{row}");
    assert!(row.contains("2030-01-05 by Ana"), "{row}");
    assert!(row.contains("new production account"), "{row}");
    assert!(internal.contains("Privileged Access Procedure v2\nBreak-glass runbook"));
    assert!(internal.contains("assurance: SOC 2 Type II, Oct 2025 to Sep 2026"));

    let external = csv("external");
    assert!(
        !external.contains("Risks"),
        "risk register ids are internal"
    );
    assert!(!external.contains("R-12"));
    assert!(external.contains("Privileged Access Procedure v2"));
}
