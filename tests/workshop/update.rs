//! `App::update` without a terminal: feed actions, check the session and the effects.

use crate::common;

use std::path::PathBuf;
use std::time::Duration;

use gapwalk::session::{Applicability, Holder, Reason, Status, Timestamp};
use gapwalk::tui::action::{Action, Command, Effect};
use gapwalk::tui::app::{App, Filter, SaveStatus};
use gapwalk::tui::form::MetaField;
use gapwalk::tui::keymap::Keymap;
use gapwalk::tui::popup::Popup;
use gapwalk::tui::save::{SaveOutcome, SaveReport};

fn app() -> App {
    common::workshop("fixture.ron")
}

fn cmd(app: &mut App, c: Command) -> Vec<Effect> {
    app.update(Action::Command(c))
}

use common::{clear_input, type_text};

fn selected_id(app: &App) -> String {
    app.catalogue.controls[app.selected().unwrap()].id.clone()
}

fn select(app: &mut App, id: &str) {
    let i = app.catalogue.position(id).unwrap();
    app.select_control(i);
}

#[test]
fn opens_where_the_last_meeting_stopped() {
    let app = app();
    assert_eq!(selected_id(&app), "9.2.3");
}

#[test]
fn the_walk_records_each_answer_and_undo_takes_them_back_one_by_one() {
    let mut app = app();
    select(&mut app, "13.1.1");
    cmd(&mut app, Command::Walk);
    app.update(Action::Choose(0)); // applicable
    app.update(Action::Choose(2)); // contractual, and on to the justification
    type_text(&mut app, "Customers require segmented networks");
    cmd(&mut app, Command::Confirm);
    type_text(&mut app, "Ana Lima"); // accountable on our side
    cmd(&mut app, Command::Confirm);
    app.update(Action::Choose(1)); // AWS: provider
    type_text(&mut app, "AWS VPC team");
    cmd(&mut app, Command::Confirm);
    // A name nobody has used yet is confirmed with a second Enter, then kept and said to be
    // new.
    cmd(&mut app, Command::Confirm);
    assert!(
        app.message.as_deref().unwrap_or("").contains("new name"),
        "{:?}",
        app.message
    );
    cmd(&mut app, Command::Skip); // AWS: what is inherited
    cmd(&mut app, Command::Skip); // AWS: what we must still do
    cmd(&mut app, Command::Skip); // AWS: the provider's evidence
    cmd(&mut app, Command::Skip); // Google Cloud: skip
    app.update(Action::Choose(3)); // status: not implemented
    let a = app
        .session
        .assessment("13.1.1", &app.catalogue)
        .unwrap()
        .clone();
    assert_eq!(a.applicability, Applicability::Applicable);
    assert_eq!(a.justification, "Customers require segmented networks");
    assert_eq!(a.responsibility("AWS").unwrap().holder, Holder::Provider);
    assert_eq!(
        a.responsibility("AWS").unwrap().provider_owner,
        "AWS VPC team"
    );
    assert!(a.responsibility("Google Cloud").is_none());
    assert_eq!(a.status, Status::NotImplemented);
    assert_eq!(a.changed_by, "Ana Lima");
    assert!(a.is_gap());
    // A gap leads to the gap questions.
    let Some(Popup::Walk(walk)) = app.popups().last() else {
        panic!("walk is open")
    };
    assert_eq!(walk.field.label(), "Gap");
    cmd(&mut app, Command::Cancel);
    assert!(app.popups().is_empty());
    // Seven answers: applicability, reason, justification, accountable owner, holder,
    // provider-side owner, status.
    for _ in 0..7 {
        cmd(&mut app, Command::Undo);
    }
    assert!(app.session.assessment("13.1.1", &app.catalogue).is_none());
    cmd(&mut app, Command::Redo);
    assert_eq!(
        app.session
            .assessment("13.1.1", &app.catalogue)
            .unwrap()
            .applicability,
        Applicability::Applicable
    );
}

