//! `gapwalk new FILE --from LAST.ron` starts next year's review from last year's session:
//! every answer kept and marked to re-confirm, the approvals and decision log left behind, and
//! `check` listing what is still to re-confirm.

use crate::common::Run;

use std::path::Path;

use gapwalk::persist;

fn gapwalk(args: &[&str], dir: &Path) -> Run {
    crate::common::run(crate::common::gapwalk(dir).args(args))
}

fn ok(args: &[&str], dir: &Path) -> Run {
    let run = gapwalk(args, dir);
    assert_eq!(run.code, 0, "gapwalk {args:?}: {}", run.stderr);
    run
}

fn last_year(dir: &Path) {
    ok(
        &[
            "new",
            "2026.ron",
            "--title",
            "Payroll 2026",
            "--provider",
            "AWS",
            "--scope",
            "Payroll SaaS",
        ],
        dir,
    );
    ok(
        &["set", "2026.ron", "session", "document.id=ISMS-SOA-001"],
        dir,
    );
    ok(
        &[
            "set",
            "2026.ron",
            "9.2.3",
            "applicability=applicable",
            "justification=Admin access is our top risk",
            "status=partial",
            "accountable_owner=Bruno Costa",
        ],
        dir,
    );
    ok(
        &[
            "set",
            "2026.ron",
            "8.3.3",
            "applicability=not_applicable",
            "exclusion_reasons=no_asset_or_activity",
            "justification=No media leave our hands",
        ],
        dir,
    );
    ok(&["approve", "2026.ron", "--by", "Ana Lima"], dir);
}

#[test]
fn the_next_cycle_keeps_every_answer_marked_to_reconfirm() {
    let dir = tempfile::tempdir().unwrap();
    last_year(dir.path());
    let before = std::fs::read(dir.path().join("2026.ron")).unwrap();
    let run = ok(
        &[
            "new",
            "2027.ron",
            "--from",
            "2026.ron",
            "--title",
            "Payroll 2027",
        ],
        dir.path(),
    );
    assert!(
        run.stderr.contains("2 answer(s) carried over"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(dir.path().join("2026.ron")).unwrap(),
        before,
        "last cycle's file is only read"
    );

    let last = persist::load(&dir.path().join("2026.ron")).unwrap().session;
    let next = persist::load(&dir.path().join("2027.ron")).unwrap().session;
    assert_ne!(next.id, last.id, "a new document gets a new id");
    assert_eq!(next.meta.title, "Payroll 2027");
    assert_eq!(next.meta.scope, "Payroll SaaS");
    assert_eq!(next.meta.providers, last.meta.providers);
    assert_eq!(next.meta.document.id, "ISMS-SOA-001");
    assert_eq!(next.catalogue, last.catalogue);
    assert!(
        next.approvals.is_empty(),
        "last year's approval is not this year's"
    );
    assert!(next.decisions.is_empty());
    assert_eq!(next.assessments.len(), 2);
    for (n, l) in next.assessments.iter().zip(&last.assessments) {
        assert!(n.reconfirm, "{}", n.control);
        let mut kept = n.clone();
        kept.reconfirm = false;
        assert_eq!(&kept, l, "every answer kept as it was");
    }

    let check = gapwalk(&["check", "2027.ron"], dir.path());
    let pending: Vec<&str> = check
        .stdout
        .lines()
        .filter(|l| l.contains(": not-reconfirmed:"))
        .collect();
    assert_eq!(pending.len(), 2, "{}", check.stdout);
    assert!(check.stdout.contains("2027.ron: 9.2.3: not-reconfirmed:"));

    // Re-confirming a control clears its mark; the other stays listed.
    ok(&["set", "2027.ron", "9.2.3", "reconfirm=false"], dir.path());
    let check = gapwalk(&["check", "2027.ron"], dir.path());
    assert!(!check.stdout.contains("9.2.3: not-reconfirmed"));
    assert!(check.stdout.contains("8.3.3: not-reconfirmed"));
    // The DRAFT marking starts again.
    let md = ok(
        &["export", "2027.ron", "--format", "md", "--out", "-"],
        dir.path(),
    );
    assert!(md.stdout.contains("**DRAFT: not approved**"));
}

#[test]
fn the_next_cycle_never_overwrites_and_refuses_a_last_session_with_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    last_year(dir.path());
    std::fs::write(dir.path().join("2027.ron"), "keep me").unwrap();
    let run = gapwalk(&["new", "2027.ron", "--from", "2026.ron"], dir.path());
    assert_eq!(run.code, 2);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("2027.ron")).unwrap(),
        "keep me"
    );

    let path = dir.path().join("2026.ron");
    let mut last = persist::load(&path).unwrap().session;
    last.assessments[0]
        .conflicts
        .push(gapwalk::session::Conflict {
            field: "status".into(),
            item: String::new(),
            base: "planned".into(),
            ours: "partial".into(),
            theirs: "implemented".into(),
        });
    persist::save(&path, &last).unwrap();
    let run = gapwalk(&["new", "2028.ron", "--from", "2026.ron"], dir.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("merge conflict"), "{}", run.stderr);
    assert!(!dir.path().join("2028.ron").exists());

    let run = gapwalk(&["new", "2029.ron", "--from", "missing.ron"], dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("missing.ron"), "{}", run.stderr);
    assert!(!dir.path().join("2029.ron").exists());

    let run = gapwalk(
        &[
            "new",
            "2030.ron",
            "--from",
            "2026.ron",
            "--catalogue",
            "iso27001-2022",
        ],
        dir.path(),
    );
    assert_eq!(run.code, 2, "the catalogue is last cycle's: {}", run.stderr);
}
