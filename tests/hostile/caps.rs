//! The documented caps (providers, services and the offerings we provide; participants;
//! responsibility and offering lines per control) and the calendar's range hold wherever a
//! session comes in: a file over a cap does not load and the error gives its file, line and
//! column; `set`, `merge` and `new` refuse to
//! write one and leave the file as it was; the session-details form refuses one as typed.

use crate::common;
use crate::common::Run;

use std::path::Path;

use gapwalk::persist::save;
use gapwalk::session::limits::{self, MAX_LINES_PER_CONTROL, MAX_PARTICIPANTS, MAX_PROVIDER_SCOPE};
use gapwalk::session::*;

fn gapwalk(dir: &Path, args: &[&str]) -> Run {
    crate::common::run(crate::common::gapwalk(dir).args(args))
}

fn providers(count: usize, prefix: &str) -> Vec<Provider> {
    (0..count)
        .map(|i| Provider {
            name: format!("{prefix}{i:02}"),
            services: Vec::new(),
        })
        .collect()
}

/// Line and column (1-based) of the first `"needle"` in the file.
fn place_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(&format!("\"{needle}\"")).expect("needle in file");
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

/// Writes `session`, checks that `gapwalk check` refuses it with the place of `needle` and
/// the words `expect`, and that `set` refuses to touch it.
fn refused_on_load(session: &Session, needle: &str, expect: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.ron");
    save(&file, session).unwrap();
    let before = std::fs::read(&file).unwrap();
    let text = String::from_utf8(before.clone()).unwrap();
    let (line, column) = place_of(&text, needle);
    let run = gapwalk(dir.path(), &["check", "big.ron"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let place = format!("big.ron:{line}:{column}:");
    assert!(run.stderr.contains(&place), "{place} in: {}", run.stderr);
    assert!(run.stderr.contains(expect), "{expect} in: {}", run.stderr);
    let run = gapwalk(
        dir.path(),
        &["set", "big.ron", "9.2.3", "status=implemented"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "set changed the file"
    );
}

#[test]
fn providers_and_offerings_over_the_cap_do_not_load() {
    let (mut s, _) = common::fixture();
    // Exactly at the cap loads: one provider with the rest as its offerings.
    s.meta.providers = vec![Provider {
        name: "Big".into(),
        services: (1..MAX_PROVIDER_SCOPE).map(|i| format!("svc{i}")).collect(),
    }];
    let dir = tempfile::tempdir().unwrap();
    save(&dir.path().join("ok.ron"), &s).unwrap();
    let run = gapwalk(dir.path(), &["check", "ok.ron"]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    // One more offering is refused at that offering.
    s.meta.providers[0].services.push("one-too-many".into());
    refused_on_load(&s, "one-too-many", "providers, services and offerings");
}

#[test]
fn the_offerings_we_provide_count_toward_the_cap_and_their_lines_are_capped_per_control() {
    // A provider's seat: each offering of ours adds a row to every control, like a provider.
    let (mut s, cat) = common::fixture();
    s.meta.role = Role::Both;
    let room = MAX_PROVIDER_SCOPE - limits::provider_scope(&s.meta);
    s.meta.offerings = (0..=room)
        .map(|i| Offering {
            name: format!("Ours {i:02}"),
            ..Offering::default()
        })
        .collect();
    refused_on_load(&s, &format!("Ours {room:02}"), "offerings");
    // Within the cap, a control still cannot carry more offering lines than that.
    s.meta.offerings.truncate(1);
    let mut a = s.assessment("9.2.3", &cat).cloned().unwrap();
    a.offerings = (0..=MAX_LINES_PER_CONTROL)
        .map(|i| OfferingLine {
            offering: format!("old{i:03}"),
            ..OfferingLine::default()
        })
        .collect();
    s.apply(
        Edit::SetAssessment {
            control: "9.2.3".into(),
            assessment: Some(Box::new(a)),
        },
        &cat,
    );
    refused_on_load(
        &s,
        &format!("old{MAX_LINES_PER_CONTROL:03}"),
        "offering lines",
    );
}

#[test]
fn participants_over_the_cap_do_not_load() {
    let (mut s, _) = common::fixture();
    s.meta.participants = (0..=MAX_PARTICIPANTS)
        .map(|i| Participant {
            name: format!("Person {i:03}"),
            ..Participant::default()
        })
        .collect();
    refused_on_load(&s, &format!("Person {MAX_PARTICIPANTS:03}"), "participants");
}

#[test]
fn responsibility_lines_over_the_cap_do_not_load() {
    let (mut s, cat) = common::fixture();
    let mut a = s.assessment("9.2.3", &cat).cloned().unwrap();
    a.responsibilities = (0..=MAX_LINES_PER_CONTROL)
        .map(|i| Responsibility::default_for(&format!("gone{i:03}")))
        .collect();
    s.apply(
        Edit::SetAssessment {
            control: "9.2.3".into(),
            assessment: Some(Box::new(a)),
        },
        &cat,
    );
    refused_on_load(
        &s,
        &format!("gone{MAX_LINES_PER_CONTROL:03}"),
        "responsibility lines",
    );
}

#[test]
fn a_year_zero_in_a_file_does_not_load() {
    let (mut s, cat) = common::fixture();
    let mut a = s.assessment("9.2.3", &cat).cloned().unwrap();
    a.next_review = chrono::NaiveDate::from_ymd_opt(0, 6, 1);
    s.apply(
        Edit::SetAssessment {
            control: "9.2.3".into(),
            assessment: Some(Box::new(a)),
        },
        &cat,
    );
    refused_on_load(&s, "0000-06-01", "outside the years");
}

#[test]
fn set_refuses_years_zero_and_below_in_a_field_and_in_a_record() {
    let (s, _) = common::fixture();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.ron");
    save(&file, &s).unwrap();
    let before = std::fs::read(&file).unwrap();
    for assignment in [
        "next_review=0000-01-01",
        "next_review=-0001-01-01",
        "remediation.due=-1-01-01",
        r#"remediation=(action: "x", due: Some("0000-03-01"))"#,
        r#"remediation=(action: "x", due: Some("-0001-03-01"))"#,
    ] {
        let run = gapwalk(dir.path(), &["set", "s.ron", "9.2.3", assignment]);
        assert_eq!(run.code, 2, "{assignment}: {}", run.stderr);
        assert!(
            run.stderr.contains("year") || run.stderr.contains("not a date"),
            "{assignment}: {}",
            run.stderr
        );
        assert_eq!(std::fs::read(&file).unwrap(), before, "{assignment}");
    }
}

#[test]
fn a_merge_that_would_go_over_the_cap_writes_nothing() {
    let (mut base, _) = common::fixture();
    base.meta.providers.clear();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.meta.providers = providers(MAX_PROVIDER_SCOPE / 2 + 1, "ours");
    theirs.meta.providers = providers(MAX_PROVIDER_SCOPE / 2 + 1, "theirs");
    let dir = tempfile::tempdir().unwrap();
    for (name, s) in [
        ("base.ron", &base),
        ("ours.ron", &ours),
        ("theirs.ron", &theirs),
    ] {
        save(&dir.path().join(name), s).unwrap();
    }
    let before = std::fs::read(dir.path().join("ours.ron")).unwrap();
    let run = gapwalk(dir.path(), &["merge", "base.ron", "ours.ron", "theirs.ron"]);
    // Either the provider lists conflict (nothing over the cap is produced) or the union is
    // refused; never is a session over the cap written.
    let after = std::fs::read_to_string(dir.path().join("ours.ron")).unwrap();
    if run.code == 2 {
        assert!(
            run.stderr.contains("providers, services and offerings"),
            "{}",
            run.stderr
        );
        assert_eq!(after.as_bytes(), before, "a refused merge changed ours");
    }
    let check = gapwalk(dir.path(), &["check", "ours.ron"]);
    assert_ne!(
        check.code, 2,
        "the merge wrote a file that does not load: {}",
        check.stderr
    );
}

#[test]
fn new_refuses_more_providers_than_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..=MAX_PROVIDER_SCOPE).map(|i| format!("P{i}")).collect();
    let mut args = vec!["new", "s.ron", "--title", "T"];
    for n in &names {
        args.extend(["--provider", n.as_str()]);
    }
    let run = gapwalk(dir.path(), &args);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("providers, services and offerings"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("s.ron").exists());
}

#[cfg(feature = "tui")]
#[test]
fn the_details_form_refuses_what_is_over_a_cap() {
    use gapwalk::tui::form::MetaField;
    let (s, _) = common::fixture();
    let mut meta = s.meta.clone();
    let many: Vec<String> = (0..=MAX_PROVIDER_SCOPE).map(|i| format!("P{i}")).collect();
    let err = MetaField::Providers
        .set(&mut meta, &many.join(", "))
        .unwrap_err();
    assert!(err.contains("providers, services and offerings"), "{err}");
    let people: Vec<String> = (0..=MAX_PARTICIPANTS).map(|i| format!("N{i}")).collect();
    let mut meta = s.meta.clone();
    let err = MetaField::Participants
        .set(&mut meta, &people.join("; "))
        .unwrap_err();
    assert!(err.contains("participants"), "{err}");
    let mut meta = s.meta.clone();
    MetaField::Providers.set(&mut meta, "AWS, Azure").unwrap();
}