#[test]
fn walking_a_control_again_keeps_every_recorded_reason_and_toggles_only_what_is_pressed() {
    let mut app = app();
    select(&mut app, "13.1.1");
    cmd(&mut app, Command::Walk);
    app.update(Action::Choose(0)); // applicable
    type_text(&mut app, "+"); // several reasons
    app.update(Action::Choose(0)); // risk assessment
    app.update(Action::Choose(2)); // contractual
    let reasons = |app: &App| {
        app.session
            .assessment("13.1.1", &app.catalogue)
            .unwrap()
            .reasons
            .clone()
    };
    assert_eq!(
        reasons(&app),
        [Reason::RiskAssessment, Reason::Contractual],
        "both reasons held; the walk stays on the question"
    );
    cmd(&mut app, Command::Cancel);
    // A second walk: Enter keeps both, where a digit used to remove the one it named.
    cmd(&mut app, Command::Walk);
    cmd(&mut app, Command::Confirm); // applicability kept
    cmd(&mut app, Command::Confirm); // reasons kept
    assert_eq!(reasons(&app), [Reason::RiskAssessment, Reason::Contractual]);
    let Some(Popup::Walk(walk)) = app.popups().last() else {
        panic!("walk is open")
    };
    assert_eq!(walk.field.label(), "Justification");
    cmd(&mut app, Command::Back);
    type_text(&mut app, "+");
    app.update(Action::Choose(2)); // contractual off
    assert_eq!(reasons(&app), [Reason::RiskAssessment]);
}

#[test]
fn a_wrong_date_is_refused_and_the_question_stays() {
    let mut app = app();
    select(&mut app, "11.1.1");
    cmd(&mut app, Command::Edit);
    let Some(Popup::Form(form)) = app.popups().last() else {
        panic!()
    };
    let next_review = form
        .fields
        .iter()
        .position(|f| f.label() == "Next review")
        .unwrap();
    for _ in 0..next_review {
        cmd(&mut app, Command::NextField);
    }
    cmd(&mut app, Command::Confirm);
    type_text(&mut app, "soon");
    cmd(&mut app, Command::Confirm);
    let Some(Popup::Form(form)) = app.popups().last() else {
        panic!()
    };
    assert!(form.error.as_deref().unwrap().contains("YYYY-MM-DD"));
    assert!(form.editing.is_some());
    assert_eq!(
        app.session
            .assessment("11.1.1", &app.catalogue)
            .unwrap()
            .next_review,
        None
    );
}

#[test]
fn names_complete_from_participants() {
    let mut app = app();
    select(&mut app, "13.1.2");
    cmd(&mut app, Command::Walk);
    app.update(Action::Choose(0));
    cmd(&mut app, Command::Skip); // reason
    cmd(&mut app, Command::Skip); // justification
    cmd(&mut app, Command::Skip); // accountable owner
    app.update(Action::Choose(0)); // AWS: customer
    type_text(&mut app, "bru");
    cmd(&mut app, Command::AcceptSuggestion);
    cmd(&mut app, Command::Confirm);
    let a = app.session.assessment("13.1.2", &app.catalogue).unwrap();
    assert_eq!(
        a.responsibility("AWS").unwrap().customer_owner,
        "Bruno Costa"
    );
}

#[test]
fn pasted_text_lands_on_one_line_without_control_characters() {
    let mut app = app();
    cmd(&mut app, Command::LogDecision);
    app.update(Action::Paste("Adopt\nquarterly\u{1b}[2J reviews".into()));
    cmd(&mut app, Command::Confirm);
    let d = app.session.decisions.last().unwrap();
    assert_eq!(d.text, "Adopt quarterly[2J reviews");
    assert_eq!(d.control.as_deref(), Some("9.2.3"));
    assert_eq!(d.by, "Ana Lima");
}

/// What the worker would report after writing the session as it is now.
fn written(app: &App) -> Action {
    Action::Saved(SaveReport {
        generation: app.generation(),
        recovery: false,
        outcome: SaveOutcome::Written {
            text: std::sync::Arc::new(String::new()),
            resume_at: app.session.resume_at.clone(),
        },
    })
}

#[test]
fn autosave_follows_a_change_within_three_seconds_and_quit_saves() {
    let mut app = app();
    app.update(Action::Tick(Duration::from_secs(10)));
    assert_eq!(*app.save_status(), SaveStatus::Saved);
    cmd(&mut app, Command::ToggleFlag);
    assert!(matches!(app.save_status(), SaveStatus::Dirty(_)));
    assert!(
        app.update(Action::Tick(Duration::from_millis(10_500)))
            .is_empty()
    );
    assert!(matches!(
        app.update(Action::Tick(Duration::from_millis(11_000))).as_slice(),
        [Effect::Save(request)] if request.session == app.session
    ));
    assert_eq!(*app.save_status(), SaveStatus::Saving);
    app.update(written(&app));
    assert_eq!(*app.save_status(), SaveStatus::Saved);
    // A failed save is shown, not hidden. (9.2.3 was parked; this parks it again.)
    common::park(&mut app, "waiting for the auditor");
    app.update(Action::Saved(SaveReport {
        generation: app.generation(),
        recovery: false,
        outcome: SaveOutcome::Failed("disk full".into()),
    }));
    assert_eq!(*app.save_status(), SaveStatus::Failed("disk full".into()));
    // Quitting saves first and ends once the save is in.
    assert!(matches!(
        common::quit_meeting(&mut app).as_slice(),
        [Effect::Save(request)] if request.session == app.session
    ));
    assert_eq!(app.update(written(&app)), [Effect::Quit]);
}

