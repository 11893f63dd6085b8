//! Text fields edit as a shell's line editor does (Ctrl-U, Ctrl-W, Ctrl-A/E, Alt-B/F, Ctrl-K/Y),
//! through the real keymap and key translation, and in the real binary.

use crate::common;

use common::{Pty, new_session_file, press, press_text};
use gapwalk::tui::app::App;
use gapwalk::tui::popup::Popup;

fn typed(app: &mut App, text: &str) {
    press_text(app, text);
}

fn ctrl(app: &mut App, c: char) {
    press(app, &format!("ctrl-{c}"));
}

fn alt(app: &mut App, c: char) {
    press(app, &format!("alt-{c}"));
}

fn decision_text(app: &App) -> String {
    let Some(Popup::Decision(popup)) = app.popups().last() else {
        panic!("the decision log is not open");
    };
    gapwalk::tui::popup::input_text(&popup.input)
}

fn decision_log() -> App {
    let mut app = common::workshop("text.ron");
    press(&mut app, "l");
    app
}

#[test]
fn ctrl_u_clears_the_line_even_where_the_list_pages_up_with_it() {
    let mut app = decision_log();
    typed(&mut app, "a wrong start");
    ctrl(&mut app, 'u');
    assert_eq!(decision_text(&app), "");
    // What Ctrl-U took, Ctrl-Y puts back.
    ctrl(&mut app, 'y');
    assert_eq!(decision_text(&app), "a wrong start");
}

#[test]
fn words_are_deleted_and_crossed_as_in_a_shell() {
    let mut app = decision_log();
    typed(&mut app, "keep MFA for admins typo");
    ctrl(&mut app, 'w');
    assert_eq!(decision_text(&app), "keep MFA for admins ");
    alt(&mut app, 'b');
    alt(&mut app, 'b');
    ctrl(&mut app, 'k');
    assert_eq!(decision_text(&app), "keep MFA ");
    ctrl(&mut app, 'a');
    typed(&mut app, "We ");
    ctrl(&mut app, 'e');
    typed(&mut app, "on");
    assert_eq!(decision_text(&app), "We keep MFA on");
    alt(&mut app, 'b');
    alt(&mut app, 'd');
    assert_eq!(decision_text(&app), "We keep MFA ");
    press(&mut app, "home");
    ctrl(&mut app, 'd');
    press(&mut app, "end");
    press(&mut app, "backspace");
    assert_eq!(decision_text(&app), "e keep MFA");
}

#[test]
fn undo_in_a_text_field_takes_back_typing_not_a_session_change() {
    let mut app = decision_log();
    let decisions = app.session.decisions.len();
    typed(&mut app, "first draft");
    ctrl(&mut app, 'u');
    ctrl(&mut app, 'z');
    assert_eq!(decision_text(&app), "first draft");
    press(&mut app, "enter");
    assert_eq!(app.session.decisions.len(), decisions + 1);
    // Outside the field, undo takes the kept decision back as one step.
    typed(&mut app, "u");
    assert_eq!(app.session.decisions.len(), decisions);
}

#[test]
fn the_help_lists_the_text_editing_keys() {
    let mut app = common::workshop("text.ron");
    press(&mut app, "?");
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 200)).unwrap();
    let theme = gapwalk::tui::theme::Theme { color: false };
    terminal
        .draw(|f| gapwalk::tui::view::render(&app, &theme, f))
        .unwrap();
    let screen: String = terminal
        .backend()
        .buffer()
        .content
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("In text fields"));
    assert!(screen.contains("delete to the start of the line"));
    assert!(screen.contains("In a text field undo and redo take back typing"));
}

#[test]
fn ctrl_u_and_ctrl_w_edit_a_decision_in_the_real_binary() {
    let dir = tempfile::tempdir().unwrap();
    new_session_file(dir.path(), &["--title", "Text keys"]);
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 100, 30);
    // Whatever the default catalogue's size, nothing is assessed yet.
    pty.wait_for("the list", |s| s.contains(" assessed") && s.contains("0/"));
    pty.send("l");
    pty.wait_text("Decision log");
    pty.send("a wrong start");
    pty.wait_text("a wrong start");
    pty.send("\x15"); // Ctrl-U
    pty.wait_for("the line cleared", |s| !s.contains("a wrong start"));
    pty.send("Keep MFA for admins typo");
    pty.wait_text("admins typo");
    pty.send("\x17"); // Ctrl-W
    pty.wait_for("the last word gone", |s| !s.contains("typo"));
    pty.send("now\r");
    pty.wait_text("decision logged");
    pty.quit_past_attendance();
    assert_eq!(pty.wait_exit(), 0);
    let loaded = gapwalk::persist::load(&dir.path().join("s.ron")).unwrap();
    let texts: Vec<&str> = loaded
        .session
        .decisions
        .iter()
        .map(|d| d.text.as_str())
        .collect();
    assert_eq!(texts, ["Keep MFA for admins now"]);
}
