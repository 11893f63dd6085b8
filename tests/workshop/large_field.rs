//! A 10 MB field (a pasted log in the notes) does not make every frame lay it out: the detail
//! pane shows its start and says how much more there is, so what is wrapped and measured four
//! times a second is bounded, and the full text is kept untouched in the session. The time per
//! key is measured in benches/frame.rs.

use crate::common;

use gapwalk::tui::action::Action;
use gapwalk::tui::theme::Theme;
use gapwalk::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[test]
fn a_ten_megabyte_note_is_shown_in_part_and_kept_whole() {
    let mut app = common::workshop("s.ron");
    app.update(Action::Resize(120, 40));
    let line = "2026-11-25T09:30:00Z backup job 812 finished, 40 GiB copied to the vault\n";
    let note: String = line.repeat(10 * 1024 * 1024 / line.len());
    let id = "9.2.3";
    let mut a = app.session.assessment(id, &app.catalogue).unwrap().clone();
    a.notes = note.clone();
    common::put_and_select(&mut app, a);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|f| view::render(&app, &Theme { color: false }, f))
        .unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("backup job 812"), "{screen}");
    // Scrolled to the end (where scrolling down stops moving), the pane says how much more
    // there is and where it is. All of it laid out would be some 140,000 wrapped lines at
    // this width.
    let mut scroll = app.detail_scroll();
    for _ in 0..1000 {
        app.update(Action::Command(
            gapwalk::tui::action::Command::ScrollDetailDown,
        ));
        if app.detail_scroll() == scroll {
            break;
        }
        scroll = app.detail_scroll();
    }
    assert!(
        scroll > 0 && scroll < 200,
        "the pane lays out {scroll} lines beyond the screen"
    );
    terminal
        .draw(|f| view::render(&app, &Theme { color: false }, f))
        .unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("KB more"), "{screen}");
    let kept = app.session.assessment(id, &app.catalogue).unwrap();
    assert_eq!(kept.notes.len(), note.len(), "the note itself is untouched");
}