#[test]
fn typing_continuously_still_saves_by_three_seconds() {
    let mut app = app();
    // A change every tenth of a second, starting at 1.0 s: never idle for a full second.
    for tenth in 10..60u64 {
        let mut effects = app.update(Action::Tick(Duration::from_millis(tenth * 100)));
        // Unparking asks nothing; parking asks why.
        if app
            .session
            .assessment(&selected_id(&app), &app.catalogue)
            .is_some_and(|a| a.flagged)
        {
            effects.extend(cmd(&mut app, Command::ToggleFlag));
        } else {
            common::park(&mut app, "why");
        }
        if effects.iter().any(|e| matches!(e, Effect::Save(_))) {
            assert!(tenth <= 41, "saved only at {tenth}");
            return;
        }
    }
    panic!("never saved while changes kept coming");
}

#[test]
fn filters_show_only_matching_controls() {
    let mut app = app();
    app.set_filter(Filter::Gaps);
    app.rebuild_rows();
    let shown: Vec<String> = app
        .rows()
        .iter()
        .filter_map(|r| match r {
            gapwalk::tui::app::Row::Control(i) => Some(app.catalogue.controls[*i].id.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(shown, ["9.2.3", "CLD.12.4.5"]);
    cmd(&mut app, Command::OpenFilter);
    app.update(Action::Choose(3)); // flagged
    assert_eq!(*app.filter(), Filter::Flagged);
    assert_eq!(selected_id(&app), "9.2.3");
}

#[test]
fn jump_finds_a_control_by_words_and_goes_there() {
    let mut app = app();
    cmd(&mut app, Command::OpenJump);
    type_text(&mut app, "vm hardening");
    cmd(&mut app, Command::Confirm);
    assert_eq!(selected_id(&app), "CLD.9.5.2");
    cmd(&mut app, Command::OpenJump);
    type_text(&mut app, "bruno");
    cmd(&mut app, Command::Confirm);
    assert_eq!(selected_id(&app), "9.2.3", "owners are searched too");
}

#[test]
fn next_unassessed_skips_recorded_controls() {
    let mut app = app();
    select(&mut app, "11.1.1");
    cmd(&mut app, Command::NextUnassessed);
    assert_eq!(selected_id(&app), "11.1.2");
}

#[test]
fn metadata_edits_are_undoable() {
    let mut app = app();
    cmd(&mut app, Command::EditMetadata);
    for _ in 0..6 {
        cmd(&mut app, Command::NextField);
    }
    cmd(&mut app, Command::Confirm);
    clear_input(&mut app);
    type_text(
        &mut app,
        "Ana Lima / CISO / customer; Chen Wei / account manager / provider",
    );
    cmd(&mut app, Command::Confirm);
    let names: Vec<_> = app
        .session
        .meta
        .participants
        .iter()
        .map(|p| p.name.clone())
        .collect();
    assert_eq!(names, ["Ana Lima", "Chen Wei"]);
    cmd(&mut app, Command::Cancel);
    cmd(&mut app, Command::Undo);
    assert_eq!(app.session.meta.participants.len(), 2);
    assert_eq!(app.session.meta.participants[1].name, "Bruno Costa");
}

#[test]
fn confirming_a_session_detail_unchanged_loses_nothing() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example.ron");
    let meta = gapwalk::persist::load(&path).unwrap().session.meta;
    assert!(meta.data_locations.iter().all(|d| !d.notes.is_empty()));
    for field in MetaField::ALL {
        let mut edited = meta.clone();
        field.set(&mut edited, &field.value(&meta)).unwrap();
        assert_eq!(edited, meta, "{} changed on a round trip", field.label());
    }
}

#[test]
fn the_readme_names_every_command_a_keymap_file_can_bind() {
    let readme = include_str!("../../README.md");
    for command in Command::ALL {
        assert!(
            readme.contains(&format!("`{}`", command.name())),
            "README.md does not name the command `{}`",
            command.name()
        );
    }
}

#[test]
fn undo_and_redo_work_inside_a_form_without_closing_it() {
    let mut app = app();
    cmd(&mut app, Command::EditMetadata);
    cmd(&mut app, Command::Confirm); // edit the title
    type_text(&mut app, " (second meeting)");
    cmd(&mut app, Command::Confirm);
    let renamed = app.session.meta.title.clone();
    assert!(renamed.ends_with("(second meeting)"));
    cmd(&mut app, Command::Undo);
    assert_eq!(app.session.meta.title, "Northwind payroll cloud review");
    assert_eq!(app.popups().len(), 1, "the form stays open");
    cmd(&mut app, Command::Redo);
    assert_eq!(app.session.meta.title, renamed);
    cmd(&mut app, Command::Cancel);

    // In a control's form, undoing an added evidence line takes its row away too.
    select(&mut app, "12.3.1");
    cmd(&mut app, Command::Edit);
    let rows = |app: &App| match app.popups().last() {
        Some(Popup::Form(form)) => form.fields.len(),
        _ => panic!("form is open"),
    };
    let before = rows(&app);
    form_to(&mut app, "Add evidence");
    cmd(&mut app, Command::Confirm);
    type_text(&mut app, "https://wiki.example/restore-2026");
    cmd(&mut app, Command::Confirm);
    assert_eq!(rows(&app), before + 1);
    cmd(&mut app, Command::Undo);
    assert_eq!(rows(&app), before);
    let a = app.session.assessment("12.3.1", &app.catalogue).unwrap();
    assert_eq!(a.evidence.len(), 1);
}

#[test]
fn tab_shift_tab_and_esc_in_the_walk_keep_what_was_typed() {
    let mut app = app();
    select(&mut app, "13.1.1");
    cmd(&mut app, Command::Walk);
    app.update(Action::Choose(0)); // applicable
    app.update(Action::Choose(0)); // risk assessment, and on
    type_text(&mut app, "Flat network in staging");
    cmd(&mut app, Command::Skip); // Tab, not Enter
    let justification = |app: &App| {
        app.session
            .assessment("13.1.1", &app.catalogue)
            .unwrap()
            .justification
            .clone()
    };
    assert_eq!(justification(&app), "Flat network in staging");
    cmd(&mut app, Command::Back); // Shift-Tab: the question shows it again
    let Some(Popup::Walk(walk)) = app.popups().last() else {
        panic!("walk is open")
    };
    assert_eq!(walk.text(), "Flat network in staging");
    type_text(&mut app, ", reviewed");
    // Esc on an answer that would replace a recorded one asks first; Enter keeps it.
    cmd(&mut app, Command::Cancel);
    assert_eq!(app.popups().len(), 1, "asked, not left");
    assert_eq!(justification(&app), "Flat network in staging");
    cmd(&mut app, Command::Confirm);
    assert!(app.popups().is_empty());
    assert_eq!(justification(&app), "Flat network in staging, reviewed");
}

#[test]
fn esc_on_an_answer_that_does_not_parse_explains_then_leaves_on_a_second_press() {
    let mut app = app();
    select(&mut app, "9.2.3");
    cmd(&mut app, Command::Walk);
    let walk_field = |app: &App| match app.popups().last() {
        Some(Popup::Walk(w)) => w.field.label(),
        _ => "closed".into(),
    };
    while walk_field(&app) != "Next review" {
        cmd(&mut app, Command::Skip);
    }
    clear_input(&mut app);
    type_text(&mut app, "next spring");
    cmd(&mut app, Command::Cancel);
    let Some(Popup::Walk(walk)) = app.popups().last() else {
        panic!("the walk stays open to ask")
    };
    assert_eq!(walk.stage, gapwalk::tui::walk::Stage::ConfirmLeave);
    cmd(&mut app, Command::Cancel);
    assert!(app.popups().is_empty());
    let a = app.session.assessment("9.2.3", &app.catalogue).unwrap();
    assert_eq!(a.next_review, Some(common::date("2027-06-01")), "unchanged");
}

#[test]
fn enter_on_a_choice_in_the_form_changes_nothing_and_digits_pick() {
    let mut app = app();
    select(&mut app, "12.3.1");
    cmd(&mut app, Command::Edit); // opens on "Applicable?"
    cmd(&mut app, Command::Confirm);
    cmd(&mut app, Command::Confirm);
    let a = app.session.assessment("12.3.1", &app.catalogue).unwrap();
    assert_eq!(a.applicability, Applicability::Applicable);
    app.update(Action::Choose(1));
    let a = app.session.assessment("12.3.1", &app.catalogue).unwrap();
    assert_eq!(a.applicability, Applicability::NotApplicable);
}

#[test]
fn editing_an_evidence_line_keeps_its_kind() {
    let mut app = app();
    select(&mut app, "12.3.1");
    cmd(&mut app, Command::Edit);
    form_to(&mut app, "Evidence 1");
    cmd(&mut app, Command::Confirm);
    clear_input(&mut app);
    type_text(&mut app, "Backup/restore runbook v2");
    cmd(&mut app, Command::Confirm);
    let a = app.session.assessment("12.3.1", &app.catalogue).unwrap();
    assert_eq!(a.evidence[0].location, "Backup/restore runbook v2");
    assert_eq!(a.evidence[0].kind, gapwalk::session::EvidenceKind::Url);
}

/// Moves the open edit form's selection down to the field labelled `label`.
fn form_to(app: &mut App, label: &str) {
    for _ in 0..80 {
        if matches!(app.popups().last(), Some(Popup::Form(f)) if f.fields[f.selected].label() == label)
        {
            return;
        }
        cmd(app, Command::NextField);
    }
    panic!("the form has no field {label}");
}

fn walk_to(app: &mut App, label: &str) {
    let at = |app: &App| match app.popups().last() {
        Some(Popup::Walk(w)) => w.field.label(),
        _ => "closed".into(),
    };
    for _ in 0..40 {
        if at(app) == label {
            return;
        }
        cmd(app, Command::Skip);
    }
    panic!("the walk never reached {label}");
}

#[test]
fn choosing_a_treatment_and_skipping_its_questions_leaves_no_hollow_record() {
    let mut app = app();
    select(&mut app, "13.1.1");
    cmd(&mut app, Command::Walk);
    app.update(Action::Choose(0)); // applicable
    walk_to(&mut app, "Implementation status");
    app.update(Action::Choose(3)); // not implemented: a gap
    walk_to(&mut app, "Treatment");
    app.update(Action::Choose(0)); // remediate…
    walk_to(&mut app, "Next review"); // …then skip every remediation question
    let a = app
        .session
        .assessment("13.1.1", &app.catalogue)
        .unwrap()
        .clone();
    assert!(a.is_gap());
    assert_eq!(a.remediation, None);
    let findings = app.findings_for(app.catalogue.position("13.1.1").unwrap());
    assert!(
        findings
            .iter()
            .any(|f| f.kind == gapwalk::review::FindingKind::MissingRemediation),
        "{findings:?}"
    );
}

#[test]
fn accepting_the_risk_asks_the_acceptance_questions_even_when_a_remediation_exists() {
    let mut app = app();
    select(&mut app, "9.2.3"); // a gap with a remediation
    cmd(&mut app, Command::Walk);
    walk_to(&mut app, "Treatment");
    app.update(Action::Choose(1)); // accept the risk
    let Some(Popup::Walk(walk)) = app.popups().last() else {
        panic!("walk is open")
    };
    assert_eq!(walk.field.label(), "Risk accepted by");
    type_text(&mut app, "Ana Lima");
    cmd(&mut app, Command::Confirm);
    type_text(&mut app, "Break-glass use is paged already");
    cmd(&mut app, Command::Confirm);
    let a = app.session.assessment("9.2.3", &app.catalogue).unwrap();
    assert!(a.accepted_risk().is_some());
    assert!(a.planned_remediation().is_some(), "the remediation stays");
}

#[test]
fn a_remediation_is_removed_from_the_form_by_its_key_and_clearing_its_text_keeps_its_priority() {
    let mut app = app();
    select(&mut app, "9.2.3"); // a remediation with priority high
    cmd(&mut app, Command::Edit);
    for label in ["Remediation action", "Remediation owner", "Remediation due"] {
        form_to(&mut app, label);
        cmd(&mut app, Command::Confirm);
        clear_input(&mut app);
        cmd(&mut app, Command::Confirm);
    }
    let remediation = |app: &App| {
        app.session
            .assessment("9.2.3", &app.catalogue)
            .unwrap()
            .remediation
            .clone()
    };
    let kept = remediation(&app).expect("the chosen priority is still a choice");
    assert_eq!(kept.priority, gapwalk::session::Priority::High);
    assert!(kept.action.is_empty());
    cmd(&mut app, Command::RemoveRecord);
    assert_eq!(remediation(&app), None);
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains("remediation removed")
    );
    cmd(&mut app, Command::Undo);
    assert!(remediation(&app).is_some(), "undo brings it back");
}

fn set_providers(app: &mut App, line: &str) {
    cmd(app, Command::EditMetadata);
    while !matches!(app.popups().last(), Some(Popup::Metadata(m)) if MetaField::ALL[m.selected] == MetaField::Providers)
    {
        cmd(app, Command::NextField);
    }
    cmd(app, Command::Confirm);
    clear_input(app);
    type_text(app, line);
    cmd(app, Command::Confirm);
    cmd(app, Command::Cancel);
}

#[test]
fn renaming_a_provider_takes_its_responsibility_lines_along_in_one_undoable_change() {
    let mut app = app();
    set_providers(
        &mut app,
        "Amazon Web Services: EC2, S3; Google Cloud: BigQuery",
    );
    let a = app.session.assessment("9.2.3", &app.catalogue).unwrap();
    let line = a
        .responsibility("Amazon Web Services")
        .expect("the line moved");
    assert_eq!(line.customer_owner, "Bruno Costa");
    assert!(a.responsibility("AWS").is_none());
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains("AWS is now Amazon Web Services")
    );
    let findings = app.findings_for(app.catalogue.position("9.2.3").unwrap());
    // The line is found under its new name: nothing says it is missing or out of scope.
    assert!(
        findings.iter().all(|f| !matches!(
            f.kind,
            gapwalk::review::FindingKind::MissingResponsibility
                | gapwalk::review::FindingKind::ResponsibilityOutOfScope
        )),
        "{findings:?}"
    );
    cmd(&mut app, Command::Undo);
    let a = app.session.assessment("9.2.3", &app.catalogue).unwrap();
    assert!(a.responsibility("AWS").is_some());
    assert_eq!(app.session.meta.providers[0].name, "AWS");
}

