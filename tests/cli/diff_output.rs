//! What `gapwalk diff` prints for a realistic review between two meetings, as a reviewer sees it
//! in a terminal or a pull request (text) and as a script reads it (JSON). Snapshots in
//! `tests/snapshots/`; text from the files is shown with escape sequences removed.

use crate::common;

use std::path::Path;

use gapwalk::persist::save;
use gapwalk::session::*;

fn at(secs: i64) -> Timestamp {
    Timestamp::from_unix(secs).unwrap()
}

/// The fixture after a second meeting: fields changed, evidence and lines added and removed,
/// a control newly assessed and one dropped, participants and decisions, and a recorded conflict.
fn two_meetings() -> (Session, Session) {
    let (old, cat) = common::fixture();
    let mut new = old.clone();
    new.meta.title = "Northwind payroll cloud review, round 2".into();
    new.meta.updated = at(1_795_000_000);
    new.meta.participants[1].role = "Head of platform".into();
    new.meta.participants.push(Participant {
        name: "Chen Wei".into(),
        role: "Internal auditor".into(),
        side: Side::ThirdParty,
        speaks_for: String::new(),
    });
    new.meta.data_locations.push(DataLocation {
        provider: "AWS".into(),
        location: "eu-west-2".into(),
        jurisdiction: "UK".into(),
        notes: String::new(),
    });
    new.decisions.push(Decision {
        at: at(1_795_000_100),
        by: "Ana Lima".into(),
        control: Some("9.2.3".into()),
        text: "Break-glass reviews move to the monthly access review".into(),
    });
    let edit = |s: &mut Session, id: &str, f: &dyn Fn(&mut Assessment)| {
        let mut a = s
            .assessment(id, &cat)
            .cloned()
            .unwrap_or_else(|| Assessment::new(id));
        f(&mut a);
        s.apply(
            Edit::SetAssessment {
                control: id.into(),
                assessment: Some(Box::new(a)),
            },
            &cat,
        );
    };
    edit(&mut new, "9.2.3", &|a| {
        a.status = Status::Implemented;
        a.responsibility_mut("AWS").customer_owner = "Dara Okafor".into();
        a.responsibilities.retain(|r| r.provider != "Google Cloud");
        a.remediation = None;
        a.evidence.push(Evidence {
            kind: EvidenceKind::Ticket,
            location: "SEC-142".into(),
            description: "break-glass review".into(),
            as_of: Some(common::date("2026-11-20")),
            added_by: "Ana Lima".into(),
        });
        a.notes = "Reviewed \u{1b}[31mtwice\u{1b}[0m\u{202e} by audit".into();
        a.changed_by = "Ana Lima".into();
        a.changed_at = Some(at(1_795_000_050));
    });
    edit(&mut new, "12.3.1", &|a| {
        a.evidence.clear();
        a.next_review = Some(common::date("2027-09-01"));
    });
    new.apply(
        Edit::SetAssessment {
            control: "11.1.1".into(),
            assessment: None,
        },
        &cat,
    );
    edit(&mut new, "5.1.1", &|a| {
        a.applicability = Applicability::Applicable;
        a.reasons = vec![Reason::LegalRegulatory];
        a.justification = "Policies are required by our regulator".into();
    });
    edit(&mut new, "CLD.12.4.5", &|a| {
        a.conflicts.push(Conflict {
            field: "risk_acceptance.expires".into(),
            item: String::new(),
            base: "2027-03-01".into(),
            ours: "2027-06-01".into(),
            theirs: "".into(),
        });
    });
    (old, new)
}

fn run_diff(dir: &Path, format: &str) -> (i32, String) {
    let out = crate::common::gapwalk(dir)
        .args(["diff", "old.ron", "new.ron", "--format", format])
        .output()
        .expect("run gapwalk");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = two_meetings();
    save(&dir.path().join("old.ron"), &old).unwrap();
    save(&dir.path().join("new.ron"), &new).unwrap();
    dir
}

#[test]
fn text_diff_between_two_meetings() {
    let dir = files();
    let (code, text) = run_diff(dir.path(), "text");
    assert_eq!(code, 1);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'));
    insta::assert_snapshot!("diff_text", text);
}

#[test]
fn json_diff_between_two_meetings() {
    let dir = files();
    let (code, json) = run_diff(dir.path(), "json");
    assert_eq!(code, 1);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["equal"], false);
    insta::assert_snapshot!("diff_json", json);
}

#[test]
fn who_a_participant_speaks_for_and_what_a_meeting_covered_are_differences() {
    let dir = tempfile::tempdir().unwrap();
    let (old, _) = two_meetings();
    let mut new = old.clone();
    assert!(!new.meta.providers.is_empty() && !new.meta.participants.is_empty());
    new.meta.participants[0].speaks_for = new.meta.providers[0].name.clone();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let meeting = |controls: &[&str]| Meeting {
        date: day,
        start: at(1_793_000_000),
        end: at(1_793_003_600),
        attendees: vec!["Ana Lima".into()],
        controls: controls.iter().map(|c| c.to_string()).collect(),
        attendance_confirmed: false,
    };
    let mut old = old;
    old.meta.meetings = vec![meeting(&["9.2.3"])];
    // The same day, the same times and people, another control: a different record.
    new.meta.meetings = vec![meeting(&["9.2.4"])];
    save(&dir.path().join("old.ron"), &old).unwrap();
    save(&dir.path().join("new.ron"), &new).unwrap();
    let (code, json) = run_diff(dir.path(), "json");
    assert_eq!(code, 1, "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["equal"], false);
    let (_, text) = run_diff(dir.path(), "text");
    assert!(text.contains("participant.speaks_for"), "{text}");
    assert!(text.contains(&new.meta.providers[0].name), "{text}");
    assert!(text.contains("9.2.3") && text.contains("9.2.4"), "{text}");
}
