//! The export dialog offers what `gapwalk export` offers: every view and format of the export
//! module's own lists (docx, OSCAL, the CRM with a choice of offering, about, the risk
//! acceptances), the paper, and the same refusals in the same words. A journey in a real
//! pseudo-terminal exports a Word SoA from the dialog and reads the file back.

use crate::common;

use std::io::Read;
use std::path::{Path, PathBuf};

use gapwalk::export::{self, Audience, Format, Numbering, Paper, View};
use gapwalk::session::{Offering, Role};
use gapwalk::tui::action::{Action, Command, Effect};
use gapwalk::tui::app::App;
use gapwalk::tui::export::ExportJob;
use gapwalk::tui::export_popup::{
    AUDIENCE, EVERY_VIEW, ExportPopup, FORMAT, OFFERING, PAPER, VIEW,
};
use gapwalk::tui::popup::Popup;

fn cmd(app: &mut App, c: Command) -> Vec<Effect> {
    app.update(Action::Command(c))
}

fn popup(app: &App) -> &ExportPopup {
    match app.popups().last() {
        Some(Popup::Export(p)) => p,
        _ => panic!("export dialog open"),
    }
}

fn provider(path: PathBuf) -> App {
    let mut app = common::workshop(path);
    app.session.meta.role = Role::Both;
    for name in ["Payroll, to employers", "Payslips, to staff"] {
        app.session.meta.offerings.push(Offering {
            name: name.into(),
            description: String::new(),
        });
    }
    app
}

/// Chooses option `n` on row `row`, from wherever the selection is.
fn choose(app: &mut App, row: usize, n: usize) {
    while popup(app).selected > row {
        cmd(app, Command::SelectPrevious);
    }
    while popup(app).selected < row {
        cmd(app, Command::SelectNext);
    }
    app.update(Action::Choose(n));
}

/// Moves to the path row and presses Enter there.
fn export_now(app: &mut App) -> Vec<Effect> {
    while popup(app).selected < popup(app).path_row() {
        cmd(app, Command::SelectNext);
    }
    cmd(app, Command::Confirm)
}

fn job(effects: Vec<Effect>) -> ExportJob {
    match effects.as_slice() {
        [Effect::Export(job)] => (**job).clone(),
        other => panic!("expected one export effect, got {other:?}"),
    }
}

fn keys(all: Vec<&str>) -> Vec<String> {
    all.into_iter().map(String::from).collect()
}

#[test]
fn the_dialog_offers_every_view_format_audience_numbering_and_paper_the_command_line_takes() {
    let mut app = common::workshop(PathBuf::from("fixture.ron"));
    cmd(&mut app, Command::Export);
    let rows = popup(&app).rows();
    let mut views = keys(View::keys());
    views.push(EVERY_VIEW.into());
    assert_eq!(rows[VIEW].1, views);
    for v in ["docx", "oscal"] {
        assert!(rows[FORMAT].1.contains(&v.to_string()));
    }
    for v in ["crm", "about", "risk-acceptances"] {
        assert!(rows[VIEW].1.contains(&v.to_string()));
    }
    assert_eq!(rows[FORMAT].1, keys(Format::keys()));
    assert_eq!(rows[AUDIENCE].1, keys(Audience::keys()));
    assert_eq!(rows[3].1, keys(Numbering::keys()));
    assert_eq!(rows[PAPER].1, keys(Paper::keys()));
    // A customer's session provides nothing: no offering row.
    assert_eq!(rows.len(), 5);
}

#[test]
fn a_provider_session_chooses_the_offering_of_its_customer_responsibility_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = provider(dir.path().join("fixture.ron"));
    cmd(&mut app, Command::Export);
    let rows = popup(&app).rows();
    assert_eq!(
        rows[OFFERING].1,
        ["Payroll, to employers", "Payslips, to staff"]
    );
    let crm = View::ALL.iter().position(|v| *v == View::Crm).unwrap();
    let md = Format::ALL.iter().position(|f| *f == Format::Md).unwrap();
    choose(&mut app, VIEW, crm);
    choose(&mut app, FORMAT, md);
    choose(&mut app, OFFERING, 1);
    let job = job(export_now(&mut app));
    assert_eq!(job.request.offering.as_deref(), Some("Payslips, to staff"));
    assert_eq!(job.request.path, dir.path().join("fixture-crm.md"));
    let written = job.run().expect("the CRM is written");
    let text = std::fs::read_to_string(written).unwrap();
    assert!(
        text.contains("Customer responsibility matrix: Payslips, to staff"),
        "{text}"
    );
}

#[test]
fn the_dialog_refuses_what_the_command_line_refuses_in_the_same_words() {
    let mut app = common::workshop(PathBuf::from("fixture.ron"));
    cmd(&mut app, Command::Export);
    for (format, view) in [
        (Format::Csv, View::Minutes),
        (Format::Docx, View::Responsibility),
        (Format::Oscal, View::Minutes),
    ] {
        let v = View::ALL.iter().position(|v| *v == view).unwrap();
        let f = Format::ALL.iter().position(|x| *x == format).unwrap();
        choose(&mut app, VIEW, v);
        choose(&mut app, FORMAT, f);
        assert!(
            export_now(&mut app).is_empty(),
            "{view:?} as {format:?} refused"
        );
        let expected = export::supported(Some(view), format, Audience::Internal)
            .unwrap_err()
            .to_string();
        assert_eq!(popup(&app).error.as_deref(), Some(expected.as_str()));
    }
}