#[test]
fn lines_of_a_removed_provider_are_reported_and_can_be_cleared_in_the_form() {
    let mut app = app();
    set_providers(&mut app, "AWS: EC2, S3");
    assert!(app.message.as_deref().unwrap().contains("for Google Cloud"));
    let i = app.catalogue.position("9.2.3").unwrap();
    let findings = app.findings_for(i);
    assert!(
        findings
            .iter()
            .any(|f| f.kind == gapwalk::review::FindingKind::ResponsibilityOutOfScope),
        "{findings:?}"
    );
    // The form still lists the Google Cloud line; clearing it removes it.
    select(&mut app, "9.2.3");
    cmd(&mut app, Command::Edit);
    form_to(&mut app, "Google Cloud: who holds it");
    app.update(Action::Choose(5)); // undecided
    form_to(&mut app, "Google Cloud: customer-side owner");
    cmd(&mut app, Command::Confirm);
    clear_input(&mut app);
    cmd(&mut app, Command::Confirm);
    let a = app.session.assessment("9.2.3", &app.catalogue).unwrap();
    assert!(a.responsibility("Google Cloud").is_none());
    assert!(
        app.findings_for(i)
            .iter()
            .all(|f| f.kind != gapwalk::review::FindingKind::ResponsibilityOutOfScope)
    );
}

#[test]
fn the_first_provider_named_takes_over_lines_recorded_before_any_was() {
    let (mut session, catalogue) = common::fixture();
    session.meta.providers.clear();
    for a in &mut session.assessments {
        a.responsibilities.retain(|r| r.provider == "AWS");
        for r in &mut a.responsibilities {
            r.provider = "provider".into();
        }
    }
    let mut app = App::new(
        session,
        catalogue,
        PathBuf::from("fixture.ron"),
        Keymap::default(),
        "Ana Lima".into(),
        Timestamp::from_unix(1_795_000_000).unwrap(),
    );
    set_providers(&mut app, "Azure");
    let a = app.session.assessment("9.2.3", &app.catalogue).unwrap();
    assert_eq!(
        a.responsibility("Azure").unwrap().customer_owner,
        "Bruno Costa"
    );
}
