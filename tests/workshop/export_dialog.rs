//! The export dialog (`e`): choices become a request, the runner's `perform` writes it through
//! the export module, and the status line says where it went or why it failed. The session is
//! never written by an export. One journey runs it in a real pseudo-terminal.

use crate::common;

use std::path::{Path, PathBuf};

use gapwalk::tui::action::{Action, Command, Effect};
use gapwalk::tui::app::App;
use gapwalk::tui::export::{ExportJob, ExportRequest};
use gapwalk::tui::popup::Popup;

fn app(path: PathBuf) -> App {
    common::workshop(path)
}

fn cmd(app: &mut App, c: Command) -> Vec<Effect> {
    app.update(Action::Command(c))
}

fn request_from(effects: Vec<Effect>) -> ExportRequest {
    job_from(effects).request
}

fn job_from(effects: Vec<Effect>) -> ExportJob {
    match effects.as_slice() {
        [Effect::Export(job)] => (**job).clone(),
        other => panic!("expected one export effect, got {other:?}"),
    }
}

/// The runner's `perform`, for an export asked for by hand.
fn perform(app: &App, request: &ExportRequest) -> Result<PathBuf, String> {
    let job = ExportJob {
        request: request.clone(),
        session: app.session.clone(),
        catalogue: std::sync::Arc::clone(&app.catalogue),
        session_path: app.path.clone(),
    };
    match gapwalk::tui::action::perform(Effect::Export(Box::new(job))).as_slice() {
        [Action::Exported(result)] => result.clone(),
        other => panic!("expected one export report, got {other:?}"),
    }
}

#[test]
fn the_dialog_asks_for_an_export_next_to_the_session_and_reports_where_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let session_path = dir.path().join("fixture.ron");
    let mut app = app(session_path.clone());
    cmd(&mut app, Command::Export);
    assert!(matches!(app.popups().last(), Some(Popup::Export(_))));
    // A digit chooses on its row and stays there; ↓ (or Enter) moves on.
    app.update(Action::Choose(1)); // view: gaps
    cmd(&mut app, Command::SelectNext);
    app.update(Action::Choose(0)); // format: md
    cmd(&mut app, Command::SelectNext);
    app.update(Action::Choose(1)); // audience: external
    cmd(&mut app, Command::Confirm);
    cmd(&mut app, Command::Confirm); // numbering as it is
    cmd(&mut app, Command::Confirm); // paper as it is
    let request = request_from(cmd(&mut app, Command::Confirm));
    assert!(app.popups().is_empty());
    assert_eq!(request.view.as_deref(), Some("gaps"));
    assert_eq!(request.format, "md");
    assert_eq!(request.audience, "external");
    // ISO/IEC 27001:2022 numbering unless asked otherwise.
    assert_eq!(request.numbering, "iso27001-2022");
    assert_eq!(request.path, dir.path().join("fixture-gaps-external.md"));

    let written = perform(&app, &request).expect("export written");
    let text = std::fs::read_to_string(&written).unwrap();
    assert!(text.starts_with("# Gap register and action plan: Northwind payroll cloud review"));
    assert!(text.contains("External edition"));
    assert!(text.contains("| 9.2.3 |"));
    assert!(
        !text.contains("Break-glass accounts are not reviewed"),
        "no gap text"
    );
    assert!(!session_path.exists(), "an export never writes the session");

    app.update(Action::Exported(Ok(written.clone())));
    assert_eq!(
        app.message.as_deref(),
        Some(format!("exported to {}", written.display()).as_str())
    );
}

#[test]
fn every_view_as_one_workbook_is_the_default_choice_path_for_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path().join("fixture.ron"));
    cmd(&mut app, Command::Export);
    app.update(Action::Choose(7)); // view: all, after the seven views
    cmd(&mut app, Command::Confirm);
    app.update(Action::Choose(2)); // format: xlsx
    cmd(&mut app, Command::Confirm);
    cmd(&mut app, Command::Confirm);
    cmd(&mut app, Command::Confirm);
    cmd(&mut app, Command::Confirm);
    let request = request_from(cmd(&mut app, Command::Confirm));
    assert_eq!(request.view, None);
    let written = perform(&app, &request).unwrap();
    assert!(std::fs::read(written).unwrap().starts_with(b"PK"));
}