#[test]
fn an_oscal_plan_from_the_dialog_is_written_with_its_profile_and_catalog_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = common::workshop(dir.path().join("fixture.ron"));
    cmd(&mut app, Command::Export);
    let oscal = Format::ALL
        .iter()
        .position(|f| *f == Format::Oscal)
        .unwrap();
    choose(&mut app, FORMAT, oscal);
    let job = job(export_now(&mut app));
    assert_eq!(job.request.path, dir.path().join("fixture-soa.oscal.json"));
    let written = job.run().expect("the SSP is written");
    let ssp: serde_json::Value = serde_json::from_slice(&std::fs::read(written).unwrap()).unwrap();
    let href = ssp["system-security-plan"]["import-profile"]["href"]
        .as_str()
        .unwrap();
    assert!(dir.path().join(href).exists(), "{href} beside the SSP");
    let profile: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join(href)).unwrap()).unwrap();
    let catalog = profile["profile"]["imports"][0]["href"].as_str().unwrap();
    assert!(
        dir.path().join(catalog).exists(),
        "{catalog} beside the SSP"
    );
}

fn docx_part(path: &Path, part: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).expect("a Word document is a zip");
    let mut xml = String::new();
    zip.by_name(part)
        .expect("the part exists")
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn journey_export_a_word_soa_from_the_dialog_and_read_it_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example.ron"),
        dir.path().join("s.ron"),
    )
    .unwrap();
    let mut pty = common::Pty::spawn(&["open", "s.ron"], dir.path(), 80, 24);
    pty.wait_text("15.2.1");
    pty.send("e");
    pty.wait_text("Write to:");
    pty.wait_text("oscal");
    // View 1 (soa), down, format 6 (docx), down, 2 (external): the name follows.
    let docx = Format::ALL.iter().position(|f| *f == Format::Docx).unwrap() + 1;
    pty.send("1");
    pty.send("\x1b[B");
    pty.send(&docx.to_string());
    pty.send("\x1b[B");
    pty.send("2");
    pty.wait_text("s-soa-external.docx");
    // Numbering, paper and offering as they are, then Enter on the path.
    pty.send("\r\r\r\r\r");
    pty.wait_text("exported to");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    let path = dir.path().join("s-soa-external.docx");
    let body = docx_part(&path, "word/document.xml");
    assert!(body.contains("Statement of Applicability"));
    assert!(
        body.contains("<w:tblHeader/>"),
        "a real table, header repeated"
    );
    assert!(body.contains("A.5.10"), "a row per Annex A control");
    assert!(
        body.contains("Offered to our customers"),
        "the example is a provider too"
    );
    let footer = docx_part(&path, "word/footer1.xml");
    assert!(footer.contains("External edition"), "{footer}");
}

#[test]
fn an_offering_name_reaches_the_dialog_cleaned() {
    let mut app = common::workshop(PathBuf::from("fixture.ron"));
    app.session.meta.role = Role::Csp;
    app.session.meta.offerings.push(Offering {
        name: "Evil\u{1b}[31m\u{202e}Cloud\u{7}".into(),
        description: String::new(),
    });
    cmd(&mut app, Command::Export);
    assert_eq!(popup(&app).rows()[OFFERING].1, ["Evil[31mCloud"]);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    terminal
        .draw(|f| gapwalk::tui::view::render(&app, &gapwalk::tui::theme::Theme { color: false }, f))
        .unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Offering"), "{screen}");
    assert!(screen.contains("Evil[31mCloud"), "{screen}");
    assert!(
        !screen.contains('\u{1b}') && !screen.contains('\u{202e}') && !screen.contains('\u{7}')
    );
    // The request carries the name as the session has it, to find the offering's lines.
    let job = job(export_now(&mut app));
    assert_eq!(
        job.request.offering.as_deref(),
        Some("Evil\u{1b}[31m\u{202e}Cloud\u{7}")
    );
}

#[test]
fn a_customer_session_is_told_why_it_has_no_customer_responsibility_matrix() {
    let mut app = common::workshop(PathBuf::from("fixture.ron"));
    // Offerings left in the file from an earlier role do not make a customer a provider.
    app.session.meta.offerings.push(Offering {
        name: "Payroll".into(),
        description: String::new(),
    });
    assert_eq!(app.session.meta.role, Role::Csc);
    cmd(&mut app, Command::Export);
    assert_eq!(popup(&app).rows().len(), 5, "no offering row");
    let crm = View::ALL.iter().position(|v| *v == View::Crm).unwrap();
    choose(&mut app, VIEW, crm);
    assert!(export_now(&mut app).is_empty(), "nothing exported");
    let why = export::offering_for(&app.session, None)
        .unwrap_err()
        .to_string();
    assert!(why.contains("role is csc"), "{why}");
    assert_eq!(popup(&app).error.as_deref(), Some(why.as_str()));
}
