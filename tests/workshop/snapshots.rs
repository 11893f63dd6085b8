//! Whole-screen snapshots drawn into ratatui's TestBackend at 80x24, 120x40 and a tiny size.
//! Snapshots hold text only; the selection style is asserted separately.

use crate::common;

use gapwalk::tui::action::{Action, Command};
use gapwalk::tui::app::App;
use gapwalk::tui::keymap::Keymap;
use gapwalk::tui::popup::Popup;
use gapwalk::tui::theme::Theme;
use gapwalk::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;

fn app(width: u16, height: u16) -> App {
    let mut app = common::workshop("fixture.ron");
    app.update(Action::Resize(width, height));
    app
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.size().0, app.size().1)).unwrap();
    terminal
        .draw(|f| view::render(app, &Theme { color: false }, f))
        .unwrap();
    terminal
}

fn snapshot(name: &str, app: &App) {
    let terminal = draw(app);
    insta::with_settings!({filters => vec![(r"Override keys in [^│]*", "Override keys in [config]")]}, {
        insta::assert_snapshot!(name, terminal.backend());
    });
}

fn cmd(app: &mut App, c: Command) {
    app.update(Action::Command(c));
}

#[test]
fn main_screen_at_80x24() {
    snapshot("main_80x24", &app(80, 24));
}

#[test]
fn main_screen_at_120x40() {
    snapshot("main_120x40", &app(120, 40));
}

#[test]
fn tiny_terminal_asks_for_room_instead_of_panicking() {
    snapshot("tiny_30x8", &app(30, 8));
    for (w, h) in [(1, 1), (2, 40), (200, 2), (39, 9), (40, 10)] {
        let mut a = app(w, h);
        cmd(&mut a, Command::Walk);
        draw(&a);
        cmd(&mut a, Command::Help);
        draw(&a);
    }
}

#[test]
fn walk_question_at_80x24() {
    let mut a = app(80, 24);
    cmd(&mut a, Command::NextUnassessed);
    cmd(&mut a, Command::Walk);
    snapshot("walk_choice_80x24", &a);
    a.update(Action::Choose(0));
    // One digit is the reason, and the walk moves on to the justification.
    a.update(Action::Choose(0));
    snapshot("walk_text_80x24", &a);
}