#[test]
fn a_failed_export_shows_in_the_status_line_and_leaves_the_session_alone() {
    let dir = tempfile::tempdir().unwrap();
    let session_path = dir.path().join("fixture.ron");
    let mut app = app(session_path.clone());
    gapwalk::persist::save(&session_path, &app.session).unwrap();
    let before = std::fs::read(&session_path).unwrap();
    let onto_session = ExportRequest {
        view: Some("soa".into()),
        format: "md".into(),
        audience: "internal".into(),
        numbering: "iso27017".into(),
        paper: "a4".into(),
        offering: None,
        path: session_path.clone(),
    };
    let error = perform(&app, &onto_session).unwrap_err();
    assert!(error.contains("session file itself"), "{error}");
    assert_eq!(std::fs::read(&session_path).unwrap(), before);

    let nowhere = ExportRequest {
        path: dir.path().join("no/such/folder/x.md"),
        ..onto_session
    };
    let result = perform(&app, &nowhere);
    assert!(result.is_err());
    app.update(Action::Exported(result));
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .starts_with("export failed: "),
        "{:?}",
        app.message
    );
    assert_eq!(std::fs::read(&session_path).unwrap(), before);
}

#[test]
fn in_presenter_view_the_dialog_offers_the_external_edition() {
    let mut app = app(PathBuf::from("fixture.ron"));
    cmd(&mut app, Command::TogglePresenter);
    cmd(&mut app, Command::Export);
    let Some(Popup::Export(popup)) = app.popups().last() else {
        panic!("export dialog open");
    };
    assert_eq!(popup.choices[2], 1, "external preselected");
}

fn copy_example(dir: &Path) {
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example.ron"),
        dir.join("s.ron"),
    )
    .unwrap();
}

#[test]
fn journey_export_the_soa_workbook_from_the_workshop_screen() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    let before = std::fs::read(dir.path().join("s.ron")).unwrap();
    let mut pty = common::Pty::spawn(&["open", "s.ron"], dir.path(), 120, 40);
    pty.wait_text("15.2.1");
    pty.send("e");
    pty.wait_text("Write to:");
    pty.wait_text("s-soa.xlsx");
    // Keep every default choice (SoA, xlsx, internal, numbering, paper, the one offering) and
    // export to the shown path.
    pty.send("\r\r\r\r\r\r\r");
    pty.wait_text("exported to");
    assert!(dir.path().join("s-soa.xlsx").exists());
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    let after = gapwalk::persist::load(&dir.path().join("s.ron")).unwrap();
    let original = gapwalk::persist::parse(std::str::from_utf8(&before).unwrap(), "s.ron").unwrap();
    assert_eq!(after.session.assessments, original.assessments);
}

#[test]
fn journey_digits_choose_without_moving_so_none_reaches_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    let mut pty = common::Pty::spawn(&["open", "s.ron"], dir.path(), 80, 24);
    pty.wait_text("15.2.1");
    pty.send("e");
    pty.wait_text("Write to:");
    // The keys of the report: 4 (minutes), down, 1 (md), down, 1 (internal).
    pty.send("4");
    pty.send("\x1b[B");
    pty.send("1");
    pty.send("\x1b[B");
    pty.send("1");
    pty.wait_text("s-minutes.md");
    // Three more rows (numbering, paper, offering), then the path: nothing typed so far went
    // into it.
    pty.send("\r\r\r\r\r");
    pty.wait_text("exported to");
    assert!(dir.path().join("s-minutes.md").exists());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.ends_with(".md1") || n.ends_with(".xlsx1")),
        "{names:?}"
    );
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}