#[test]
fn jump_popup_highlights_matches() {
    let mut a = app(80, 24);
    cmd(&mut a, Command::OpenJump);
    for c in "backup".chars() {
        a.update(Action::Type(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    snapshot("jump_80x24", &a);
}

#[test]
fn help_is_generated_from_the_keymap() {
    let mut a = app(120, 40);
    cmd(&mut a, Command::Help);
    snapshot("help_120x40", &a);
    let custom = Keymap::from_ron(r#"(workshop: {"walk": ["W"]})"#, "k.ron").unwrap();
    a.set_keymap(custom);
    let text = draw(&a).backend().to_string();
    assert!(text.contains("  W               guided walk from this control"));
    assert!(!text.contains("  w               guided walk"));
}

#[test]
fn dashboard_at_120x40() {
    let mut a = app(120, 40);
    cmd(&mut a, Command::ToggleDashboard);
    snapshot("dashboard_120x40", &a);
}

#[test]
fn presenter_view_hides_internal_details() {
    let mut a = app(120, 40);
    let normal = draw(&a).backend().to_string();
    assert!(normal.contains("INTERNAL: auditor asked twice"));
    assert!(normal.contains("Break-glass accounts are not reviewed"));
    cmd(&mut a, Command::TogglePresenter);
    let shown = draw(&a).backend().to_string();
    assert!(!shown.contains("INTERNAL"));
    assert!(!shown.contains("Break-glass accounts are not reviewed"));
    snapshot("presenter_120x40", &a);
    let i = a.catalogue.position("CLD.12.4.5").unwrap();
    a.select_control(i);
    let shown = draw(&a).backend().to_string();
    assert!(
        !shown.contains("Low volume until launch"),
        "risk acceptance hidden"
    );
}

#[test]
fn edit_form_at_120x40() {
    let mut a = app(120, 40);
    cmd(&mut a, Command::Edit);
    snapshot("form_120x40", &a);
}

#[test]
fn the_selected_row_is_reverse_video_even_without_colour() {
    let a = app(80, 24);
    let terminal = draw(&a);
    let buffer = terminal.backend().buffer();
    let row = (0..buffer.area.height)
        .find(|&y| {
            (0..30)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect::<String>()
                .contains("9.2.3")
        })
        .expect("9.2.3 is on screen");
    assert!(buffer[(5, row)].modifier.contains(Modifier::REVERSED));
    let other = if row > 3 { row - 1 } else { row + 1 };
    assert!(!buffer[(5, other)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn hostile_text_is_drawn_inert() {
    let mut a = app(120, 40);
    let i = a.selected().unwrap();
    let mut rec = a.assessment(i);
    rec.justification = "ok\u{1b}[2J\u{1b}]0;pwned\u{7}\u{202E}evil".into();
    a.commit(rec);
    let text = draw(&a).backend().to_string();
    assert!(!text.contains('\u{1b}'));
    assert!(!text.contains('\u{202E}'));
    assert!(text.contains("ok[2J]0;pwnedevil"));
}

#[test]
fn the_detail_pane_scrolls_to_the_end_of_a_long_record_and_back_to_the_top_on_a_new_control() {
    let mut a = app(80, 24);
    let screen = |a: &App| draw(a).backend().to_string();
    let first = screen(&a);
    assert!(first.contains("more line(s) · J scrolls"), "{first}");
    assert!(!first.contains("Ask about the provider"));
    // Far more presses than lines: the scroll stops at the end instead of running on.
    for _ in 0..200 {
        cmd(&mut a, Command::ScrollDetailDown);
    }
    let end = screen(&a);
    assert!(end.contains("Ask about the provider"), "{end}");
    assert!(end.contains("end · K scrolls back up"), "{end}");
    cmd(&mut a, Command::ScrollDetailUp);
    assert!(screen(&a).contains("↓ 1 more line(s)"));
    cmd(&mut a, Command::SelectNext);
    assert_eq!(a.detail_scroll(), 0);
    // A short record fits: no marker at all.
    let mut b = app(120, 40);
    cmd(&mut b, Command::SelectNext);
    let short = screen(&b);
    assert!(!short.contains("scrolls"), "{short}");
}

/// The screen row on which `text` is drawn in the list (left 30 columns).
fn row_of(a: &App, text: &str) -> u16 {
    let terminal = draw(a);
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .find(|&y| {
            (0..30)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect::<String>()
                .contains(text)
        })
        .unwrap_or_else(|| panic!("{text} is not in the list"))
}

#[test]
fn clicking_a_list_line_selects_it_and_the_wheel_scrolls_the_pane_under_it() {
    let mut a = app(80, 24);
    let row = row_of(&a, "9.4.1 ");
    a.update(Action::Click(8, row));
    assert_eq!(a.catalogue.controls[a.selected().unwrap()].id, "9.4.1");
    // A clause heading selects the first control under it.
    let heading = row_of(&a, "10 Cryptography");
    a.update(Action::Click(3, heading));
    assert_eq!(a.catalogue.controls[a.selected().unwrap()].id, "10.1.1");
    // Over the list the wheel moves the selection; over the detail pane it scrolls the record.
    a.update(Action::Wheel(5, 10, 1));
    assert_eq!(a.catalogue.controls[a.selected().unwrap()].id, "11.1.2");
    let i = a.catalogue.position("9.2.3").unwrap();
    a.select_control(i);
    a.update(Action::Wheel(60, 10, 1));
    assert_eq!(a.detail_scroll(), 3);
    a.update(Action::Wheel(60, 10, -1));
    assert_eq!(a.detail_scroll(), 0);
    // With a popup open the mouse changes nothing underneath it.
    cmd(&mut a, Command::Help);
    a.update(Action::Click(8, row));
    assert_eq!(a.catalogue.controls[a.selected().unwrap()].id, "9.2.3");
}

#[test]
fn a_hostile_participant_name_offered_as_a_suggestion_is_drawn_inert() {
    let mut a = app(100, 30);
    let mut meta = a.session.meta.clone();
    meta.participants[1].name = "Bruno\u{1b}]0;owned\u{7}\u{1b}[2J Costa\u{202E}".into();
    a.apply_edit(gapwalk::session::Edit::SetMetadata(Box::new(meta)));
    // Walk 13.1.1 to the customer-owner question, where names are suggested.
    let i = a.catalogue.position("13.1.1").unwrap();
    a.select_control(i);
    cmd(&mut a, Command::Walk);
    a.update(Action::Choose(0));
    a.update(Action::Choose(0));
    cmd(&mut a, Command::Confirm);
    cmd(&mut a, Command::Confirm);
    a.update(Action::Choose(2)); // AWS: shared
    let text = draw(&a).backend().to_string();
    assert!(
        text.contains("who owns it on our (customer) side"),
        "{text}"
    );
    assert!(text.contains("Bruno]0;owned[2J Costa"), "{text}");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    assert!(!text.contains('\u{202E}'));
}

#[test]
fn no_cell_of_a_frame_carries_a_control_character_whatever_a_view_drew() {
    let mut buffer = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 20, 1));
    buffer.set_string(
        0,
        0,
        "a\u{1b}[2Jb\u{9b}c\u{202E}d",
        ratatui::style::Style::default(),
    );
    view::sanitise_cells(&mut buffer);
    let symbols: String = buffer.content.iter().map(|c| c.symbol()).collect();
    assert!(
        !symbols.chars().any(gapwalk::sanitise::is_unsafe),
        "{symbols:?}"
    );
    assert!(symbols.starts_with("a[2Jbcd"), "{symbols:?}");
}

#[test]
fn presenter_view_shows_nothing_the_external_edition_leaves_out() {
    let mut a = app(120, 40);
    let mut meta = a.session.meta.clone();
    meta.data_locations = vec![gapwalk::session::DataLocation {
        provider: "AWS".into(),
        location: "eu-west-2".into(),
        jurisdiction: "UK".into(),
        notes: "INTERNAL: backups also in a personal bucket".into(),
    }];
    a.apply_edit(gapwalk::session::Edit::SetMetadata(Box::new(meta)));
    cmd(&mut a, Command::TogglePresenter);
    let secrets = [
        "Quarterly review of break-glass", // remediation action
        "Break-glass accounts are not",    // gap
        "INTERNAL",                        // notes
    ];
    let main = draw(&a).backend().to_string();
    for secret in secrets {
        assert!(
            !main.contains(secret),
            "{secret} on the main screen:\n{main}"
        );
    }
    assert!(
        main.contains("Remediation: (action hidden in presenter view) · Bruno Costa"),
        "{main}"
    );
    // The form shows no hidden value and opens no editor on one.
    cmd(&mut a, Command::Edit);
    while !matches!(a.popups().last(), Some(Popup::Form(f)) if f.fields[f.selected].label() == "Gap")
    {
        cmd(&mut a, Command::NextField);
    }
    cmd(&mut a, Command::Confirm);
    let form = draw(&a).backend().to_string();
    for secret in secrets {
        assert!(!form.contains(secret), "{secret} in the form:\n{form}");
    }
    assert!(form.contains("hidden in presenter view: leave it (P) to edit"));
    cmd(&mut a, Command::Cancel);
    // Session details: the location, not its note.
    cmd(&mut a, Command::EditMetadata);
    let details = draw(&a).backend().to_string();
    assert!(details.contains("eu-west-2"), "{details}");
    assert!(!details.contains("INTERNAL"), "{details}");
}

#[test]
fn a_failed_save_says_in_full_where_the_work_went_even_at_80_columns() {
    let mut a = app(80, 24);
    a.update(Action::Saved(gapwalk::tui::save::SaveReport {
        generation: 0,
        recovery: false,
        outcome: gapwalk::tui::save::SaveOutcome::Failed(
            "your changes are kept in the recovery copy /home/ana/.local/state/gapwalk/recovery/s-1.ron, offered the next time you open s.ron (permission denied)".into(),
        ),
    }));
    let text = draw(&a).backend().to_string();
    assert!(text.contains("NOT SAVED"), "{text}");
    let joined: String = text
        .lines()
        .map(|l| l.trim_matches('"').trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        joined.contains("/home/ana/.local/state/gapwalk/recovery/s-1.ron"),
        "{text}"
    );
    // Clicking still lands where the list is drawn, banner or not.
    let row = row_of(&a, "9.4.1 ");
    a.update(Action::Click(8, row));
    assert_eq!(a.catalogue.controls[a.selected().unwrap()].id, "9.4.1");
}

#[test]
fn presenter_view_does_not_mark_which_treatment_a_gap_has() {
    let mut a = app(120, 40);
    let i = a.catalogue.position("CLD.12.4.5").unwrap(); // a gap with a risk acceptance
    a.select_control(i);
    let record = a.assessment(i);
    let mut walk = gapwalk::tui::walk::WalkPopup::new(i, &record);
    walk.go_to(gapwalk::tui::field::Field::Treatment, &record);
    a.open_popup(Popup::Walk(Box::new(walk)));
    assert!(
        draw(&a)
            .backend()
            .to_string()
            .contains("● 2 accept the risk")
    );
    // Presenter view goes on from the list, before the walk, as a facilitator turns it on.
    let walk = a.take_top_popup().unwrap();
    cmd(&mut a, Command::TogglePresenter);
    a.open_popup(walk);
    let shared = draw(&a).backend().to_string();
    assert!(shared.contains("2 accept the risk"), "{shared}");
    assert!(!shared.contains("● 2 accept the risk"), "{shared}");
}
